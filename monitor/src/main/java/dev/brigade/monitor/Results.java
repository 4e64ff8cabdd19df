package dev.brigade.monitor;

import java.time.Duration;
import java.util.Locale;

/** Shared pieces of the non-forking checks: timing, perfdata and one-line results. */
final class Results {
  /** Longest text of an error kept in a check's output. */
  static final int MAX_ERROR = 300;

  private Results() {}

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** A time perfdata item in seconds, bounded by the timeout like check_tcp's. */
  static String time(String label, double secs, Duration timeout) {
    return time(label, secs, Thresholds.NONE, timeout);
  }

  /** A time perfdata item with the response-time thresholds it was judged by. */
  static String time(String label, double secs, Thresholds t, Duration timeout) {
    return String.format(
        Locale.ROOT,
        "%s=%.6fs%s;0.000000;%.6f",
        label,
        secs,
        t.perf(),
        timeout.toMillis() / 1000.0);
  }

  /** A plain perfdata item with optional thresholds: {@code label=value[unit];warn;crit;min}. */
  static String perf(String label, double value, String unit, Thresholds t, String min) {
    String v =
        value == Math.rint(value) && Math.abs(value) < 1e15
            ? Long.toString((long) value)
            : String.format(Locale.ROOT, "%.4f", value);
    return label + "=" + v + unit + t.perf() + ";" + min;
  }

  static CheckResult result(Status status, String text, String perf, long startNanos) {
    return result(status, text, perf, startNanos, false);
  }

  static CheckResult result(
      Status status, String text, String perf, long startNanos, boolean timedOut) {
    String line = oneLine(text, 4 * MAX_ERROR).replace('|', '/');
    return new CheckResult(
        status,
        PluginOutput.parse(perf.isEmpty() ? line : line + " | " + perf),
        Duration.ofNanos(System.nanoTime() - startNanos),
        timedOut,
        false);
  }

  /**
   * One protocol line (CRLF or LF ended, without the ending) of at most {@code max} bytes read as
   * ISO-8859-1; null at the end of the stream. A longer line is an error, never a big buffer.
   */
  static String readLine(java.io.InputStream in, int max) throws java.io.IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int len = b.length();
        return len > 0 && b.charAt(len - 1) == '\r' ? b.substring(0, len - 1) : b.toString();
      }
      if (b.length() >= max) {
        throw new java.net.ProtocolException("answered a line longer than " + max + " bytes");
      }
      b.append((char) c);
    }
    return b.isEmpty() ? null : b.toString();
  }

  /**
   * True when {@code e} is the end of the check's time: a read or connect timeout, or any failure
   * of a socket the deadline closed.
   */
  static boolean timedOut(java.io.IOException e, Deadline deadline) {
    return e instanceof java.net.SocketTimeoutException || deadline.expired();
  }

  /** The message of an exception as one bounded line, naming its type when it has no message. */
  static String message(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      m = e.getClass().getSimpleName();
    }
    return oneLine(m, MAX_ERROR);
  }

  /** The first line of {@code s}, without control characters, cut to {@code max} characters. */
  static String oneLine(String s, int max) {
    String first = s.lines().findFirst().orElse("").strip();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < first.length() && b.length() < max; i++) {
      char c = first.charAt(i);
      b.append(Character.isISOControl(c) ? '?' : c);
    }
    if (first.length() > max) {
      b.append("...");
    }
    return b.toString();
  }
}
