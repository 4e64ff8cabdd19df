package dev.brigade.edge;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The byte budget for everything captured in flight (bodies on their way into the cache), across
 * all requests: a capture reserves before it holds, and gives back when it ends, unless coalesced
 * waiters still stream it: then its busy object holds the bytes until the last of them wrote them.
 */
final class InFlight {
  private final AtomicLong used = new AtomicLong();
  private final AtomicLong highWater = new AtomicLong();
  private volatile long limit;

  InFlight(long limit) {
    this.limit = limit;
  }

  void limit(long bytes) {
    limit = bytes;
  }

  /** Reserves {@code n} more bytes for {@code e}; false (and nothing reserved) when spent. */
  boolean tryReserve(Exchange e, long n) {
    while (true) {
      long u = used.get();
      if (u + n > limit) {
        return false;
      }
      if (used.compareAndSet(u, u + n)) {
        e.reserved += n;
        highWater.accumulateAndGet(u + n, Math::max);
        return true;
      }
    }
  }

  /**
   * Counts {@code n} bytes that are held already and must be (a busy object's body while waiters
   * still stream it): never refused, but later reservations see them.
   */
  void hold(long n) {
    highWater.accumulateAndGet(used.addAndGet(n), Math::max);
  }

  /** Gives back bytes counted by {@link #hold} (or handed over from a reservation). */
  void free(long n) {
    used.addAndGet(-n);
  }

  /** Gives back everything {@code e} reserved. */
  void release(Exchange e) {
    if (e.reserved > 0) {
      used.addAndGet(-e.reserved);
      e.reserved = 0;
    }
  }

  long used() {
    return used.get();
  }

  long highWater() {
    return highWater.get();
  }

  long limit() {
    return limit;
  }
}
