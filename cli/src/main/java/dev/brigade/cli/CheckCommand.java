package dev.brigade.cli;

import dev.brigade.model.Cluster;
import dev.brigade.monitor.CheckResult;
import dev.brigade.monitor.ModelChecks;
import dev.brigade.monitor.PluginRunner;
import dev.brigade.monitor.Status;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code brigade check}: runs a host's (or one service's) checks once, Nagios style. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the checks the model declares for HOST (every service of its roles) or for"
          + " HOST/SERVICE, once, and prints each as a Nagios plugin would: STATUS - text | perfdata.",
      "Checks: TCP connect (the default), HTTP GET of the role's check path, or a Nagios plugin"
          + " command (bare names are looked up in /usr/lib/nagios/plugins)."
    },
    footer = {
      "",
      "Examples:",
      "  brigade check -c examples/production.yml app1",
      "  brigade check -c brigade.yml db1/mysql",
      "",
      "Exit codes, as Nagios plugins: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (the worst of the"
          + " checks run; 3 also for an invalid model or target)."
    })
final class CheckCommand implements Callable<Integer> {
  @Mixin ModelOptions model;

  @Parameters(paramLabel = "HOST[/SERVICE]", description = "What to check.")
  String target;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Cluster cluster;
    try {
      cluster = model.load(spec.commandLine().getErr());
    } catch (CliException e) {
      throw new CliException(Status.UNKNOWN.exitCode(), e.getMessage(), e.hint());
    }
    List<ModelChecks.Check> checks;
    try {
      checks = new ModelChecks(cluster, new PluginRunner(4, 64 * 1024)).of(target);
    } catch (IllegalArgumentException e) {
      throw new CliException(
          Status.UNKNOWN.exitCode(),
          e.getMessage(),
          "see the hosts with: brigade validate -c " + model.config);
    }
    Status worst = Status.OK;
    for (ModelChecks.Check c : checks) {
      CheckResult r = c.run();
      worst = worst.worst(r.status());
      out.println((checks.size() > 1 ? c.id() + " " : "") + r.line());
      for (String line : r.output().longOutput()) {
        out.println("  " + line);
      }
    }
    out.flush();
    return worst.exitCode();
  }
}
