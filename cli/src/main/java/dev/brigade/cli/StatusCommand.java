package dev.brigade.cli;

import dev.brigade.model.Cluster;
import dev.brigade.monitor.GroupView;
import dev.brigade.monitor.MonitorJson;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
      "  brigade status -c brigade.yml --groups",
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

  @Option(
      names = "--groups",
      description = "List the host and service groups (roles, stages, labels, services).")
  boolean groups;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Cluster cluster;
    try {
      cluster = model.load(spec.commandLine().getErr());
    } catch (CliException e) {
      if (api == null) {
        throw new CliException(3, e.getMessage(), e.hint());
      }
      cluster = null;
    }
    MonitorClient client =
        cluster == null
            ? MonitorClient.at(api, model.config.toString())
            : MonitorClient.of(cluster, api, model.config.toString());
    MonitorJson.Summary status = client.get("/status", MonitorJson.Summary.class);
    List<MonitorJson.Check> problems = status.problems();
    int worst = 0;
    for (MonitorJson.Check p : problems) {
      int rank =
          switch (p.state()) {
            case "WARNING", "UNKNOWN" -> 1;
            default -> 2;
          };
      if (p.unhandled()) {
        worst = Math.max(worst, rank);
      }
    }
    if (problems.isEmpty()) {
      out.printf("no problems among %d checks%n", status.checks());
    } else {
      out.printf(
          "%d problem%s of %d checks:%n",
          problems.size(), problems.size() == 1 ? "" : "s", status.checks());
      print(out, problems);
    }
    if (all) {
      out.println();
      out.println("all checks:");
      print(out, client.getList("/checks", MonitorJson.Check.class));
    }
    if (groups) {
      out.println();
      out.println("groups:");
      out.printf("  %-9s %-28s %6s %6s %9s%n", "STATE", "GROUP", "HOSTS", "CHECKS", "UNHANDLED");
      for (GroupView g : client.getList("/groups", GroupView.class)) {
        out.printf(
            "  %-9s %-28s %6d %6d %9d%n",
            g.state(), g.name(), g.hosts().size(), g.checks(), g.unhandled());
      }
    }
    out.println();
    out.println("engine: " + status.load().summary());
    MonitorJson.ReloadJson reload = status.reload();
    if (reload != null && !reload.ok()) {
      out.println("reload at " + reload.at() + ": " + reload.message());
    }
    out.flush();
    return worst;
  }

  private static void print(PrintWriter out, List<MonitorJson.Check> rows) {
    out.printf(
        "  %-11s %-4s %-7s %-24s %-8s %s%n",
        "STATE", "TYPE", "ATTEMPT", "CHECK", "SINCE", "OUTPUT");
    Instant now = Instant.now();
    for (MonitorJson.Check p : rows) {
      String since = p.since() != null ? ago(Duration.between(Instant.parse(p.since()), now)) : "-";
      String flags =
          (p.acknowledged() ? " [acknowledged]" : "")
              + (p.inDowntime() ? " [downtime]" : "")
              + (p.flapping() ? " [flapping]" : "")
              + (p.checksEnabled() ? "" : " [checks disabled]")
              + (p.notificationsEnabled() ? "" : " [notifications disabled]");
      String output = p.output();
      if (output.length() > 100) {
        output = output.substring(0, 97) + "...";
      }
      out.printf(
          "  %-11s %-4s %-7s %-24s %-8s %s%s%n",
          p.state(),
          p.stateType(),
          p.attempt() + "/" + p.maxAttempts(),
          p.id(),
          since,
          output,
          flags);
      for (MonitorJson.CommentJson c : p.comments()) {
        out.printf("  %-48s comment %d by %s: %s%n", "", c.id(), c.author(), c.text());
      }
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
}
