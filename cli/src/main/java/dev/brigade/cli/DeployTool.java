package dev.brigade.cli;

import dev.brigade.deploy.DeployListener;
import dev.brigade.deploy.DeployReport;
import dev.brigade.deploy.Deployer;
import dev.brigade.deploy.ProgressTable;
import dev.brigade.model.Cluster;
import dev.brigade.remote.Remote;
import dev.brigade.remote.RemoteOptions;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.InstantSource;
import picocli.CommandLine.Option;

/** What {@code deploy}, {@code rollback} and {@code releases} share: SSH options and output. */
final class DeployTool {
  @Option(
      names = "--known-hosts",
      paramLabel = "FILE",
      description =
          "The known_hosts file host keys are checked against (default: ~/.ssh/known_hosts).")
  Path knownHosts;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress; only the result line (for scripts).")
  boolean quiet;

  @Option(names = "--json", description = "Print a JSON summary at the end (on stdout).")
  boolean json;

  Remote remote() {
    RemoteOptions o = RemoteOptions.defaults();
    if (knownHosts != null) {
      o = o.withKnownHosts(knownHosts);
    }
    return Remote.open(o);
  }

  Deployer deployer(Cluster cluster, Remote remote, Path model, DeployListener listener) {
    Path dir = model.toAbsolutePath().getParent();
    return new Deployer(
        cluster,
        remote,
        dir.resolve(".brigade").resolve("mirrors"),
        InstantSource.system(),
        listener,
        System.getProperty("user.name", "brigade"),
        machine());
  }

  ProgressTable progress(PrintWriter out, java.util.List<dev.brigade.model.Host> hosts) {
    ProgressTable.Mode mode =
        quiet || json
            ? ProgressTable.Mode.QUIET
            : terminal() ? ProgressTable.Mode.TERMINAL : ProgressTable.Mode.LINES;
    return new ProgressTable(out, mode, hosts);
  }

  /** Prints the result line (and the JSON summary) and answers the exit code. */
  int finish(PrintWriter out, PrintWriter err, DeployReport r) {
    if (json) {
      out.println(r.toJson());
    }
    String line =
        r.action()
            + " "
            + r.stage()
            + ": "
            + r.result().name().toLowerCase(java.util.Locale.ROOT)
            + " in "
            + String.format(java.util.Locale.ROOT, "%.1f s", r.took().toMillis() / 1000.0)
            + ": "
            + r.message();
    if (r.result() == DeployReport.Result.SUCCEEDED) {
      if (!json) {
        out.println(line);
      }
    } else {
      err.println("brigade: " + line);
      r.hosts()
          .forEach(
              h ->
                  h.failure()
                      .ifPresent(
                          f ->
                              err.println(
                                  "  " + h.host() + " " + f.step().label() + ": " + f.reason())));
    }
    out.flush();
    err.flush();
    return r.result().exitCode();
  }

  static String machine() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  /** True when stdout is a terminal (the JDK 22+ check when there is one, else a console). */
  static boolean terminal() {
    java.io.Console c = System.console();
    if (c == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 21: a console exists only for a terminal
    }
  }

  static final String EXIT_CODES =
      "Exit codes: 0 done; 1 failed before the switch (every host still runs its previous release);"
          + " 2 invalid model or command line; 3 refused (the stage is locked by another deploy, or"
          + " the revision was not promoted); 4 failed after the switch and rolled back; 5 failed"
          + " after the switch and not rolled back (hosts need attention).";
}
