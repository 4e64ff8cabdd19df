package dev.brigade.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each check when it is due, each on its own virtual thread, at most {@code concurrency}
 * built-in checks at once (plugins have their own limit in {@link PluginRunner}), and measures the
 * engine's load. A watchdog reclaims the slot of a check that overran its deadline (its timeout and
 * a grace), records it as UNKNOWN and counts it, so a probe that ignores its timeout cannot starve
 * the others.
 */
final class Scheduler {
  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

  /** What a check may take beyond its own timeout before the watchdog takes its slot back. */
  static final Duration GRACE = Duration.ofSeconds(5);

  /** One check being run. */
  private static final class Run {
    final Thread thread;
    final Instant deadline;
    final boolean slot;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final AtomicBoolean slotBack = new AtomicBoolean();

    Run(Thread thread, Instant deadline, boolean slot) {
      this.thread = thread;
      this.deadline = deadline;
      this.slot = slot;
    }

    /** True for the first of the run and the watchdog to finish it. */
    boolean claim() {
      return claimed.compareAndSet(false, true);
    }

    /** True once: whoever gets it releases the slot. */
    boolean takeSlotBack() {
      return slot && slotBack.compareAndSet(false, true);
    }
  }

  private final Engine engine;
  private final int concurrency;
  private final Semaphore slots;
  private final ExecutorService runners = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicLong overruns = new AtomicLong();
  private final Map<Entry, Run> active = new ConcurrentHashMap<>();
  private final EngineStats stats = new EngineStats();
  private volatile boolean closed;
  private Thread loop;

  Scheduler(Engine engine, int concurrency) {
    this.engine = engine;
    this.concurrency = concurrency;
    this.slots = new Semaphore(concurrency);
  }

  synchronized void start() {
    if (loop == null) {
      loop = Thread.ofPlatform().name("brigade-monitor").daemon().start(this::dispatch);
    }
  }

  private void dispatch() {
    while (!closed) {
      Entry due;
      long waitMillis;
      synchronized (engine) {
        Instant now = engine.clock.instant();
        Entry head = engine.queue.peek();
        if (head != null && !head.nextRun.isAfter(now)) {
          due = engine.queue.poll();
          due.running = true;
          waitMillis = 0;
        } else {
          due = null;
          waitMillis =
              head == null
                  ? 200
                  : Math.min(200, Math.max(1, Duration.between(now, head.nextRun).toMillis()));
        }
      }
      if (due == null) {
        try {
          Thread.sleep(waitMillis);
        } catch (InterruptedException e) {
          return;
        }
        continue;
      }
      Entry e = due;
      Instant scheduled = e.nextRun;
      waiting.incrementAndGet();
      try {
        runners.execute(() -> runOne(e, scheduled));
      } catch (java.util.concurrent.RejectedExecutionException closedNow) {
        waiting.decrementAndGet();
      }
    }
  }

  /**
   * Runs every check due now on the engine's clock and waits for them: the way tests step time.
   *
   * @return how many ran
   */
  int runDue() throws InterruptedException {
    List<Entry> due = new ArrayList<>();
    synchronized (engine) {
      Instant now = engine.clock.instant();
      while (engine.queue.peek() != null && !engine.queue.peek().nextRun.isAfter(now)) {
        Entry e = engine.queue.poll();
        e.running = true;
        due.add(e);
      }
    }
    List<Thread> threads = new ArrayList<>();
    for (Entry e : due) {
      Instant scheduled = e.nextRun;
      waiting.incrementAndGet();
      threads.add(Thread.ofVirtual().start(() -> runOne(e, scheduled)));
    }
    for (Thread t : threads) {
      t.join();
    }
    return due.size();
  }

