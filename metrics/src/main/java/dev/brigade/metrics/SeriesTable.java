package dev.brigade.metrics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The series being written: for each, the previous collected value (to compute rates) and the
 * stored points not yet flushed to its file. This is the in-memory batch that makes writes cheap,
 * as rrdcached's queue does.
 */
final class SeriesTable {
  /** Points held in memory at most; past it new points are dropped and counted. */
  static final long MAX_PENDING = 50_000_000;

  /** One series: guarded by itself. */
  static final class Slot {
    final SeriesInfo info;
    double previous = Double.NaN;
    long previousMillis = Long.MIN_VALUE;
    long[] seconds = new long[4];
    double[] values = new double[4];
    int pending;

    Slot(SeriesInfo info) {
      this.info = info;
    }
  }

  /** What a drain took out of one slot. */
  record Batch(SeriesId id, long[] seconds, double[] values, int n) {}

  private final Map<SeriesId, Slot> slots = new ConcurrentHashMap<>();
  private final SeriesCatalog catalog;
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();

  SeriesTable(SeriesCatalog catalog, Map<SeriesId, SeriesInfo> known) {
    this.catalog = catalog;
    known.forEach((id, info) -> slots.put(id, new Slot(info)));
  }

  /** Adds one collected value; answers false when it was dropped (memory bound reached). */
  boolean add(SeriesId id, Sample s, long atMillis) throws IOException {
    Slot slot = slots.get(id);
    if (slot == null) {
      slot = register(id, s);
    }
    synchronized (slot) {
      double seconds =
          slot.previousMillis == Long.MIN_VALUE
              ? Double.NaN
              : (atMillis - slot.previousMillis) / 1000.0;
      if (seconds <= 0) {
        return false; // not after the previous value: RRDtool refuses it too
      }
      Kind kind = slot.info.kind();
      // counters never go down: a negative rate is a reset, unknown for one step (Munin's min 0)
      double min = kind == Kind.GAUGE ? Double.NaN : 0;
      double stored = RateMath.store(kind, slot.previous, s.value(), seconds, min, Double.NaN);
      slot.previous = s.value();
      slot.previousMillis = atMillis;
      if (kind != Kind.GAUGE && Double.isNaN(seconds)) {
        return true; // the first value of a counter only starts it
      }
      if (pending.get() >= MAX_PENDING) {
        dropped.incrementAndGet();
        return false;
      }
      if (slot.pending == slot.seconds.length) {
        slot.seconds = Arrays.copyOf(slot.seconds, slot.pending * 2);
        slot.values = Arrays.copyOf(slot.values, slot.pending * 2);
      }
      slot.seconds[slot.pending] = Math.floorDiv(atMillis, 1000);
      slot.values[slot.pending] = stored;
      slot.pending++;
    }
    pending.incrementAndGet();
    accepted.incrementAndGet();
    return true;
  }

  private Slot register(SeriesId id, Sample s) throws IOException {
    synchronized (slots) {
      Slot slot = slots.get(id);
      if (slot == null) {
        SeriesInfo info = new SeriesInfo(id, SeriesInfo.storedUnit(s.unit(), s.kind()), s.kind());
        catalog.append(info);
        slot = new Slot(info);
        slots.put(id, slot);
      }
      return slot;
    }
  }

  /** Takes the pending points of every series out, for writing. */
  List<Batch> drainAll() {
    List<Batch> out = new ArrayList<>();
    for (Slot slot : slots.values()) {
      Batch b = drain(slot);
      if (b != null) {
        out.add(b);
      }
    }
    return out;
  }

  /** Takes the pending points of one series out, or null when it has none. */
  Batch drain(SeriesId id) {
    Slot slot = slots.get(id);
    return slot == null ? null : drain(slot);
  }

  private Batch drain(Slot slot) {
    synchronized (slot) {
      if (slot.pending == 0) {
        return null;
      }
      Batch b = new Batch(slot.info.id(), slot.seconds, slot.values, slot.pending);
      int keep = Math.max(4, Integer.highestOneBit(slot.pending));
      slot.seconds = new long[keep];
      slot.values = new double[keep];
      pending.addAndGet(-slot.pending);
      slot.pending = 0;
      return b;
    }
  }

  Map<SeriesId, SeriesInfo> infos() {
    Map<SeriesId, SeriesInfo> out =
        new java.util.TreeMap<>(java.util.Comparator.comparing(Object::toString));
    slots.forEach((id, s) -> out.put(id, s.info));
    return out;
  }

  long pending() {
    return pending.get();
  }

  long dropped() {
    return dropped.get();
  }

  long accepted() {
    return accepted.get();
  }
}
