package dev.brigade.monitor;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A notification on its way to people, with what Nagios puts in its macros.
 *
 * @param kind PROBLEM, RECOVERY, ACKNOWLEDGEMENT, FLAPPINGSTART, FLAPPINGSTOP, DOWNTIMESTART, ...
 * @param target {@code host} or {@code host/service}
 * @param host the host's name
 * @param address the host's address
 * @param service the service, empty for a host notification
 * @param state OK/WARNING/CRITICAL/UNKNOWN for services, UP/DOWN/UNREACHABLE for hosts
 * @param stateType SOFT or HARD
 * @param number the notification number of this problem
 * @param output the check's output, first line
 * @param time when it was decided
 * @param contacts who is told
 * @param author who acknowledged, for ACKNOWLEDGEMENT
 * @param comment the acknowledgement's comment
 */
public record Alert(
    String kind,
    String target,
    String host,
    String address,
    Optional<String> service,
    String state,
    String stateType,
    int number,
    String output,
    Instant time,
    List<String> contacts,
    Optional<String> author,
    Optional<String> comment) {

  public Alert {
    contacts = List.copyOf(contacts);
  }

  /** One line for a subject or a chat message: {@code ** PROBLEM: web1/http is CRITICAL **}. */
  public String subject() {
    return "** "
        + kind
        + " "
        + (service.isPresent() ? "Service" : "Host")
        + " Alert: "
        + target
        + " is "
        + state
        + " **";
  }
}
