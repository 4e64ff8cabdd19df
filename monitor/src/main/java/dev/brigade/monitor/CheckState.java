package dev.brigade.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The state logic of one host or service check, as in Nagios: SOFT and HARD states over max
 * attempts with a retry interval, flap detection over the last 21 results, scheduled downtime,
 * acknowledgements, and notifications on HARD changes only, re-sent at the notification interval,
 * escalated by number, with recoveries to everyone who was told of the problem.
 *
 * <p>Time comes in as arguments, so the logic runs the same under a test's clock. Not thread-safe:
 * one scheduler thread owns a check.
 */
public final class CheckState {
  /** Results kept for flap detection, as Nagios keeps them. */
  static final int HISTORY = 21;

  /** Whether the current state is confirmed. */
  public enum Type {
    SOFT,
    HARD
  }

  /**
   * What recording a result led to.
   *
   * @param status the check's state now
   * @param type SOFT or HARD
   * @param attempt the attempt number (1 when OK or HARD)
   * @param events what changed: "SOFT WARNING", "HARD CRITICAL", "FLAPPING START", ...
   * @param notification a notification to send, if any
   * @param nextCheck when to check next
   */
  public record Outcome(
      Status status,
      Type type,
      int attempt,
      List<String> events,
      Optional<Notification> notification,
      Instant nextCheck) {}

  /**
   * A notification decided by the state logic; sending it is the notifiers' job.
   *
   * @param kind PROBLEM, RECOVERY, FLAPPINGSTART, FLAPPINGSTOP or ACKNOWLEDGEMENT
   * @param status the state it is about
   * @param number the notification number of this problem (1 for the first)
   * @param contacts who is told
   */
  public record Notification(String kind, Status status, int number, List<String> contacts) {}

  /**
   * A scheduled downtime: fixed ({@code start..end}) or flexible (starts with the first problem
   * within {@code start..end} and lasts {@code duration}).
   *
   * @param start window start
   * @param end window end
   * @param flexible whether it waits for a problem
   * @param duration how long a flexible downtime lasts once triggered
   * @param author who set it
   * @param comment why
   */
  public record Downtime(
      Instant start,
      Instant end,
      boolean flexible,
      Duration duration,
      String author,
      String comment) {}

  private final CheckPolicy policy;
  private Status status = Status.OK;
  private Type type = Type.HARD;
  private int attempt = 1;
  private final Deque<Status> history = new ArrayDeque<>();
  private boolean flapping;
  private boolean acknowledged;
  private boolean stickyAck;
  private final List<Downtime> downtimes = new ArrayList<>();
  private Instant flexibleUntil;
  private int notificationNumber;
  private Instant lastNotification;
  private final Set<String> told = new LinkedHashSet<>();
  private Instant hardSince;
  private boolean checksEnabled = true;
  private boolean notificationsEnabled = true;

  public CheckState(CheckPolicy policy) {
    this.policy = policy;
  }

