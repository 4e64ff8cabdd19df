package dev.brigade.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brigade.model.Cluster;
import dev.brigade.monitor.MonitorSection;
import dev.brigade.monitor.MonitorSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code brigade status}: the current problems, from a running monitor. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Shows the current problems of the cluster, worst first, from the running monitor"
          + " (brigade monitor) at monitor.api in the model: state, SOFT/HARD and attempt, how"
          + " long, acknowledged or in downtime, and the check's output; then the engine's load.",
    },
    footer = {
      "",
      "Examples:",
      "  brigade status -c brigade.yml",
      "  brigade status -c brigade.yml --all",
      "",
      "Exit codes, as Nagios plugins: 0 no problems, 1 warnings only, 2 a critical problem"
          + " (or a host down), 3 no monitor answering."
    })
final class StatusCommand implements Callable<Integer> {
  @Mixin ModelOptions model;

  @Option(names = "--all", description = "List every check, not only problems.")
  boolean all;

  @Option(
      names = "--api",
      paramLabel = "ADDRESS:PORT",
      description = "The monitor's API (default: monitor.api.listen of the model).")
  String api;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    String where = api;
    if (where == null) {
      Cluster cluster;
      try {
        cluster = model.load(spec.commandLine().getErr());
      } catch (CliException e) {
        throw new CliException(3, e.getMessage(), e.hint());
      }
      MonitorSettings.Api a = cluster.section(MonitorSection.TYPE).api();
      where = a.address() + ":" + a.port();
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    JsonNode status;
    JsonNode checks = null;
    try {
      status = get(http, where, "/status");
      if (all) {
        checks = get(http, where, "/checks");
      }
    } catch (IOException e) {
      throw new CliException(
          3,
          "no monitor answers at " + where + ": " + e.getMessage(),
          "start one with: brigade monitor -c " + model.config);
    }
    JsonNode problems = status.path("problems");
    int worst = 0;
    for (JsonNode p : problems) {
      String state = p.path("state").asText();
      int rank =
          switch (state) {
            case "WARNING" -> 1;
            case "UNKNOWN" -> 1;
            default -> 2;
          };
      if (!p.path("acknowledged").asBoolean() && !p.path("inDowntime").asBoolean()) {
        worst = Math.max(worst, rank);
      }
    }
    if (problems.isEmpty()) {
      out.printf("no problems among %d checks%n", status.path("checks").asInt());
    } else {
      out.printf(
          "%d problem%s of %d checks:%n",
          problems.size(), problems.size() == 1 ? "" : "s", status.path("checks").asInt());
      print(out, problems);
    }
    if (checks != null) {
      out.println();
      out.println("all checks:");
      print(out, checks);
    }
    out.println();
    out.println("engine: " + status.path("load").path("summary").asText());
    JsonNode reload = status.path("reload");
    if (reload.isObject() && !reload.path("ok").asBoolean()) {
      out.println(
          "reload at " + reload.path("at").asText() + ": " + reload.path("message").asText());
    }
    out.flush();
    return worst;
  }

  private static void print(PrintWriter out, JsonNode rows) {
    out.printf(
        "  %-11s %-4s %-7s %-24s %-8s %s%n",
        "STATE", "TYPE", "ATTEMPT", "CHECK", "SINCE", "OUTPUT");
    Instant now = Instant.now();
    for (JsonNode p : rows) {
      String since =
          p.path("since").isTextual()
              ? ago(Duration.between(Instant.parse(p.path("since").asText()), now))
              : "-";
      String flags =
          (p.path("acknowledged").asBoolean() ? " [acknowledged]" : "")
              + (p.path("inDowntime").asBoolean() ? " [downtime]" : "")
              + (p.path("flapping").asBoolean() ? " [flapping]" : "");
      String output = p.path("output").asText();
      if (output.length() > 100) {
        output = output.substring(0, 97) + "...";
      }
      out.printf(
          "  %-11s %-4s %-7s %-24s %-8s %s%s%n",
          p.path("state").asText(),
          p.path("stateType").asText(),
          p.path("attempt").asInt() + "/" + p.path("maxAttempts").asInt(),
          p.path("id").asText(),
          since,
          output,
          flags);
    }
  }

  static String ago(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 120) {
      return s + "s";
    }
    if (s < 7200) {
      return s / 60 + "m";
    }
    if (s < 172_800) {
      return s / 3600 + "h";
    }
    return s / 86_400 + "d";
  }

  private static JsonNode get(HttpClient http, String where, String path)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://" + where + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("HTTP " + r.statusCode());
    }
    return new ObjectMapper().readTree(r.body());
  }
}
