package dev.brigade.monitor;

import java.time.Duration;
import java.util.List;

/**
 * How one check's results turn into states and notifications, as Nagios users know it.
 *
 * @param maxAttempts results in a row that make a problem HARD (1: at once)
 * @param checkInterval time between checks while the state is OK or HARD
 * @param retryInterval time between checks while a problem is SOFT
 * @param notificationInterval re-notification while a HARD problem lasts; zero = notify once
 * @param flapLow percent state change below which flapping stops (Nagios: 5)
 * @param flapHigh percent state change at which flapping starts (Nagios: 20)
 * @param contacts who is told by default
 * @param escalations who is told from a given notification number on
 * @param notificationPeriod when anyone is told (Nagios's notification_period); problems found
 *     outside it are told when it starts, if they last
 * @param firstNotificationDelay how long a HARD problem lasts before the first notification
 *     (Nagios's first_notification_delay); zero = at once
 */
public record CheckPolicy(
    int maxAttempts,
    Duration checkInterval,
    Duration retryInterval,
    Duration notificationInterval,
    double flapLow,
    double flapHigh,
    List<String> contacts,
    List<Escalation> escalations,
    CheckPeriod notificationPeriod,
    Duration firstNotificationDelay) {

  /** A policy that tells at any time, at once. */
  public CheckPolicy(
      int maxAttempts,
      Duration checkInterval,
      Duration retryInterval,
      Duration notificationInterval,
      double flapLow,
      double flapHigh,
      List<String> contacts,
      List<Escalation> escalations) {
    this(
        maxAttempts,
        checkInterval,
        retryInterval,
        notificationInterval,
        flapLow,
        flapHigh,
        contacts,
        escalations,
        CheckPeriod.ALWAYS,
        Duration.ZERO);
  }

  /** Nagios's defaults: 3 attempts, 5 min / 1 min, re-notify every 30 min, flapping 5%..20%. */
  public static CheckPolicy defaults(List<String> contacts) {
    return new CheckPolicy(
        3,
        Duration.ofMinutes(5),
        Duration.ofMinutes(1),
        Duration.ofMinutes(30),
        5,
        20,
        contacts,
        List.of());
  }

  public CheckPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("max attempts must be at least 1");
    }
    if (flapLow > flapHigh) {
      throw new IllegalArgumentException("the low flapping threshold is above the high one");
    }
    if (firstNotificationDelay.isNegative()) {
      throw new IllegalArgumentException("the first notification delay is negative");
    }
    contacts = List.copyOf(contacts);
    escalations = List.copyOf(escalations);
  }

  /**
   * Notifications number {@code first} to {@code last} (0 = no end) go to {@code contacts} instead
   * of the check's own.
   *
   * @param first first notification number
   * @param last last notification number, 0 for no end
   * @param contacts who is told
   */
  public record Escalation(int first, int last, List<String> contacts) {
    public Escalation {
      contacts = List.copyOf(contacts);
    }

    boolean covers(int number) {
      return number >= first && (last == 0 || number <= last);
    }
  }

  /**
   * The contacts for notification number {@code n}: every matching escalation's, else the default.
   */
  List<String> contactsFor(int n) {
    List<String> out = new java.util.ArrayList<>();
    for (Escalation e : escalations) {
      if (e.covers(n)) {
        e.contacts().stream().filter(c -> !out.contains(c)).forEach(out::add);
      }
    }
    return out.isEmpty() ? contacts : List.copyOf(out);
  }
}
