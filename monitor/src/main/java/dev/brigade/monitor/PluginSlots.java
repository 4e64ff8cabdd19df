package dev.brigade.monitor;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The plugin runner's slots: at most {@link AdaptiveLimit#limit()} plugins at once, callers waiting
 * in order (a fair lock) until their deadline, each run's time fed back into the limit.
 */
final class PluginSlots {
  private final AdaptiveLimit limit;
  private final MachineLoad load;
  private final ReentrantLock lock = new ReentrantLock(true);
  private final Condition free = lock.newCondition();
  private int inUse;
  private int waiting;

  PluginSlots(AdaptiveLimit limit, MachineLoad load) {
    this.limit = limit;
    this.load = load;
  }

  /** Takes a slot, waiting until {@code deadline} at most; false when none came free in time. */
  boolean acquire(Deadline deadline) throws InterruptedException {
    lock.lock();
    try {
      waiting++;
      try {
        long nanos = deadline.remaining().toNanos();
        while (inUse >= limit.limit()) {
          if (nanos <= 0) {
            return false;
          }
          nanos = free.awaitNanos(Math.min(nanos, deadline.remaining().toNanos()));
        }
        inUse++;
        return true;
      } finally {
        waiting--;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Gives a slot back after a run of {@code nanos}. */
  void release(long nanos) {
    boolean waited;
    lock.lock();
    try {
      inUse--;
      waited = waiting > 0;
    } finally {
      lock.unlock();
    }
    limit.onRun(nanos, waited, load.runnablePerCpu());
    lock.lock();
    try {
      free.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Gives back a slot whose run never started. */
  void cancel() {
    lock.lock();
    try {
      inUse--;
      free.signal();
    } finally {
      lock.unlock();
    }
  }

  int limit() {
    return limit.limit();
  }

  int waiting() {
    lock.lock();
    try {
      return waiting;
    } finally {
      lock.unlock();
    }
  }
}
