package dev.brigade.metrics;

import dev.brigade.model.Cluster;
import dev.brigade.remote.RemoteOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brigade's capacity monitoring: takes collected values (check perfdata, munin-node, Prometheus,
 * the SSH collector), batches them in memory, writes them to one RRD4J file per series in the
 * background, and answers queries for graphs and forecasts.
 *
 * <pre>{@code
 * try (MetricsEngine m = MetricsEngine.create(cluster, cluster.section(MetricsSection.TYPE),
 *     InstantSource.system(), dir)) {
 *   m.start(); // flushes every metrics.flush and runs the model's collectors
 *   m.record("web1", "check.http", List.of(Sample.ofPerfdata("time", 0.012, "s")), Instant.now());
 *   m.annotate(new Event(Instant.now(), "deploy", "release 42", Optional.empty()));
 * }
 * }</pre>
 *
 * <p>A clean {@link #close()} writes every batched point; a {@code kill -9} loses at most the
 * points since the last flush, and never leaves a file that cannot be read.
 */
public final class MetricsEngine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MetricsEngine.class);

  private final MetricsSettings settings;
  private final InstantSource clock;
  private final Path dir;
  private final boolean readOnly;
  private final RrdStore store;
  private final SeriesCatalog catalog;
  private final SeriesTable table;
  private final EventLog events;
  private final QueryReader reader;
  private final ReentrantLock flushing = new ReentrantLock();
  private final java.util.concurrent.atomic.AtomicLong rejected =
      new java.util.concurrent.atomic.AtomicLong();
  private volatile FlushReport lastFlush;
  private ScheduledExecutorService flusher;
  private CollectionSchedule collection;

  private MetricsEngine(
      Cluster cluster, MetricsSettings settings, InstantSource clock, Path dir, boolean readOnly)
      throws IOException {
    this.settings = settings;
    this.clock = clock;
    this.dir = dir;
    this.readOnly = readOnly;
    Map<SeriesId, SeriesInfo> known = SeriesCatalog.read(dir);
    this.catalog = readOnly ? null : SeriesCatalog.openForAppend(dir);
    this.events = readOnly ? null : EventLog.openForAppend(dir);
    this.table = new SeriesTable(catalog, known);
    this.store = new RrdStore(dir, settings.retention(), settings.heartbeat(), readOnly);
    this.reader = new QueryReader(store, settings.retention());
    for (Path p : store.rolledBack()) {
      log.info("metrics: rolled back the update a crash cut short in {}", p);
    }
  }

  /** Files whose unfinished update (cut by a crash) was rolled back when this opened. */
  List<Path> rolledBack() {
    return store.rolledBack();
  }

  /**
   * An engine for the model: its store in {@code storeDir} (usually {@link
   * MetricsSettings#storeDir}), and the collectors the model asks for, which run from {@link
   * #start()}; the SSH collector logs in as {@code RemoteOptions.defaults()} does.
   */
  public static MetricsEngine create(
      Cluster cluster, MetricsSettings settings, InstantSource clock, Path storeDir) {
    return create(cluster, settings, clock, storeDir, RemoteOptions.defaults());
  }

  /** Like {@link #create(Cluster, MetricsSettings, InstantSource, Path)}, with SSH options. */
  public static MetricsEngine create(
      Cluster cluster,
      MetricsSettings settings,
      InstantSource clock,
      Path storeDir,
      RemoteOptions remoteOptions) {
    MetricsEngine m;
    try {
      m = new MetricsEngine(cluster, settings, clock, storeDir, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the metrics store " + storeDir, e);
    }
    if (cluster != null) {
      m.collection = CollectionSchedule.of(cluster, settings, m, clock, remoteOptions);
    }
    return m;
  }

  /** An engine over a store without collectors: {@link #record} is its only input. */
  public static MetricsEngine open(MetricsSettings settings, InstantSource clock, Path storeDir) {
    return create(null, settings, clock, storeDir);
  }

  /**
   * A store opened for reading only, e.g. by {@code brigade graph} while {@code brigade monitor}
   * writes it; it sees what the writer has flushed.
   */
  public static MetricsEngine openReadOnly(
      MetricsSettings settings, InstantSource clock, Path storeDir) {
    try {
      return new MetricsEngine(null, settings, clock, storeDir, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the metrics store " + storeDir, e);
    }
  }

  /** Starts the background flush every {@code metrics.flush} and the model's collectors. */
  public synchronized void start() {
    requireWritable();
    if (flusher != null) {
      return;
    }
    flusher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "metrics-flush");
              t.setDaemon(true);
              return t;
            });
    long ms = settings.flush().toMillis();
    flusher.scheduleWithFixedDelay(this::flushQuietly, ms, ms, TimeUnit.MILLISECONDS);
    if (collection != null) {
      collection.start();
    }
  }

  /**
   * Takes the values one source collected from one host at one time. The monitor calls this with
   * every check's performance data: {@code record(host, "check." + checkName, samples, at)}. Never
   * blocks on disk; the points are written by the next flush.
   */
  public void record(String host, String source, List<Sample> samples, Instant at) {
    requireWritable();
    long ms = at.toEpochMilli();
    for (Sample s : samples) {
      SeriesId id;
      try {
        id = new SeriesId(host, source, s.label());
      } catch (IllegalArgumentException e) {
        // one bad label (a plugin's, an exporter's) must not lose the source's other values
        if (rejected.getAndIncrement() < 3) {
          log.warn("metrics: {}/{}: {}", host, source, e.getMessage());
        }
        continue;
      }
      try {
        table.add(id, s, ms);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot add series to the metrics catalog in " + dir, e);
      }
    }
  }

  /** Stores an event, drawn as a marker on the graphs of its time range (synced at once). */
  public void annotate(Event event) {
    requireWritable();
    try {
      events.append(event);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the event log in " + dir, e);
    }
  }

  /** The events from {@code from} to {@code to}, in time order. */
  public List<Event> events(Instant from, Instant to) {
    try {
      return EventLog.read(dir, from, to);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A metric in the {@code window} before {@code at} against the window after it, e.g. p95 latency
   * an hour before and after a deploy.
   */
  public BeforeAfter compare(SeriesId series, Instant at, Duration window) {
    SeriesData d =
        query(new SeriesQuery(series, at.minus(window), at.plus(window), 0, Consolidation.AVERAGE));
    return BeforeAfter.compare(d, at, window);
  }

  /** Every series in the store, sorted by name. */
  public List<SeriesInfo> series() {
    return List.copyOf(table.infos().values());
  }

  /** The series, if the store has it. */
  public Optional<SeriesInfo> info(SeriesId id) {
    return Optional.ofNullable(table.infos().get(id));
  }

  /**
   * The points of one series; its batched points are written first, so a query sees everything
   * recorded before it (as {@code rrdtool graph --daemon} flushes rrdcached).
   *
   * @throws java.util.NoSuchElementException when the store has no such series
   */
  public SeriesData query(SeriesQuery q) {
    SeriesInfo info =
        info(q.series())
            .orElseThrow(
                () ->
                    new java.util.NoSuchElementException(
                        "no series '" + q.series() + "' in " + dir));
    try {
      if (!readOnly) {
        SeriesTable.Batch b = table.drain(q.series());
        if (b != null) {
          store.write(b.id(), b.seconds(), b.values(), b.n());
        }
      }
      return reader.read(info, q, clock.instant());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + q.series() + " in " + dir, e);
    }
  }

  /** Writes every batched point to its file now; what the background flush does. */
  public FlushReport flush() {
    requireWritable();
    flushing.lock();
    try {
      long t0 = System.nanoTime();
      List<SeriesTable.Batch> batches = table.drainAll();
      long points = 0;
      long skipped = 0;
      int failed = 0;
      for (SeriesTable.Batch b : batches) {
        try {
          int w = store.write(b.id(), b.seconds(), b.values(), b.n());
          points += w;
          skipped += b.n() - w;
        } catch (IOException | RuntimeException e) {
          failed++;
          if (failed <= 3) {
            log.warn("metrics: cannot write {}: {}", b.id(), e.toString());
          }
        }
      }
      catalog.sync();
      FlushReport r =
          new FlushReport(
              clock.instant(),
              batches.size(),
              points,
              skipped,
              failed,
              Duration.ofNanos(System.nanoTime() - t0));
      lastFlush = r;
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sync the metrics catalog in " + dir, e);
    } finally {
      flushing.unlock();
    }
  }

  /** The last flush's report, if one ran. */
  public Optional<FlushReport> lastFlush() {
    return Optional.ofNullable(lastFlush);
  }

  /** Samples refused since start because their host, source or label cannot name a series. */
  public long rejected() {
    return rejected.get();
  }

  /** Points recorded and not yet written. */
  public long pending() {
    return table.pending();
  }

  /** Points dropped since start because memory held {@link SeriesTable#MAX_PENDING} already. */
  public long dropped() {
    return table.dropped();
  }

  /**
   * Runs every collector of the model once now, all at once, and waits: one collection cycle, as
   * {@code munin-update} runs one. Answers how long it took.
   */
  public Duration collectNow() throws InterruptedException {
    return collection == null ? Duration.ZERO : collection.runAllNow();
  }

  /** Collection problems by host and collector, for the status of the collectors. */
  public List<String> collectionProblems() {
    return collection == null ? List.of() : collection.problems();
  }

  /** Bytes one series' file takes (all of it allocated when the series is created). */
  public long bytesPerSeries() {
    return store.bytesPerSeries();
  }

  /** The store's directory. */
  public Path directory() {
    return dir;
  }

  InstantSource clock() {
    return clock;
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      log.warn("metrics: flush failed: {}", e.toString());
    }
  }

  private void requireWritable() {
    if (readOnly) {
      throw new IllegalStateException("the metrics store " + dir + " is open for reading only");
    }
  }

  /** Stops the collectors, writes every batched point and closes the files. */
  @Override
  public synchronized void close() {
    List<Exception> errors = new ArrayList<>();
    if (collection != null) {
      collection.close();
    }
    if (flusher != null) {
      flusher.shutdownNow();
      try {
        flusher.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (!readOnly) {
      try {
        flush();
      } catch (RuntimeException e) {
        errors.add(e);
      }
      try {
        catalog.close();
        events.close();
      } catch (IOException e) {
        errors.add(e);
      }
    }
    store.close();
    if (!errors.isEmpty()) {
      throw new IllegalStateException("closing the metrics store " + dir, errors.getFirst());
    }
  }
}
