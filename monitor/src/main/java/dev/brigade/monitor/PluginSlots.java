package dev.brigade.monitor;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The plugin runner's slots: at most {@link AdaptiveLimit#limit()} plugins at once, callers waiting
 * in order (a fair lock), each run's time fed back into the limit.
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

  /** Takes a slot, waiting as long as it takes. */
  void acquire() throws InterruptedException {
    lock.lock();
    try {
      waiting++;
      try {
        while (inUse >= limit.limit()) {
          free.await();
        }
        inUse++;
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
    wake();
  }

  /** Gives back a slot whose run never ended normally. */
  void cancel() {
    lock.lock();
    try {
      inUse--;
    } finally {
      lock.unlock();
    }
    wake();
  }

  /** Wakes one waiter per free slot, never all of them: thousands may wait. */
  private void wake() {
    lock.lock();
    try {
      int room = Math.min(waiting, limit.limit() - inUse);
      for (int i = 0; i < room; i++) {
        free.signal();
      }
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