  /**
   * Records one result at {@code now}. {@code suppressed} is true when the problem is explained
   * elsewhere (the host is down, a dependency failed): states change, nobody is notified.
   */
  public Outcome record(Status result, Instant now, boolean suppressed) {
    List<String> events = new ArrayList<>();
    Optional<Notification> note = Optional.empty();
    Status before = status;
    Type typeBefore = type;
    boolean changed = result != before;
    // flapping first, so that a problem found while flapping notifies nobody
    boolean flapChanged = flapping(result, events).isPresent();

    if (result == Status.OK) {
      attempt = 1;
      type = Type.HARD;
      status = Status.OK;
      if (changed) {
        events.add((typeBefore == Type.HARD ? "HARD" : "SOFT") + " RECOVERY");
        acknowledged = false;
        if (typeBefore == Type.HARD
            && !told.isEmpty()
            && mayTell(now)
            && !suppressedNow(now, suppressed, false)) {
          note =
              Optional.of(
                  new Notification("RECOVERY", Status.OK, notificationNumber, List.copyOf(told)));
        }
        told.clear();
        notificationNumber = 0;
        lastNotification = null;
        hardSince = null;
      }
    } else if (before == Status.OK || type == Type.SOFT) {
      attempt = before == Status.OK ? 1 : attempt + 1;
      status = result;
      if (attempt >= policy.maxAttempts()) {
        type = Type.HARD;
        attempt = policy.maxAttempts();
        hardSince = now;
        events.add("HARD " + result);
        note = problem(now, suppressed, events, true);
      } else {
        type = Type.SOFT;
        events.add("SOFT " + result + " (attempt " + attempt + "/" + policy.maxAttempts() + ")");
      }
    } else {
      // a HARD problem continues, or changes between WARNING, CRITICAL and UNKNOWN
      status = result;
      if (changed) {
        events.add("HARD " + result);
        if (!stickyAck) {
          acknowledged = false;
        }
        note = problem(now, suppressed, events, true);
      } else if (acknowledged) {
        // held back by the acknowledgement, said once when it was (not on every check)
      } else if (notificationNumber == 0
          || !policy.notificationInterval().isZero()
              && !now.isBefore(lastNotification.plus(policy.notificationInterval()))) {
        // nobody was told yet (downtime, flapping, the notification period or the first
        // notification delay held it back), or it is time to remind them
        note = problem(now, suppressed, events, false);
      }
    }
    if (flapChanged && note.isEmpty() && !suppressed && !inDowntime(now) && mayTell(now)) {
      // as Nagios: no flapping notifications in downtime or while the host is down
      note = flapNote(events);
    }
    Instant next = now.plus(type == Type.SOFT ? policy.retryInterval() : policy.checkInterval());
    return new Outcome(status, type, attempt, List.copyOf(events), note, next);
  }

  /** Whether anyone may be told now: notifications enabled and inside the notification period. */
  private boolean mayTell(Instant now) {
    return notificationsEnabled && policy.notificationPeriod().contains(now);
  }

  /**
   * The problem notification due now, if any; {@code change} is true on a HARD state change, when a
   * held-back notification is journalled (once, not on every later check).
   */
  private Optional<Notification> problem(
      Instant now, boolean suppressed, List<String> events, boolean change) {
    if (suppressedNow(now, suppressed, true)) {
      return Optional.empty();
    }
    if (acknowledged) {
      events.add("notification suppressed: acknowledged");
      return Optional.empty();
    }
    if (!notificationsEnabled) {
      if (change) {
        events.add("notification suppressed: notifications disabled");
      }
      return Optional.empty();
    }
    if (!policy.notificationPeriod().contains(now)) {
      if (change) {
        events.add("notification held: outside the notification period");
      }
      return Optional.empty();
    }
    if (notificationNumber == 0
        && hardSince != null
        && now.isBefore(hardSince.plus(policy.firstNotificationDelay()))) {
      return Optional.empty(); // the first notification delay: told if it lasts
    }
    notificationNumber++;
    lastNotification = now;
    List<String> contacts = policy.contactsFor(notificationNumber);
    told.addAll(contacts);
    return Optional.of(new Notification("PROBLEM", status, notificationNumber, contacts));
  }

  private boolean suppressedNow(Instant now, boolean suppressed, boolean problem) {
    if (suppressed || flapping) {
      return true;
    }
    if (problem) {
      triggerFlexible(now);
    }
    return inDowntime(now);
  }

  /**
   * Nagios's weighted percent state change over the last 21 results (flapping.c): the change into
   * the newest result weighs 1.25, the oldest 0.75. With fewer than 21 results the weights are
   * those of the newest slots, as in Nagios's 21-slot buffer, so recent changes always weigh most.
   */
  double percentStateChange() {
    Status[] h = history.toArray(Status[]::new);
    int offset = HISTORY - h.length;
    double changes = 0;
    for (int x = 1; x < h.length; x++) {
      if (h[x] != h[x - 1]) {
        changes += ((x + offset - 1) * (1.25 - 0.75)) / (HISTORY - 2) + 0.75;
      }
    }
    return changes * 100.0 / (HISTORY - 1);
  }

