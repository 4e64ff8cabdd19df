package dev.brigade.monitor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's load right now: threads runnable per CPU, from the instantaneous count in {@code
 * /proc/loadavg} (its fourth field, {@code running/total}), read at most every 100 ms.
 */
final class MachineLoad {
  private static final Path LOADAVG = Path.of("/proc/loadavg");
  private static final long EVERY_NANOS = 100_000_000L;
  private final int cpus = Runtime.getRuntime().availableProcessors();
  private volatile double last;
  private volatile long readAt = System.nanoTime() - EVERY_NANOS;

  /** Runnable threads per CPU; 0 when the kernel does not say. */
  double runnablePerCpu() {
    long now = System.nanoTime();
    if (now - readAt >= EVERY_NANOS) {
      readAt = now;
      last = parse(read()) / cpus;
    }
    return last;
  }

  private static String read() {
    try {
      return Files.readString(LOADAVG);
    } catch (IOException | UnsupportedOperationException e) {
      return "";
    }
  }

  /** The running count of a {@code /proc/loadavg} line, e.g. 3 for {@code 0.5 0.4 0.3 3/412 99}. */
  static double parse(String line) {
    String[] f = line.strip().split(" ");
    if (f.length < 4 || f[3].indexOf('/') <= 0) {
      return 0;
    }
    try {
      return Integer.parseInt(f[3].substring(0, f[3].indexOf('/')));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
