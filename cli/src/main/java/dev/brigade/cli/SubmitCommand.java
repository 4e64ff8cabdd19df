package dev.brigade.cli;

import dev.brigade.model.Cluster;
import dev.brigade.monitor.MonitorJson;
import dev.brigade.monitor.MonitorSection;
import dev.brigade.monitor.MonitorSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code brigade submit}: a passive check result, from a cron job, to the running monitor. */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = {
      "Submits a passive check result to the running monitor (brigade monitor), as cron jobs"
          + " and scripts report: the check (HOST/NAME, usually a 'type: passive' check with a"
          + " freshness), a status (0-3 or OK, WARNING, CRITICAL, UNKNOWN) and the output in"
          + " the plugin format (TEXT | perfdata).",
      "The monitor's address and token come from monitor.api in the model."
    },
    footer = {
      "",
      "Example (crontab):",
      "  30 2 * * * backup.sh && brigade submit -c /etc/brigade/brigade.yml db1/backup OK"
          + " 'BACKUP OK | size=2.1GB'"
    })
final class SubmitCommand implements Callable<Integer> {
  @Mixin ModelOptions model;

  @Parameters(index = "0", paramLabel = "HOST/CHECK", description = "The check, e.g. db1/backup.")
  String check;

  @Parameters(
      index = "1",
      paramLabel = "STATUS",
      description = "0-3 or OK, WARNING, CRITICAL, UNKNOWN.")
  String status;

  @Parameters(index = "2..*", paramLabel = "OUTPUT", description = "The output: TEXT | perfdata.")
  List<String> output = List.of();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    Cluster cluster = model.load(spec.commandLine().getErr());
    MonitorSettings.Api api = cluster.section(MonitorSection.TYPE).api();
    if (api.token().isEmpty()) {
      throw new CliException(
          Brigade.INVALID,
          "the model gives the monitor no API token, so it takes no results",
          "set monitor.api.token (e.g. token: \"${MONITOR_TOKEN}\")");
    }
    String text = output.isEmpty() ? status + " - (no output)" : String.join(" ", output);
    String form = "check=" + enc(check) + "&status=" + enc(status) + "&output=" + enc(text);
    String where = api.address() + ":" + api.port();
    HttpResponse<String> r;
    try {
      r =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create("http://" + where + "/results"))
                      .timeout(Duration.ofSeconds(10))
                      .header("Authorization", "Bearer " + api.token())
                      .header("Content-Type", "application/x-www-form-urlencoded")
                      .POST(HttpRequest.BodyPublishers.ofString(form))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new CliException(
          Brigade.FAILED,
          "no monitor answers at " + where + ": " + e.getMessage(),
          "start one with: brigade monitor -c " + model.config);
    }
    if (r.statusCode() != 200) {
      String why;
      try {
        why = MonitorJson.read(r.body(), MonitorJson.Error.class, "POST /results").error();
      } catch (IllegalArgumentException e) {
        why = r.body();
      }
      throw new CliException(
          r.statusCode() == 400 ? Brigade.INVALID : Brigade.FAILED,
          "the monitor refused the result: " + why,
          "check the name with: brigade status -c " + model.config + " --all");
    }
    spec.commandLine().getOut().println("submitted " + check + " " + status);
    return 0;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