  private Optional<String> flapping(Status result, List<String> events) {
    history.addLast(result);
    if (history.size() > HISTORY) {
      history.removeFirst();
    }
    double pct = percentStateChange();
    if (!flapping && pct >= policy.flapHigh()) {
      flapping = true;
      events.add(String.format(java.util.Locale.ROOT, "FLAPPING START (%.1f%% state change)", pct));
      return Optional.of("start");
    }
    if (flapping && pct <= policy.flapLow()) {
      flapping = false;
      events.add(String.format(java.util.Locale.ROOT, "FLAPPING STOP (%.1f%% state change)", pct));
      return Optional.of("stop");
    }
    return Optional.empty();
  }

  private Optional<Notification> flapNote(List<String> events) {
    String kind = flapping ? "FLAPPINGSTART" : "FLAPPINGSTOP";
    return Optional.of(new Notification(kind, status, notificationNumber, policy.contacts()));
  }

  /** Acknowledges the current problem: no more problem notifications until it recovers. */
  public Optional<Notification> acknowledge(boolean sticky, String author, String comment) {
    if (status == Status.OK) {
      throw new IllegalStateException("there is no problem to acknowledge");
    }
    acknowledged = true;
    stickyAck = sticky;
    if (!notificationsEnabled) {
      return Optional.empty();
    }
    List<String> to = told.isEmpty() ? policy.contacts() : List.copyOf(told);
    return Optional.of(new Notification("ACKNOWLEDGEMENT", status, notificationNumber, to));
  }

  /** Schedules a downtime (deploys set one through the API). */
  public void scheduleDowntime(Downtime d) {
    if (d.end().isBefore(d.start())) {
      throw new IllegalArgumentException("downtime ends before it starts");
    }
    downtimes.add(d);
  }

  /** True when a fixed downtime covers {@code now} or a triggered flexible one still runs. */
  public boolean inDowntime(Instant now) {
    if (flexibleUntil != null && now.isBefore(flexibleUntil)) {
      return true;
    }
    return downtimes.stream()
        .anyMatch(d -> !d.flexible() && !now.isBefore(d.start()) && now.isBefore(d.end()));
  }

  private void triggerFlexible(Instant now) {
    for (Downtime d : downtimes) {
      if (d.flexible()
          && !now.isBefore(d.start())
          && now.isBefore(d.end())
          && flexibleUntil == null) {
        flexibleUntil = now.plus(d.duration());
      }
    }
  }

  /**
   * Everything a check's state is made of, for the store: restoring a snapshot gives a state that
   * behaves exactly like the one it was taken from.
   *
   * @param status current status
   * @param type SOFT or HARD
   * @param attempt attempt number
   * @param history recent results for flap detection, oldest first
   * @param flapping whether it is flapping
   * @param acknowledged whether the problem is acknowledged
   * @param stickyAck whether the acknowledgement survives changes between problem states
   * @param flexibleUntil end of a triggered flexible downtime, if any
   * @param notificationNumber number of the last problem notification
   * @param lastNotification when it was sent, if any
   * @param told contacts told of the current problem
   * @param downtimes scheduled downtimes
   * @param checksEnabled whether active checks run
   * @param notificationsEnabled whether anyone is told
   * @param hardSince when the current HARD problem started, if there is one
   */
  public record Snapshot(
      Status status,
      Type type,
      int attempt,
      List<Status> history,
      boolean flapping,
      boolean acknowledged,
      boolean stickyAck,
      Optional<Instant> flexibleUntil,
      int notificationNumber,
      Optional<Instant> lastNotification,
      List<String> told,
      List<Downtime> downtimes,
      boolean checksEnabled,
      boolean notificationsEnabled,
      Optional<Instant> hardSince) {
    public Snapshot {
      history = List.copyOf(history);
      told = List.copyOf(told);
      downtimes = List.copyOf(downtimes);
    }

    /** A snapshot with checks and notifications enabled and no HARD start known. */
    public Snapshot(
        Status status,
        Type type,
        int attempt,
        List<Status> history,
        boolean flapping,
        boolean acknowledged,
        boolean stickyAck,
        Optional<Instant> flexibleUntil,
        int notificationNumber,
        Optional<Instant> lastNotification,
        List<String> told,
        List<Downtime> downtimes) {
      this(
          status,
          type,
          attempt,
          history,
          flapping,
          acknowledged,
          stickyAck,
          flexibleUntil,
          notificationNumber,
          lastNotification,
          told,
          downtimes,
          true,
          true,
          Optional.empty());
    }
  }

