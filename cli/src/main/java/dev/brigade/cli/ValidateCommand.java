package dev.brigade.cli;

import dev.brigade.model.Cluster;
import dev.brigade.model.Endpoint;
import dev.brigade.model.Host;
import dev.brigade.model.Layer;
import dev.brigade.model.Pool;
import dev.brigade.model.Stage;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code brigade validate}: checks the model and shows what it describes. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Checks the cluster model and prints what it describes: hosts, stages and the layers with"
          + " the pools each one balances to.",
      "Every problem is printed on its own line as FILE:LINE:COLUMN: message; hint, all at once."
    },
    footer = {
      "",
      "Examples:",
      "  brigade validate                              # ./brigade.yml",
      "  brigade validate -c examples/production.yml",
      "  brigade validate -q -c brigade.yml && deploy  # silent unless invalid",
      "",
      "Exit codes: 0 valid, 2 invalid (or the file is missing)."
    })
final class ValidateCommand implements Callable<Integer> {
  @Mixin ModelOptions model;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print nothing when the model is valid.")
  boolean quiet;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Cluster cluster = model.load(spec.commandLine().getErr());
    if (!quiet) {
      describe(cluster, out);
    }
    return 0;
  }

  private static String names(List<Host> hosts) {
    return hosts.stream().map(Host::name).collect(Collectors.joining(", "));
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  static void describe(Cluster c, PrintWriter out) {
    out.printf(
        "%s: valid. Cluster '%s': %s, %s, %s, %s.%n",
        c.source(),
        c.name(),
        count(c.hosts().size(), "host"),
        count(c.roles().size(), "role"),
        count(c.stages().size(), "stage"),
        count(c.layers().size(), "layer"));
    for (Stage s : c.stages().values()) {
      out.printf("  stage %-12s %s%n", s.name(), String.join(", ", s.hosts()));
    }
    for (Layer l : c.layers()) {
      out.printf("  layer %s (%s/%s)%n", l.name(), l.role(), l.service());
      for (Stage stage : c.stages().values()) {
        List<Host> own =
            c.hostsWithRole(l.role()).stream()
                .filter(h -> stage.hosts().contains(h.name()))
                .toList();
        if (own.isEmpty()) {
          continue;
        }
        StringBuilder line = new StringBuilder();
        line.append(String.format("    %-11s %s", stage.name(), names(own)));
        for (Pool p : l.pools()) {
          List<Endpoint> members = c.members(p, own.getFirst());
          line.append(" -> ").append(p.name()).append(": ");
          line.append(
              members.isEmpty()
                  ? "(no members)"
                  : members.stream()
                      .map(e -> e.host().name() + " " + e.address() + ":" + e.port())
                      .collect(Collectors.joining(", ")));
        }
        out.println(line);
      }
    }
    out.flush();
  }
}
