package dev.brigade.monitor;

import java.time.Instant;
import java.util.Optional;

/**
 * Told of every check result as the monitor records it, and of every annotation posted to its API
 * ({@code POST /annotations}: a deploy, a configuration run), e.g. to keep them as time series and
 * graph markers. It runs on the monitor's own threads, so it must not block: hand the data on.
 *
 * <pre>{@code
 * Monitor.create(cluster, Monitor.Options.defaults().withListener(
 *     (host, check, result, at) -> metrics.record(host, "check." + check, samples(result), at)));
 * }</pre>
 */
@FunctionalInterface
public interface MonitorListener {
  /** Listens to nothing. */
  MonitorListener NONE = (host, check, result, at) -> {};

  /**
   * One result.
   *
   * @param host the host's name
   * @param check the service or check name; {@code host} for the host check itself
   * @param result the status, output and performance data
   * @param at when it was recorded, on the monitor's clock
   */
  void checked(String host, String check, CheckResult result, Instant at);

  /**
   * Something that happened to the cluster, posted to the API.
   *
   * @param at when
   * @param kind a lower-case word: {@code deploy}, {@code config}, {@code note}, ...
   * @param text one line
   * @param host the host it concerns, or empty for the whole cluster
   */
  default void annotated(Instant at, String kind, String text, Optional<String> host) {}
}
