package dev.brigade.monitor;

import java.time.Duration;

/**
 * The result of running one check.
 *
 * @param status OK, WARNING, CRITICAL or UNKNOWN
 * @param output the parsed output
 * @param took how long the check ran
 * @param timedOut true when it was stopped at its timeout
 * @param truncated true when its output was cut at the size limit
 */
public record CheckResult(
    Status status, PluginOutput output, Duration took, boolean timedOut, boolean truncated) {

  /** The Nagios-style line: {@code TEXT | perfdata}. */
  public String line() {
    StringBuilder b = new StringBuilder(output.text());
    if (!output.perf().isEmpty()) {
      b.append(" |");
      output.perf().forEach(p -> b.append(' ').append(p.format()));
    }
    return b.toString();
  }
}
