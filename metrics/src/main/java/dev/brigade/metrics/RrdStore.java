package dev.brigade.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.rrd4j.DsType;
import org.rrd4j.core.FetchData;
import org.rrd4j.core.RrdDb;
import org.rrd4j.core.RrdDef;

/**
 * One RRD4J file per series, created at its full size through a temporary file and an atomic rename
 * (so a crash while creating leaves no half file) and kept open, memory-mapped, for writes. A write
 * to a mapped page is in the kernel's page cache as soon as it is made, so a {@code kill -9} loses
 * nothing already written; files are synced to disk when closed.
 */
final class RrdStore implements AutoCloseable {
  static final String DS = "v";

  private final Path dir;
  private final RetentionLadder ladder;
  private final long heartbeatSeconds;
  private final boolean readOnly;
  private final JournaledBackend.Factory backend;
  private final UndoJournal journal;
  private final java.util.List<Path> rolledBack = new java.util.ArrayList<>();
  private final Map<SeriesId, RrdDb> open = new ConcurrentHashMap<>();

  RrdStore(Path dir, RetentionLadder ladder, java.time.Duration heartbeat, boolean readOnly)
      throws IOException {
    this.dir = dir;
    this.ladder = ladder;
    this.heartbeatSeconds = Math.max(heartbeat.toSeconds(), ladder.step().toSeconds());
    this.readOnly = readOnly;
    // a reader leaves the journal to the writer, which rolls back when it opens
    this.journal = readOnly ? null : UndoJournal.open(dir, rolledBack);
    this.backend = new JournaledBackend.Factory(journal);
  }

  /** The definition of a new series' file: one GAUGE data source, the ladder's archives. */
  RrdDef definition(Path file, long startSeconds) {
    RrdDef def = new RrdDef(file.toString(), startSeconds, ladder.step().toSeconds());
    def.addDatasource(DS, DsType.GAUGE, heartbeatSeconds, Double.NaN, Double.NaN);
    for (RetentionLadder.Rung r : ladder.rungs()) {
      int steps = ladder.stepsPerRow(r);
      def.addArchive(org.rrd4j.ConsolFun.AVERAGE, 0.5, steps, r.rows());
      if (ladder.keepsMinMax(r)) {
        def.addArchive(org.rrd4j.ConsolFun.MIN, 0.5, steps, r.rows());
        def.addArchive(org.rrd4j.ConsolFun.MAX, 0.5, steps, r.rows());
      }
    }
    return def;
  }

  /**
   * Writes points (seconds, value) in time order; points not after the file's last update are
   * skipped, as RRDtool refuses them. Answers how many were written.
   */
  int write(SeriesId id, long[] seconds, double[] values, int n) throws IOException {
    if (n == 0) {
      return 0;
    }
    RrdDb db = db(id, seconds[0] - ladder.step().toSeconds());
    int written = 0;
    Path file = id.file(dir);
    synchronized (journal) { // one journal: one update at a time
      synchronized (db) {
        journal.begin(file);
        long last = db.getLastUpdateTime();
        org.rrd4j.core.Sample s = db.createSample();
        for (int i = 0; i < n; i++) {
          if (seconds[i] <= last) {
            continue;
          }
          s.setTime(seconds[i]);
          s.setValue(0, values[i]);
          s.update();
          last = seconds[i];
          written++;
          if (journal.nearlyFull()) {
            journal.commit();
            journal.begin(file);
          }
        }
        journal.commit();
      }
    }
    return written;
  }

  /** The files an unfinished update was rolled back in when the store opened. */
  java.util.List<Path> rolledBack() {
    return java.util.List.copyOf(rolledBack);
  }

  /** The file's rows between the two times at the rung's resolution, or empty without a file. */
  Optional<FetchData> fetch(
      SeriesId id, Consolidation cf, RetentionLadder.Rung rung, long fromSeconds, long toSeconds)
      throws IOException {
    RrdDb db;
    try {
      db = db(id, -1);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    Consolidation read = ladder.keepsMinMax(rung) ? cf : Consolidation.AVERAGE;
    synchronized (db) {
      return Optional.of(
          db.createFetchRequest(read.rrd(), fromSeconds, toSeconds, rung.step().toSeconds())
              .fetchData());
    }
  }

  /** The last time written to the series' file, in seconds, or empty without a file. */
  Optional<Long> lastUpdate(SeriesId id) throws IOException {
    try {
      RrdDb db = db(id, -1);
      synchronized (db) {
        return Optional.of(db.getLastUpdateTime());
      }
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Bytes a series' file takes, from the definition (files never grow past it). */
  long bytesPerSeries() {
    return definition(dir.resolve("x.rrd"), 0).getEstimatedSize();
  }

  private RrdDb db(SeriesId id, long startIfNew) throws IOException {
    RrdDb db = open.get(id);
    if (db != null) {
      return db;
    }
    synchronized (open) {
      db = open.get(id);
      if (db != null) {
        return db;
      }
      Path file = id.file(dir);
      if (!Files.exists(file)) {
        if (readOnly || startIfNew < 0) {
          throw new NoSuchFileException(file.toString());
        }
        create(file, startIfNew);
      }
      db =
          RrdDb.getBuilder()
              .setPath(file.toString())
              .setBackendFactory(backend)
              .setReadOnly(readOnly)
              .build();
      open.put(id, db);
      return db;
    }
  }

  private void create(Path file, long start) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".new");
    Files.deleteIfExists(tmp); // left by a crash during an earlier creation
    try (RrdDb created =
        RrdDb.getBuilder().setRrdDef(definition(tmp, start)).setBackendFactory(backend).build()) {
      created.getLastUpdateTime(); // nothing to do: closing writes and syncs the new file
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Forgets an open file, so that the next read sees what another process wrote. */
  void reopen() {
    synchronized (open) {
      for (RrdDb db : open.values()) {
        closeQuietly(db);
      }
      open.clear();
    }
  }

  int openFiles() {
    return open.size();
  }

  @Override
  public void close() {
    synchronized (open) {
      UncheckedIOException first = null;
      for (RrdDb db : open.values()) {
        try {
          synchronized (db) {
            db.close();
          }
        } catch (IOException e) {
          first = first == null ? new UncheckedIOException(e) : first;
        }
      }
      open.clear();
      try {
        backend.close();
        if (journal != null) {
          journal.close();
        }
      } catch (IOException e) {
        first = first == null ? new UncheckedIOException(e) : first;
      }
      if (first != null) {
        throw first;
      }
    }
  }

  private static void closeQuietly(RrdDb db) {
    try {
      synchronized (db) {
        db.close();
      }
    } catch (IOException e) {
      // a read-only handle: nothing was written through it
    }
  }
}
