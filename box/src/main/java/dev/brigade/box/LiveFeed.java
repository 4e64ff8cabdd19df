package dev.brigade.box;

import dev.brigade.monitor.CheckResult;
import dev.brigade.monitor.MonitorListener;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The checks whose state may have changed, handed to every open {@code /api/stream}: the monitor
 * tells it of each result (as a {@link MonitorListener}), the box's actions of what they changed.
 * It never blocks the monitor: a subscriber that falls behind loses ids (and is told to reload).
 */
public final class LiveFeed implements MonitorListener {
  /** How many open streams at most. */
  static final int MAX_SUBSCRIBERS = 64;

  private final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();

  /** One open stream's queue of check ids. */
  static final class Subscriber {
    final BlockingQueue<String> ids = new ArrayBlockingQueue<>(4096);
    volatile boolean overflowed;
  }

  @Override
  public void checked(String host, String check, CheckResult result, Instant at) {
    changed(List.of(check.equals("host") ? host : host + "/" + check));
  }

  /** Tells every stream that these checks changed. */
  public void changed(List<String> ids) {
    for (Subscriber s : subscribers) {
      for (String id : ids) {
        if (!s.ids.offer(id)) {
          s.overflowed = true;
        }
      }
    }
  }

  /** A new subscriber, or null when there are too many. */
  Subscriber subscribe() {
    if (subscribers.size() >= MAX_SUBSCRIBERS) {
      return null;
    }
    Subscriber s = new Subscriber();
    subscribers.add(s);
    return s;
  }

  void unsubscribe(Subscriber s) {
    subscribers.remove(s);
  }

  /** Listens to both: e.g. the metrics' listener and this feed. */
  public static MonitorListener both(MonitorListener a, MonitorListener b) {
    return new MonitorListener() {
      @Override
      public void checked(String host, String check, CheckResult result, Instant at) {
        a.checked(host, check, result, at);
        b.checked(host, check, result, at);
      }

      @Override
      public void annotated(Instant at, String kind, String text, java.util.Optional<String> host) {
        a.annotated(at, kind, text, host);
        b.annotated(at, kind, text, host);
      }
    };
  }
}
