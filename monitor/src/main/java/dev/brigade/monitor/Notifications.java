package dev.brigade.monitor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alerts to contacts without ever holding up a check: each send runs on its own virtual
 * thread, at most a few at a time per way of telling (so commands that hang do not hold up emails
 * and webhooks), and a failing one is retried with growing delays, logged, and given up after the
 * last attempt.
 */
final class Notifications implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Notifications.class);
  private static final int MAX_PENDING = 10_000;
  private static final int PER_NOTIFIER = 8;

  private final Map<String, MonitorSettings.Contact> contacts;
  private final List<Notifier> notifiers;
  private final List<Duration> retryDelays;
  private final BiConsumer<Alert, String> journal;
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("brigade-notify-retry").factory());

  /** Sends at once per way of telling: a hung command never holds up an email or a webhook. */
  private final Map<Notifier, Semaphore> sending = new java.util.IdentityHashMap<>();

  private final AtomicInteger pending = new AtomicInteger();

  /**
   * @param contacts the contacts by name
   * @param notifiers the ways of telling them
   * @param retryDelays the waits before the 2nd, 3rd, ... attempt
   * @param journal told of every delivery and give-up, e.g. to keep them in the event log
   */
  Notifications(
      Map<String, MonitorSettings.Contact> contacts,
      List<Notifier> notifiers,
      List<Duration> retryDelays,
      BiConsumer<Alert, String> journal) {
    this.contacts = Map.copyOf(contacts);
    this.notifiers = List.copyOf(notifiers);
    this.retryDelays = List.copyOf(retryDelays);
    this.journal = journal;
    for (Notifier n : this.notifiers) {
      sending.put(n, new Semaphore(PER_NOTIFIER));
    }
  }

  /** Queues the alert for each of its contacts by each way that reaches them; never blocks. */
  void send(Alert alert) {
    for (String name : alert.contacts()) {
      MonitorSettings.Contact contact = contacts.get(name);
      if (contact == null) {
        journal.accept(alert, "NOTIFICATION " + name + ": no such contact");
        continue;
      }
      if (!contact.wants(alert)) {
        continue; // their notify: options leave this kind out, as Nagios's notification options
      }
      for (Notifier n : notifiers) {
        if (n.reaches(contact)) {
          if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            log.warn(
                "notification queue full; dropped {} to {} for {}", n.name(), name, alert.target());
            journal.accept(alert, "NOTIFICATION " + name + " " + n.name() + " DROPPED: queue full");
            continue;
          }
          attempt(alert, contact, n, 1);
        }
      }
    }
  }

  private void attempt(Alert alert, MonitorSettings.Contact contact, Notifier n, int number) {
    try {
      workers.execute(() -> deliver(alert, contact, n, number));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      pending.decrementAndGet();
    }
  }

  private void deliver(Alert alert, MonitorSettings.Contact contact, Notifier n, int number) {
    Semaphore permits = sending.get(n);
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pending.decrementAndGet();
      return;
    }
    try {
      n.send(alert, contact);
      journal.accept(
          alert, "NOTIFICATION " + contact.name() + " " + n.name() + " " + alert.kind() + " sent");
      pending.decrementAndGet();
    } catch (Exception e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (number <= retryDelays.size()) {
        Duration wait = retryDelays.get(number - 1);
        log.warn(
            "{} to {} for {} failed (attempt {}), retrying in {}: {}",
            n.name(),
            contact.name(),
            alert.target(),
            number,
            wait,
            why);
        try {
          timer.schedule(
              () -> attempt(alert, contact, n, number + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
          pending.decrementAndGet();
        }
      } else {
        log.error(
            "{} to {} for {} failed {} times, giving up: {}",
            n.name(),
            contact.name(),
            alert.target(),
            number,
            why);
        journal.accept(
            alert,
            "NOTIFICATION "
                + contact.name()
                + " "
                + n.name()
                + " FAILED after "
                + number
                + " attempts: "
                + why);
        pending.decrementAndGet();
      }
    } finally {
      permits.release();
    }
  }

  /** Alerts queued or being retried. */
  int pending() {
    return pending.get();
  }

  /** Waits up to {@code d} for pending sends to finish; true if none is left. */
  boolean drain(Duration d) throws InterruptedException {
    long end = System.nanoTime() + d.toNanos();
    while (pending.get() > 0 && System.nanoTime() < end) {
      Thread.sleep(10);
    }
    return pending.get() == 0;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    workers.shutdown();
  }
}