  private void runOne(Entry e, Instant scheduled) {
    Target t = e.target;
    Instant started = engine.clock.instant();
    boolean forced;
    boolean enabled;
    synchronized (engine) {
      forced = e.forced;
      enabled = e.state.checksEnabled();
    }
    if (!forced && !t.period().contains(started)) {
      // outside its check period: not run, nobody told; it runs when the period starts
      waiting.decrementAndGet();
      engine.skip(e, t.period().next(started));
      return;
    }
    if (!forced && !enabled) {
      // active checks disabled (a passive one does not go stale either): looked at again later
      waiting.decrementAndGet();
      engine.skip(e, started.plus(t.isPassive() ? t.freshness().orElseThrow() : interval(t)));
      return;
    }
    boolean slot = !t.plugin();
    try {
      if (slot) {
        slots.acquire();
      }
    } catch (InterruptedException ie) {
      waiting.decrementAndGet();
      engine.skip(e, started.plus(t.policy().retryInterval()));
      Thread.currentThread().interrupt();
      return;
    }
    waiting.decrementAndGet();
    Run run =
        new Run(Thread.currentThread(), engine.clock.instant().plus(t.timeout()).plus(GRACE), slot);
    active.put(e, run);
    try {
      CheckResult r;
      if (t.isPassive()) {
        r = engine.stale(e);
      } else {
        r = Engine.probe(t);
        if (t.isHost() && r.status() != Status.OK) {
          engine.checkParentsNow(t.host(), new HashSet<>(Set.of(t.host())));
        }
      }
      if (!run.claim()) {
        return; // the watchdog has recorded it as overrun and given its slot to another
      }
      Instant now = engine.clock.instant();
      stats.record(scheduled, now, r.took());
      engine.record(e, r, now);
    } catch (InterruptedException ie) {
      if (run.claim()) {
        engine.skip(e, engine.clock.instant().plus(t.policy().retryInterval()));
      }
      Thread.currentThread().interrupt();
    } catch (RuntimeException bug) {
      log.error("recording a result of {} failed; it is rescheduled", t.id(), bug);
      if (run.claim()) {
        engine.skip(e, engine.clock.instant().plus(t.policy().retryInterval()));
      }
    } finally {
      active.remove(e, run);
      if (run.takeSlotBack()) {
        slots.release();
      }
    }
  }

  private static Duration interval(Target t) {
    return t.policy().checkInterval();
  }

  /**
   * Reclaims the slot of every check past its deadline at {@code now}: records it as UNKNOWN,
   * interrupts its thread and counts it.
   *
   * @return how many were reclaimed
   */
  int watchdog(Instant now) {
    int n = 0;
    for (Map.Entry<Entry, Run> a : active.entrySet()) {
      Run run = a.getValue();
      if (!now.isAfter(run.deadline) || !run.claim()) {
        continue;
      }
      Entry e = a.getKey();
      if (run.takeSlotBack()) {
        slots.release();
      }
      run.thread.interrupt();
      overruns.incrementAndGet();
      n++;
      String why =
          "UNKNOWN - check overran its deadline ("
              + dev.brigade.model.Durations.format(e.target.timeout())
              + " timeout + "
              + GRACE.toSeconds()
              + " s); its slot was reclaimed";
      log.warn("{}: {}", e.target.id(), why);
      engine.record(e, Engine.result(Status.UNKNOWN, why), now);
    }
    return n;
  }

  /** Checks due but not started. */
  int waiting() {
    return waiting.get();
  }

  /** Checks the watchdog has reclaimed since the start. */
  long overruns() {
    return overruns.get();
  }

  /**
   * The engine's load: demand is each check's run time over the interval it runs at now, the retry
   * interval while it is in a SOFT problem (a retry storm needs more slots than the plan).
   */
  Load load(int pluginCapacity, int pluginsQueued) {
    double demand = 0;
    double pluginDemand = 0;
    synchronized (engine) {
      for (Entry e : engine.entries()) {
        if (e.target.isPassive() || !e.state.checksEnabled()) {
          continue;
        }
        double d = Load.demand(e.execEwma, e.target.policy(), e.state.type(), e.state.status());
        if (e.target.plugin()) {
          pluginDemand += d;
        } else {
          demand += d;
        }
      }
    }
    return stats.load(
        demand,
        concurrency,
        pluginDemand,
        pluginCapacity,
        waiting.get() + pluginsQueued,
        overruns.get());
  }

  void resetLoad() {
    stats.reset();
  }

  void close() {
    closed = true;
    if (loop != null) {
      loop.interrupt();
    }
    runners.shutdownNow();
  }
}
