package dev.brigade.edge;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A re-armable timeout on one event loop that costs a clock read per arm, not a scheduled task: it
 * keeps at most one task scheduled and, when that fires early (the deadline moved on since), sets
 * it again for what is left. A request path that restarts a timer several times per request (head,
 * between bytes, first byte, idle) would otherwise schedule and cancel a task each time. Use it on
 * its executor's thread only.
 *
 * <pre>{@code
 * Deadline idle = new Deadline(ctx.executor());
 * idle.arm(owner, 60_000_000_000L, this::idleTimedOut); // replaces what was armed
 * idle.disarm(owner); // nothing runs, unless another owner armed it since
 * }</pre>
 */
final class Deadline implements Runnable {
  /** Where the one task goes: an event loop's schedule, or a test's. */
  interface Scheduler {
    Future<?> schedule(Runnable task, long afterNanos);
  }

  private final Scheduler scheduler;
  private final LongSupplier nanoClock;

  /** When the armed action is due (nanoClock time); meaningful only while armed. */
  private long due;

  private Runnable action;
  private Object owner;

  /** The one scheduled task, and when it fires (nanoClock time). */
  private Future<?> task;

  private long taskAt;

  Deadline(EventExecutor executor) {
    this((task, after) -> executor.schedule(task, after, TimeUnit.NANOSECONDS), System::nanoTime);
  }

  Deadline(Scheduler scheduler, LongSupplier nanoClock) {
    this.scheduler = scheduler;
    this.nanoClock = nanoClock;
  }

  /** Runs {@code r} after {@code afterNanos} unless re-armed or disarmed first. */
  void arm(Object owner, long afterNanos, Runnable r) {
    long now = nanoClock.getAsLong();
    this.owner = owner;
    this.action = r;
    this.due = now + afterNanos;
    if (task != null && taskAt - due <= 0) {
      return; // the task fires first and sets itself again for what is left
    }
    if (task != null) {
      task.cancel(false); // due earlier than the task: a shorter timeout replaced a longer one
    }
    schedule(now, due);
  }

  /** Arms with the owner {@code this}. */
  void arm(long afterNanos, Runnable r) {
    arm(this, afterNanos, r);
  }

  /** Nothing runs, unless someone other than {@code owner} armed it since. */
  void disarm(Object owner) {
    if (this.owner == owner) {
      this.action = null;
      this.owner = null;
    }
  }

  void disarm() {
    disarm(this);
  }

  /** Armed and not yet run. */
  boolean armed() {
    return action != null;
  }

  /** Disarms and drops the scheduled task (the connection is closed: nothing may linger). */
  void close() {
    action = null;
    owner = null;
    if (task != null) {
      task.cancel(false);
      task = null;
    }
  }

  @Override
  public void run() {
    task = null;
    Runnable r = action;
    if (r == null) {
      return;
    }
    long now = nanoClock.getAsLong();
    if (due - now > 0) {
      schedule(now, due);
      return;
    }
    action = null;
    owner = null;
    r.run();
  }

  private void schedule(long now, long at) {
    taskAt = at;
    task = scheduler.schedule(this, Math.max(0, at - now));
  }
}
