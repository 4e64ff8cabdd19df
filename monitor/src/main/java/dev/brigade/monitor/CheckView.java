package dev.brigade.monitor;

import java.time.Instant;
import java.util.Optional;

/**
 * What the monitor knows about one check now, for the API, {@code brigade status} and pages.
 *
 * @param id {@code host} or {@code host/service}
 * @param host the host
 * @param service the service, empty for a host check
 * @param type the check type
 * @param state OK/WARNING/CRITICAL/UNKNOWN, or UP/DOWN/UNREACHABLE for hosts, PENDING before the
 *     first result
 * @param status the status behind the state
 * @param stateType SOFT or HARD
 * @param attempt the attempt number
 * @param maxAttempts attempts before HARD
 * @param output the last output line
 * @param lastCheck when it last ran
 * @param nextCheck when it runs next
 * @param since when the state last changed
 * @param acknowledged whether the problem is acknowledged
 * @param inDowntime whether a downtime covers it now
 * @param flapping whether it is flapping
 * @param notificationNumber notifications sent for the current problem
 * @param checksEnabled whether its active checks run
 * @param notificationsEnabled whether anyone is told of it
 * @param comments the operators' comments on it
 */
public record CheckView(
    String id,
    String host,
    Optional<String> service,
    String type,
    String state,
    Status status,
    CheckState.Type stateType,
    int attempt,
    int maxAttempts,
    String output,
    Optional<Instant> lastCheck,
    Instant nextCheck,
    Optional<Instant> since,
    boolean acknowledged,
    boolean inDowntime,
    boolean flapping,
    int notificationNumber,
    boolean checksEnabled,
    boolean notificationsEnabled,
    java.util.List<Comment> comments) {

  public CheckView {
    comments = java.util.List.copyOf(comments);
  }

  /** True when the state is not OK/UP (and not pending). */
  public boolean isProblem() {
    return lastCheck.isPresent() && status != Status.OK;
  }
}
