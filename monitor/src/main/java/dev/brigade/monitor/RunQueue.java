package dev.brigade.monitor;

import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;

/** The checks by their next run, soonest first; guarded by the {@link Engine}'s lock. */
final class RunQueue {
  private final PriorityQueue<Entry> heap =
      new PriorityQueue<>(Comparator.comparing((Entry e) -> e.nextRun));

  void add(Entry e) {
    heap.add(e);
    e.queued = true;
  }

  /** The soonest, or null. */
  Entry peek() {
    return heap.peek();
  }

  /** Takes the soonest out. */
  Entry poll() {
    Entry e = heap.poll();
    e.queued = false;
    return e;
  }

  /** Out of the heap (a linear search, so only when it is in there). */
  void remove(Entry e) {
    if (e.queued) {
      heap.remove(e);
      e.queued = false;
    }
  }

  /** Runs {@code e} at {@code when} (out of the heap before its key changes). */
  void moveTo(Entry e, Instant when) {
    remove(e);
    e.nextRun = when;
    add(e);
  }

  /** Runs {@code e} at {@code when} if that is sooner than planned. */
  void advance(Entry e, Instant when) {
    if (e.nextRun.isAfter(when)) {
      moveTo(e, when);
    }
  }
}
