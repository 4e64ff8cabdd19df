package dev.brigade.monitor;

import dev.brigade.model.Host;
import dev.brigade.remote.Outcome;
import dev.brigade.remote.Remote;
import java.time.Duration;

/**
 * A Nagios plugin run on the monitored host over SSH, as {@code check_by_ssh} does: the remote exit
 * code and output are the result. A bare plugin name is looked up in {@code
 * /usr/lib/nagios/plugins} on the host. Problems reaching the host (unknown or changed host key,
 * refused login, no connection) are UNKNOWN with what to do next; a command still running at the
 * timeout is CRITICAL unless the check's {@code timeout-state} says otherwise.
 */
public final class SshCheck {
  private SshCheck() {}

  /** Runs {@code command} on {@code host} through {@code remote}. */
  public static CheckResult run(Remote remote, Host host, String command, Duration timeout) {
    return run(remote, host, command, Deadline.after(timeout));
  }

  /** Like {@link #run(Remote, Host, String, Duration)}, by {@code deadline}. */
  public static CheckResult run(Remote remote, Host host, String command, Deadline deadline) {
    return run(remote, host, command, deadline, Status.CRITICAL);
  }

  /**
   * Like {@link #run(Remote, Host, String, Deadline)}; a command still running at the deadline is
   * {@code timeoutState} (CRITICAL by default, as Nagios 4's {@code service_check_timeout_state}).
   */
  public static CheckResult run(
      Remote remote, Host host, String command, Deadline deadline, Status timeoutState) {
    Duration timeout = deadline.remaining();
    String cmd = command.strip();
    if (!cmd.isEmpty() && !cmd.startsWith("/") && cmd.startsWith("check_")) {
      cmd = PluginRunner.PLUGIN_DIR + "/" + cmd;
    }
    long start = System.nanoTime();
    Outcome o = remote.run(host, cmd, timeout);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    return switch (o) {
      case Outcome.Completed c -> {
        String out = c.stdout().isBlank() ? firstLine(c.stderr()) : c.stdout();
        if (out.isBlank()) {
          out = "(no output from " + host.name() + ", exit code " + c.exitCode() + ")";
        }
        Status s = c.exitCode() == 127 ? Status.UNKNOWN : Status.ofExitCode(c.exitCode());
        yield new CheckResult(s, PluginOutput.parse(out), took, false, c.truncated());
      }
      case Outcome.TimedOut t ->
          new CheckResult(
              timeoutState,
              PluginOutput.parse(
                  timeoutState
                      + " - "
                      + host.name()
                      + ": timed out after "
                      + Math.max(1, timeout.toSeconds())
                      + " s"),
              took,
              true,
              false);
      default ->
          new CheckResult(
              Status.UNKNOWN, PluginOutput.parse("UNKNOWN - " + o.describe()), took, false, false);
    };
  }

  private static String firstLine(String s) {
    return s.lines().findFirst().orElse("");
  }
}
