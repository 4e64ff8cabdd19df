package dev.brigade.monitor;

import java.time.Instant;

/**
 * Told of every check result as the monitor records it, e.g. to store its performance data as time
 * series. It runs on the monitor's recording path, so it must not block: hand the data on.
 *
 * <pre>{@code
 * Monitor.create(cluster, Monitor.Options.defaults().withResultListener(
 *     (host, check, result, at) -> metrics.record(host, "check." + check, samples(result), at)));
 * }</pre>
 */
@FunctionalInterface
public interface ResultListener {
  /** Listens to nothing. */
  ResultListener NONE = (host, check, result, at) -> {};

  /**
   * One result.
   *
   * @param host the host's name
   * @param check the service or check name; {@code host} for the host check itself
   * @param result the status, output and performance data
   * @param at when it was recorded, on the monitor's clock
   */
  void checked(String host, String check, CheckResult result, Instant at);
}
