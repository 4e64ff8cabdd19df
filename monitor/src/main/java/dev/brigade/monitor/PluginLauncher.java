package dev.brigade.monitor;

import java.util.List;

/**
 * Starts one plugin process and waits for it by a deadline: stdin from {@code /dev/null}, its
 * output kept up to a limit (the rest read and dropped so the plugin never blocks), and at the
 * deadline its whole process group killed.
 */
sealed interface PluginLauncher permits PosixSpawnLauncher, ProcessBuilderLauncher {
  /** What became of one start. */
  sealed interface Run {}

  /**
   * The plugin ran.
   *
   * @param exitCode its exit code, 128 + the signal when a signal ended it
   * @param timedOut true when the deadline ended it
   * @param stdout its standard output, up to the limit
   * @param stderr its standard error, up to the limit
   * @param truncated true when its standard output was longer than the limit
   */
  record Ran(int exitCode, boolean timedOut, byte[] stdout, byte[] stderr, boolean truncated)
      implements Run {}

  /**
   * The plugin could not be started.
   *
   * @param why the system's reason, e.g. "No such file or directory"
   */
  record NotStarted(String why) implements Run {}

  /** Runs {@code argv} (a bare name is looked up on PATH) by {@code deadline}. */
  Run run(List<String> argv, Deadline deadline, int maxOutputBytes) throws InterruptedException;

  /**
   * How plugins are started, for the load report: {@code posix_spawn} or {@code ProcessBuilder}.
   */
  String name();

  /** {@code posix_spawn} through the FFM API where the C library offers it, else ProcessBuilder. */
  static PluginLauncher best() {
    return PosixSpawnLauncher.load()
        .map(PluginLauncher.class::cast)
        .orElseGet(ProcessBuilderLauncher::new);
  }
}