  /** The state as a value, for storing. */
  public Snapshot snapshot() {
    return new Snapshot(
        status,
        type,
        attempt,
        List.copyOf(history),
        flapping,
        acknowledged,
        stickyAck,
        Optional.ofNullable(flexibleUntil),
        notificationNumber,
        Optional.ofNullable(lastNotification),
        List.copyOf(told),
        downtimes,
        checksEnabled,
        notificationsEnabled,
        Optional.ofNullable(hardSince));
  }

  /** A state restored from {@code s}, judged by {@code policy} from now on. */
  public static CheckState restore(CheckPolicy policy, Snapshot s) {
    CheckState c = new CheckState(policy);
    c.status = s.status();
    c.type = s.type();
    c.attempt = Math.min(s.attempt(), policy.maxAttempts());
    s.history().stream().skip(Math.max(0, s.history().size() - HISTORY)).forEach(c.history::add);
    c.flapping = s.flapping();
    c.acknowledged = s.acknowledged();
    c.stickyAck = s.stickyAck();
    c.flexibleUntil = s.flexibleUntil().orElse(null);
    c.notificationNumber = s.notificationNumber();
    c.lastNotification = s.lastNotification().orElse(null);
    c.told.addAll(s.told());
    c.downtimes.addAll(s.downtimes());
    c.checksEnabled = s.checksEnabled();
    c.notificationsEnabled = s.notificationsEnabled();
    c.hardSince = s.hardSince().orElse(null);
    return c;
  }

  /** Forgets downtimes that ended before {@code now}; true when one was removed. */
  public boolean expireDowntimes(Instant now) {
    boolean removed = downtimes.removeIf(d -> !now.isBefore(d.end()) && !d.flexible());
    removed |=
        downtimes.removeIf(
            d ->
                d.flexible()
                    && !now.isBefore(d.end())
                    && (flexibleUntil == null || !now.isBefore(flexibleUntil)));
    if (flexibleUntil != null && !now.isBefore(flexibleUntil)) {
      flexibleUntil = null;
    }
    return removed;
  }

  /** Ends every downtime now (a deploy that finished early); true when there was one. */
  public boolean cancelDowntimes() {
    boolean had = !downtimes.isEmpty() || flexibleUntil != null;
    downtimes.clear();
    flexibleUntil = null;
    return had;
  }

  /** Removes the acknowledgement, as Nagios's "remove acknowledgement" does. */
  public void removeAcknowledgement() {
    acknowledged = false;
    stickyAck = false;
  }

  /** Whether active checks run (Nagios's enable/disable active checks). */
  public boolean checksEnabled() {
    return checksEnabled;
  }

  public void checksEnabled(boolean on) {
    checksEnabled = on;
  }

  /** Whether anyone is told (Nagios's enable/disable notifications). */
  public boolean notificationsEnabled() {
    return notificationsEnabled;
  }

  public void notificationsEnabled(boolean on) {
    notificationsEnabled = on;
  }

  public List<Downtime> downtimes() {
    return List.copyOf(downtimes);
  }

  public Status status() {
    return status;
  }

  public int attempt() {
    return attempt;
  }

  public Type type() {
    return type;
  }

  public boolean flapping() {
    return flapping;
  }

  public boolean acknowledged() {
    return acknowledged;
  }

  public int notificationNumber() {
    return notificationNumber;
  }
}
