package dev.brigade.cli;

import dev.brigade.model.Cluster;
import dev.brigade.monitor.CheckResult;
import dev.brigade.monitor.ModelChecks;
import dev.brigade.monitor.PluginRunner;
import dev.brigade.monitor.Status;
import dev.brigade.monitor.Target;
import dev.brigade.remote.RemoteOptions;
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
      "Runs the checks the monitor would run for HOST (its host check, every service of its"
          + " roles, and its checks under monitor.checks) or for HOST/SERVICE, once, and prints"
          + " each as a Nagios plugin would: STATUS - text | perfdata.",
      "Checks: TCP connect (the default), HTTP(S) with body match and certificate days, DNS,"
          + " memcached, MySQL/MariaDB replication, SMTP, NRPE, a Brigade edge pool, a Nagios"
          + " plugin run here (bare names are looked up in /usr/lib/nagios/plugins) or on the host"
          + " over SSH (host keys from ~/.ssh/known_hosts)."
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
    ModelChecks model = new ModelChecks(cluster, new PluginRunner(4, 64 * 1024));
    List<Target> checks;
    try {
      checks = model.targets(target, RemoteOptions.defaults());
    } catch (IllegalArgumentException e) {
      throw new CliException(
          Status.UNKNOWN.exitCode(),
          e.getMessage(),
          "see the hosts with: brigade validate -c " + this.model.config);
    }
    Status worst = Status.OK;
    try {
      for (Target c : checks) {
        CheckResult r = c.probe().run();
        worst = worst.worst(r.status());
        out.println((checks.size() > 1 ? c.id() + " " : "") + r.line());
        for (String line : r.output().longOutput()) {
          out.println("  " + line);
        }
      }
    } finally {
      model.closeRemote();
    }
    out.flush();
    return worst.exitCode();
  }
}
