package dev.brigade.monitor;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs Nagios plugins: no shell, a deadline at which the plugin and everything it started are
 * killed, output cut at a size limit, and as many plugins at once as the machine sustains: the
 * limit adapts to the plugins' run times and the machine's load ({@link AdaptiveLimit}) up to
 * {@code maxConcurrent}, so an overloaded box queues checks (and says so through {@link #queued()})
 * instead of piling up processes. Plugins start through {@code posix_spawn} where the C library has
 * it ({@link PosixSpawnLauncher}), else through {@link ProcessBuilder}.
 *
 * <pre>{@code
 * PluginRunner runner = new PluginRunner(64, 64 * 1024);
 * CheckResult r = runner.run("$USER1$/check_tcp -H $HOSTADDRESS$ -p 80", Map.of("HOSTADDRESS", "10.0.0.11"), Duration.ofSeconds(10));
 * }</pre>
 */
public final class PluginRunner {
  /** Where Debian's monitoring-plugins live: Nagios's {@code $USER1$}. */
  public static final String PLUGIN_DIR = "/usr/lib/nagios/plugins";

  /** Runnable threads per CPU above which fewer plugins run at once. */
  static final double MAX_RUNNABLE_PER_CPU = 8.0;

  private final PluginSlots slots;
  private final int maxOutputBytes;
  private final Status timeoutState;
  private final PluginLauncher launcher;

  /**
   * A runner of at most {@code maxConcurrent} plugins at once, keeping {@code maxOutputBytes} of
   * output; a plugin killed at its timeout is CRITICAL, as Nagios 4's default {@code
   * service_check_timeout_state=c}.
   */
  public PluginRunner(int maxConcurrent, int maxOutputBytes) {
    this(maxConcurrent, maxOutputBytes, Status.CRITICAL);
  }

  /**
   * Like {@link #PluginRunner(int, int)}, a plugin killed at its timeout being {@code
   * timeoutState}.
   */
  public PluginRunner(int maxConcurrent, int maxOutputBytes, Status timeoutState) {
    this(maxConcurrent, maxOutputBytes, timeoutState, PluginLauncher.best());
  }

  PluginRunner(
      int maxConcurrent, int maxOutputBytes, Status timeoutState, PluginLauncher launcher) {
    int max = Math.max(1, maxConcurrent);
    // never fewer plugins at once than CPUs (the old fixed cap), unless the cap says so
    int floor = Math.min(max, Runtime.getRuntime().availableProcessors());
    this.slots =
        new PluginSlots(
            new AdaptiveLimit(floor, floor, max, MAX_RUNNABLE_PER_CPU), new MachineLoad());
    this.maxOutputBytes = maxOutputBytes;
    this.timeoutState = timeoutState;
    this.launcher = launcher;
  }

  /** Substitutes macros ({@code $USER1$} defaults to {@link #PLUGIN_DIR}) and runs the command. */
  public CheckResult run(String command, Map<String, String> macros, Duration timeout)
      throws InterruptedException {
    return run(command, macros, Deadline.after(timeout));
  }

  /**
   * Like {@link #run(String, Map, Duration)}: the wait for a slot and the run by {@code deadline}.
   */
  public CheckResult run(String command, Map<String, String> macros, Deadline deadline)
      throws InterruptedException {
    return run(command, macros, deadline, timeoutState);
  }

  /**
   * Like {@link #run(String, Map, Deadline)}, a plugin killed at the deadline being {@code
   * timeoutState} (a check's own {@code timeout-state}).
   */
  public CheckResult run(
      String command, Map<String, String> macros, Deadline deadline, Status timeoutState)
      throws InterruptedException {
    Map<String, String> all = new java.util.HashMap<>(macros);
    all.putIfAbsent("USER1", PLUGIN_DIR);
    List<String> argv;
    try {
      argv = CommandLine.argv(command, all);
    } catch (IllegalArgumentException e) {
      return unknown("invalid command: " + e.getMessage(), Duration.ZERO, false);
    }
    return run(argv, deadline, timeoutState);
  }

  /**
   * Runs a plugin given as arguments; a bare name ({@code check_tcp}) is looked up in {@link
   * #PLUGIN_DIR} first, as Nagios users write it with {@code $USER1$}.
   */
  public CheckResult run(List<String> argv, Duration timeout) throws InterruptedException {
    return run(argv, Deadline.after(timeout));
  }

  /** Like {@link #run(List, Duration)}: the wait for a slot and the run by {@code deadline}. */
  public CheckResult run(List<String> argv, Deadline deadline) throws InterruptedException {
    return run(argv, deadline, timeoutState);
  }

  private CheckResult run(List<String> argv, Deadline deadline, Status timeoutState)
      throws InterruptedException {
    Duration budget = deadline.remaining();
    if (!argv.isEmpty() && !argv.getFirst().contains("/")) {
      java.nio.file.Path p = java.nio.file.Path.of(PLUGIN_DIR, argv.getFirst());
      if (java.nio.file.Files.isExecutable(p)) {
        List<String> copy = new java.util.ArrayList<>(argv);
        copy.set(0, p.toString());
        argv = List.copyOf(copy);
      }
    }
    // The wait for a slot is the engine's overload, reported by queued() and the checks' start
    // latency; the plugin's own time starts with its run, as Nagios's service_check_timeout does,
    // so a busy box runs checks late rather than calling healthy services UNKNOWN.
    slots.acquire();
    Deadline runBy = Deadline.after(deadline.clock(), budget);
    long start = System.nanoTime();
    PluginLauncher.Run run;
    try {
      run = launcher.run(argv, runBy, maxOutputBytes);
    } catch (InterruptedException | RuntimeException | Error e) {
      slots.cancel();
      throw e;
    }
    slots.release(System.nanoTime() - start);
    Duration took = took(start);
    return switch (run) {
      case PluginLauncher.NotStarted n ->
          unknown("cannot run " + argv.getFirst() + ": " + n.why(), took, false);
      case PluginLauncher.Ran r when r.timedOut() ->
          new CheckResult(
              timeoutState,
              PluginOutput.parse(
                  String.format(
                      Locale.ROOT,
                      "%s - %s timed out after %.2f seconds",
                      timeoutState,
                      argv.getFirst(),
                      took.toNanos() / 1e9)),
              took,
              true,
              false);
      case PluginLauncher.Ran r -> {
        String stdout = new String(r.stdout(), StandardCharsets.UTF_8);
        if (stdout.isBlank()) {
          stdout = new String(r.stderr(), StandardCharsets.UTF_8);
        }
        yield new CheckResult(
            Status.ofExitCode(r.exitCode()),
            PluginOutput.parse(stdout),
            took,
            false,
            r.truncated());
      }
    };
  }

  /** Plugins waiting for a slot right now: demand beyond capacity. */
  public int queued() {
    return slots.waiting();
  }

  /** How many plugins may run at once now, as learnt from their run times and the load. */
  public int limit() {
    return slots.limit();
  }

  /** How plugins are started: {@code posix_spawn} or {@code ProcessBuilder}. */
  public String launcher() {
    return launcher.name();
  }

  private static Duration took(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static CheckResult unknown(String why, Duration took, boolean timedOut) {
    return new CheckResult(
        Status.UNKNOWN, PluginOutput.parse("UNKNOWN - " + why), took, timedOut, false);
  }
}
