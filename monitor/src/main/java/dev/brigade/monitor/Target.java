package dev.brigade.monitor;

import java.time.Duration;
import java.util.Optional;

/**
 * Something the monitor checks on a schedule: a host, or a service of a host.
 *
 * @param id {@code host} for a host check, {@code host/service} for a service
 * @param host the host's name
 * @param service the service or check name; empty for the host check
 * @param role the role the service comes from, for tuning and dependencies
 * @param type what kind of check runs ({@code ping}, {@code tcp}, {@code http}, {@code command},
 *     {@code passive}, ...)
 * @param policy how results turn into states and notifications
 * @param timeout how long one run may take
 * @param probe what runs
 * @param plugin true when the probe starts a process (counted against the plugin limit)
 * @param freshness for passive checks: how long without a result before it is stale
 * @param staleStatus the status recorded when a passive check goes stale
 * @param period when it runs
 */
public record Target(
    String id,
    String host,
    Optional<String> service,
    Optional<String> role,
    String type,
    CheckPolicy policy,
    Duration timeout,
    Probe probe,
    boolean plugin,
    Optional<Duration> freshness,
    Status staleStatus,
    CheckPeriod period) {

  /** True for a host check. */
  public boolean isHost() {
    return service.isEmpty();
  }

  /** True for a check whose results are submitted, not fetched. */
  public boolean isPassive() {
    return freshness.isPresent();
  }
}
