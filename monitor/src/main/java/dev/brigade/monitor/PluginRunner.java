package dev.brigade.monitor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs Nagios plugins: fork/exec without a shell, a timeout that kills the plugin and everything it
 * started, output cut at a size limit, and at most {@code maxConcurrent} plugins at once, so an
 * overloaded box queues checks instead of piling up processes.
 *
 * <pre>{@code
 * PluginRunner runner = new PluginRunner(4, 64 * 1024);
 * CheckResult r = runner.run("$USER1$/check_tcp -H $HOSTADDRESS$ -p 80", Map.of("HOSTADDRESS", "10.0.0.11"), Duration.ofSeconds(10));
 * }</pre>
 */
public final class PluginRunner {
  /** Where Debian's monitoring-plugins live: Nagios's {@code $USER1$}. */
  public static final String PLUGIN_DIR = "/usr/lib/nagios/plugins";

  private final Semaphore slots;
  private final int maxOutputBytes;
  private final Status timeoutState;

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
    this.slots = new Semaphore(maxConcurrent, true);
    this.maxOutputBytes = maxOutputBytes;
    this.timeoutState = timeoutState;
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
    Duration timeout = deadline.remaining();
    if (!argv.isEmpty() && !argv.getFirst().contains("/")) {
      java.nio.file.Path p = java.nio.file.Path.of(PLUGIN_DIR, argv.getFirst());
      if (java.nio.file.Files.isExecutable(p)) {
        List<String> copy = new java.util.ArrayList<>(argv);
        copy.set(0, p.toString());
        argv = List.copyOf(copy);
      }
    }
    long start = System.nanoTime();
    if (!slots.tryAcquire(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS)) {
      return unknown(
          "no plugin slot free within " + timeout.toMillis() + " ms (overloaded)",
          took(start),
          true);
    }
    try {
      Process p;
      try {
        p =
            new ProcessBuilder(argv)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
      } catch (IOException e) {
        return unknown("cannot run " + argv.getFirst() + ": " + e.getMessage(), took(start), false);
      }
      AtomicBoolean cut = new AtomicBoolean();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      Thread so = Thread.ofVirtual().start(() -> drain(p.getInputStream(), out, cut));
      Thread se =
          Thread.ofVirtual().start(() -> drain(p.getErrorStream(), err, new AtomicBoolean()));
      if (!p.waitFor(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(2, TimeUnit.SECONDS);
        Duration took = took(start);
        return new CheckResult(
            timeoutState,
            PluginOutput.parse(
                String.format(
                    java.util.Locale.ROOT,
                    "%s - %s timed out after %.2f seconds",
                    timeoutState,
                    argv.getFirst(),
                    took.toNanos() / 1e9)),
            took,
            true,
            false);
      }
      so.join(2000);
      se.join(2000);
      String stdout = out.toString(StandardCharsets.UTF_8);
      if (stdout.isBlank()) {
        stdout = err.toString(StandardCharsets.UTF_8);
      }
      return new CheckResult(
          Status.ofExitCode(p.exitValue()),
          PluginOutput.parse(stdout),
          took(start),
          false,
          cut.get());
    } finally {
      slots.release();
    }
  }

  /** Plugins waiting for a slot right now: demand beyond capacity. */
  public int queued() {
    return slots.getQueueLength();
  }

  private void drain(InputStream in, ByteArrayOutputStream out, AtomicBoolean cut) {
    byte[] buf = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        int room = maxOutputBytes - out.size();
        if (room > 0) {
          out.write(buf, 0, Math.min(room, n));
        }
        if (n > room) {
          cut.set(true); // keep reading so the plugin never blocks on a full pipe
        }
      }
    } catch (IOException e) {
      // the process ended or was killed: what was read is what there is
    }
  }

  private static Duration took(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static CheckResult unknown(String why, Duration took, boolean timedOut) {
    return new CheckResult(
        Status.UNKNOWN, PluginOutput.parse("UNKNOWN - " + why), took, timedOut, false);
  }
}
