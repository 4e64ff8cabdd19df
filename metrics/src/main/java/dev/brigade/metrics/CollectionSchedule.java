package dev.brigade.metrics;

import dev.brigade.model.Cluster;
import dev.brigade.model.Host;
import dev.brigade.remote.Remote;
import dev.brigade.remote.RemoteOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the model's collectors for every host, each at its interval on a virtual thread, spread over
 * the interval so that hosts are not all asked at once. A collection still running when its next
 * one is due is not started twice (and the skip is counted), so a slow host never piles up
 * connections.
 */
final class CollectionSchedule implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CollectionSchedule.class);

  /** One collector for one host. */
  private record Task(
      String key, Host host, Collector collector, Duration interval, AtomicBoolean running) {}

  private final MetricsEngine engine;
  private final InstantSource clock;
  private final List<Task> tasks;
  private final Remote remote;
  private final ScheduledExecutorService timer;
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, String> problems = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong skipped =
      new java.util.concurrent.atomic.AtomicLong();

  private CollectionSchedule(
      MetricsEngine engine, InstantSource clock, List<Task> tasks, Remote remote) {
    this.engine = engine;
    this.clock = clock;
    this.tasks = tasks;
    this.remote = remote;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "metrics-collect");
              t.setDaemon(true);
              return t;
            });
  }

  /** The tasks for the model, not yet scheduled. */
  static CollectionSchedule of(
      Cluster cluster,
      MetricsSettings settings,
      MetricsEngine engine,
      InstantSource clock,
      RemoteOptions remoteOptions) {
    List<Task> tasks = new ArrayList<>();
    Remote remote = null;
    for (Host h : cluster.hosts().values()) {
      for (MetricsSettings.Collect c : settings.collectorsFor(cluster, h)) {
        Collector col =
            switch (c.type()) {
              case MUNIN -> new MuninCollector(c.port(), c.address(), c.timeout(), clock);
              case PROMETHEUS ->
                  new PrometheusCollector(c.name(), c.port(), c.path(), c.address(), c.timeout());
              case SSH -> {
                if (remote == null) {
                  remote = Remote.open(remoteOptions);
                }
                yield new SshCollector(remote, c.timeout());
              }
            };
        tasks.add(new Task(h.name() + "/" + c.name(), h, col, c.interval(), new AtomicBoolean()));
      }
    }
    return new CollectionSchedule(engine, clock, List.copyOf(tasks), remote);
  }

  /** Schedules every task at its interval, the first run spread over one interval. */
  CollectionSchedule start() {
    for (Task t : tasks) {
      long period = t.interval().toMillis();
      long delay = Math.floorMod(t.key().hashCode() * 2654435761L, period);
      timer.scheduleAtFixedRate(() -> launch(t), delay, period, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  private void launch(Task t) {
    if (!t.running().compareAndSet(false, true)) {
      skipped.incrementAndGet();
      return;
    }
    workers.execute(
        () -> {
          try {
            run(t);
          } finally {
            t.running().set(false);
          }
        });
  }

  private void run(Task t) {
    Instant at = clock.instant();
    try {
      for (Collector.Collected c : t.collector().collect(t.host())) {
        engine.record(t.host().name(), c.source(), c.samples(), at);
      }
      if (problems.remove(t.key()) != null) {
        log.info("metrics: {} collects again", t.key());
      }
    } catch (Exception e) {
      String msg = e.getMessage() == null ? e.toString() : e.getMessage();
      if (!msg.equals(problems.put(t.key(), msg))) {
        log.warn("metrics: {}: {}", t.key(), msg);
      }
    }
  }

  /** Runs every task once now, all at once, and waits; answers how long the whole cycle took. */
  Duration runAllNow() throws InterruptedException {
    long t0 = System.nanoTime();
    List<Future<?>> running = new ArrayList<>();
    for (Task t : tasks) {
      running.add(workers.submit(() -> run(t)));
    }
    for (Future<?> f : running) {
      try {
        f.get();
      } catch (ExecutionException e) {
        // run() reports its own problems
      }
    }
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  /** The current problems, {@code HOST/COLLECTOR: message}, sorted. */
  List<String> problems() {
    return problems.entrySet().stream()
        .map(e -> e.getKey() + ": " + e.getValue())
        .sorted()
        .toList();
  }

  /** How many tasks there are. */
  int size() {
    return tasks.size();
  }

  long skipped() {
    return skipped.get();
  }

  @Override
  public void close() {
    timer.shutdownNow();
    workers.shutdownNow();
    try {
      workers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (remote != null) {
      remote.close();
    }
  }
}
