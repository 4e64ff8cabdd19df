package dev.brigade.monitor;

import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of the monitor's store: a single thread takes the engine's changes in the order
 * they were made, writes them in one transaction, and forgets them only once that committed, so a
 * failed write loses nothing and an older snapshot can never be written over a newer one. Readers
 * (the event log of the API) never write: they see what is committed plus what is pending.
 */
final class Persister implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Persister.class);

  /** Pending events kept while the store refuses writes; older ones are dropped past this. */
  static final int MAX_PENDING_EVENTS = 100_000;

  /**
   * Changes taken from the engine at one moment.
   *
   * @param states check states to write (the newest per id wins)
   * @param events events to append, in order
   */
  record Batch(List<MonitorStore.Saved> states, List<MonitorStore.Event> events) {
    boolean isEmpty() {
      return states.isEmpty() && events.isEmpty();
    }
  }

  /** Where the changes come from: {@code everything} also takes the quiet states. */
  interface Source {
    Batch collect(boolean everything);
  }

  private final MonitorStore store;
  private final Source source;
  private final InstantSource clock;
  private final Duration retention;
  private final ScheduledExecutorService writer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("brigade-monitor-store").factory());
  private final Deque<Batch> pending = new ArrayDeque<>();
  private final Object taking = new Object();
  private final ReadWriteLock commit = new ReentrantReadWriteLock();
  private int ticks;
  private boolean failing;

  Persister(MonitorStore store, Source source, InstantSource clock, Duration retention) {
    this.store = store;
    this.source = source;
    this.clock = clock;
    this.retention = retention;
  }

  /**
   * Saves state changes every second and everything every minute (Nagios saves retention hourly),
   * and prunes the event log hourly.
   */
  void start() {
    writer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    writer.scheduleWithFixedDelay(this::prune, 0, 1, TimeUnit.HOURS);
  }

  private void tick() {
    try {
      write(++ticks % 60 == 0);
      if (failing) {
        failing = false;
        log.info("monitor state saved again");
      }
    } catch (SQLException | RuntimeException e) {
      if (!failing) {
        log.error("could not save monitor state, keeping it to retry: {}", e.getMessage());
      }
      failing = true;
    }
  }

  /** Forgets, on the writer thread, the states of checks no longer in the model. */
  void retain(java.util.Set<String> ids) {
    writer.execute(
        () -> {
          try {
            store.retain(ids);
          } catch (SQLException e) {
            log.error("could not forget the checks no longer in the model: {}", e.getMessage());
          }
        });
  }

  /** Takes everything from the engine and writes it now, on the writer thread. */
  void flush() throws SQLException {
    try {
      writer
          .submit(
              () -> {
                write(true);
                return null;
              })
          .get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException s) {
        throw s;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while saving the monitor state", e);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // already closed: the last flush happened then
    }
  }

  /** Runs on the writer thread only. */
  private void write(boolean everything) throws SQLException {
    take(everything);
    List<Batch> toWrite;
    synchronized (pending) {
      toWrite = List.copyOf(pending);
    }
    if (toWrite.isEmpty()) {
      return;
    }
    Map<String, MonitorStore.Saved> states = new LinkedHashMap<>();
    List<MonitorStore.Event> events = new ArrayList<>();
    for (Batch b : toWrite) {
      b.states().forEach(s -> states.put(s.id(), s));
      events.addAll(b.events());
    }
    commit.writeLock().lock();
    try {
      store.save(List.copyOf(states.values()), events);
      synchronized (pending) {
        for (int i = 0; i < toWrite.size(); i++) {
          pending.removeFirst();
        }
      }
    } finally {
      commit.writeLock().unlock();
    }
  }

  /**
   * Moves the engine's changes to the end of the pending queue; one taker at a time, so batches
   * queue in the order the engine made them (readers take too, to see the newest events).
   */
  private void take(boolean everything) {
    synchronized (taking) {
      Batch next = source.collect(everything);
      if (!next.isEmpty()) {
        synchronized (pending) {
          pending.addLast(next);
          trim();
        }
      }
    }
  }

  /** Bounds what a store that keeps failing makes us hold: the oldest events go first. */
  private void trim() {
    int events = pending.stream().mapToInt(b -> b.events().size()).sum();
    while (events > MAX_PENDING_EVENTS && pending.size() > 1) {
      Batch dropped = pending.removeFirst();
      events -= dropped.events().size();
      // its states are older than the ones behind it only where those name the same check
      Batch into = pending.removeFirst();
      Map<String, MonitorStore.Saved> merged = new LinkedHashMap<>();
      dropped.states().forEach(s -> merged.put(s.id(), s));
      into.states().forEach(s -> merged.put(s.id(), s));
      pending.addFirst(new Batch(List.copyOf(merged.values()), into.events()));
      log.warn("the store keeps failing: dropped {} old events", dropped.events().size());
    }
  }

  /** Events not yet written, newest first. */
  private List<MonitorStore.Event> pendingEvents() {
    List<MonitorStore.Event> out = new ArrayList<>();
    synchronized (pending) {
      for (Batch b : pending) {
        out.addAll(b.events());
      }
    }
    java.util.Collections.reverse(out);
    return out;
  }

  /** The latest events, newest first: those pending and those in the store; writes nothing. */
  List<MonitorStore.Event> events(int limit) throws SQLException {
    take(false);
    commit.readLock().lock();
    try {
      List<MonitorStore.Event> out = new ArrayList<>(pendingEvents());
      if (out.size() < limit) {
        out.addAll(store.events(limit - out.size()));
      }
      return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    } finally {
      commit.readLock().unlock();
    }
  }

  private void prune() {
    try {
      int n = store.prune(clock.instant().minus(retention));
      if (n > 0) {
        log.info("pruned {} events older than {}", n, retention);
      }
    } catch (SQLException e) {
      log.error("could not prune the event log: {}", e.getMessage());
    }
  }

  /** Writes what is left and stops the writer. */
  @Override
  public void close() throws SQLException {
    try {
      flush();
    } finally {
      writer.shutdownNow();
    }
  }
}
