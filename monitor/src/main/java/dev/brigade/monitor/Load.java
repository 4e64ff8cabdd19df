package dev.brigade.monitor;

import java.time.Duration;

/**
 * How busy the check engine is: what it did, how late checks start, and whether the checks asked
 * for need more than it can give (demand vs capacity, in concurrent slots).
 *
 * @param checks checks completed since the statistics were reset
 * @param seconds seconds since then
 * @param latencyP50Millis median lateness of a check's start against its schedule
 * @param latencyP99Millis 99th percentile lateness
 * @param executionP50Millis median run time
 * @param executionP99Millis 99th percentile run time
 * @param demand slots the built-in checks need (sum of run time / interval)
 * @param capacity slots available for built-in checks
 * @param pluginDemand processes the plugin checks need at once
 * @param pluginCapacity processes allowed at once
 * @param waiting checks due but not started
 * @param overruns checks whose slot the watchdog reclaimed past their deadline, since the start
 */
public record Load(
    long checks,
    double seconds,
    double latencyP50Millis,
    double latencyP99Millis,
    double executionP50Millis,
    double executionP99Millis,
    double demand,
    int capacity,
    double pluginDemand,
    int pluginCapacity,
    int waiting,
    long overruns) {

  /**
   * The slots one check needs: its run time over the interval it runs at now, which is the retry
   * interval while it is in a SOFT problem.
   */
  static double demand(
      double execSeconds, CheckPolicy policy, CheckState.Type type, Status status) {
    Duration every =
        type == CheckState.Type.SOFT && status != Status.OK
            ? policy.retryInterval()
            : policy.checkInterval();
    return execSeconds / (every.toNanos() / 1e9);
  }

  /** Checks per second. */
  public double rate() {
    return seconds <= 0 ? 0 : checks / seconds;
  }

  /** True when the checks need more than the engine can give, so they run late. */
  public boolean overloaded() {
    return demand > capacity || pluginDemand > pluginCapacity;
  }

  /** One line for logs and {@code brigade status}. */
  public String describe() {
    return String.format(
        java.util.Locale.ROOT,
        "%.0f checks/s; start latency p50 %.0f ms p99 %.0f ms; run time p50 %.0f ms p99 %.0f ms;"
            + " demand %.1f of %d slots, plugins %.1f of %d%s%s",
        rate(),
        latencyP50Millis,
        latencyP99Millis,
        executionP50Millis,
        executionP99Millis,
        demand,
        capacity,
        pluginDemand,
        pluginCapacity,
        overruns > 0 ? "; " + overruns + " checks overran their deadline" : "",
        overloaded() ? " — OVERLOADED: checks run late; lengthen intervals or raise limits" : "");
  }
}
