package dev.brigade.edge;

import io.netty.channel.EventLoop;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The requests of one pool that wait for a backend below its {@link ConnectionLimit}, oldest first
 * and bounded. Shared by every event loop: a waiter is woken on its own loop when a backend of the
 * pool frees a slot, and either the wake-up or its timeout claims it, never both.
 */
final class ConnectionQueue {
  /** One waiting request: what to run on its loop when it may try again. */
  static final class Waiter {
    final EventLoop loop;
    final Runnable retry;
    private final AtomicBoolean claimed = new AtomicBoolean();

    Waiter(EventLoop loop, Runnable retry) {
      this.loop = loop;
      this.retry = retry;
    }

    /** True once, for whoever takes the waiter out (a wake-up, its timeout, its client gone). */
    boolean claim() {
      return claimed.compareAndSet(false, true);
    }
  }

  private final int max;
  private final ConcurrentLinkedDeque<Waiter> waiters = new ConcurrentLinkedDeque<>();
  private final AtomicInteger size = new AtomicInteger();

  /** Requests that waited, and those refused because the queue was full or they waited too long. */
  final java.util.concurrent.atomic.LongAdder queued = new java.util.concurrent.atomic.LongAdder();

  final java.util.concurrent.atomic.LongAdder refused = new java.util.concurrent.atomic.LongAdder();

  ConnectionQueue(int max) {
    this.max = max;
  }

  /** Queues {@code w} at the back; false when the queue is full. */
  boolean offer(Waiter w) {
    if (size.incrementAndGet() > max) {
      size.decrementAndGet();
      return false;
    }
    waiters.addLast(w);
    queued.increment();
    return true;
  }

  /**
   * Puts back at the front a woken waiter that found every backend taken again (another request
   * came between): it keeps its place and its deadline.
   */
  void requeue(Waiter w) {
    size.incrementAndGet();
    waiters.addFirst(w);
  }

  /** Takes {@code w} out after its caller claimed it (timeout, client gone). */
  void remove(Waiter w) {
    if (waiters.remove(w)) {
      size.decrementAndGet();
    }
  }

  /** A backend freed a slot: the oldest waiter tries again, on its loop. */
  void wake() {
    Waiter w;
    while ((w = waiters.pollFirst()) != null) {
      size.decrementAndGet();
      if (w.claim()) {
        w.loop.execute(w.retry);
        return;
      }
    }
  }

  int size() {
    return size.get();
  }
}
