package dev.brigade.metrics;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.rrd4j.core.FetchData;

/** Answers a {@link SeriesQuery} from the files: picks the rung, fetches, fits to pixels. */
final class QueryReader {
  private final RrdStore store;
  private final RetentionLadder ladder;

  QueryReader(RrdStore store, RetentionLadder ladder) {
    this.store = store;
    this.ladder = ladder;
  }

  SeriesData read(SeriesInfo info, SeriesQuery q, Instant now) throws IOException {
    RetentionLadder.Rung rung = ladder.rungFor(q.from(), now);
    long step = rung.step().toSeconds();
    // whole rows: from the row containing 'from' to the row containing 'to'
    long from = Math.floorDiv(q.from().getEpochSecond(), step) * step;
    long to = Math.floorDiv(q.to().getEpochSecond() + step - 1, step) * step;
    Optional<FetchData> avg = store.fetch(info.id(), Consolidation.AVERAGE, rung, from, to);
    Optional<FetchData> min = store.fetch(info.id(), Consolidation.MIN, rung, from, to);
    Optional<FetchData> max = store.fetch(info.id(), Consolidation.MAX, rung, from, to);
    int rowCount = (int) ((to - from) / step) + 1;
    double[] a = rows(avg, from, step, rowCount);
    double[] lo = rows(min, from, step, rowCount);
    double[] hi = rows(max, from, step, rowCount);
    int perPixel =
        q.width() == 0
            ? 1
            : RetentionLadder.rowsPerPixel(rung, Duration.ofSeconds(to - from), q.width());
    double[] line =
        switch (q.consolidation()) {
          case AVERAGE -> PixelBuckets.combine(a, perPixel, Consolidation.AVERAGE);
          case MIN -> PixelBuckets.combine(lo, perPixel, Consolidation.MIN);
          case MAX -> PixelBuckets.combine(hi, perPixel, Consolidation.MAX);
        };
    return new SeriesData(
        info,
        Instant.ofEpochSecond(from),
        Duration.ofSeconds(step * perPixel),
        line,
        PixelBuckets.combine(lo, perPixel, Consolidation.MIN),
        PixelBuckets.combine(hi, perPixel, Consolidation.MAX));
  }

  /** The fetched rows placed on the grid from {@code from} at {@code step}; NaN where absent. */
  private static double[] rows(Optional<FetchData> data, long from, long step, int count) {
    double[] out = new double[count];
    Arrays.fill(out, Double.NaN);
    if (data.isEmpty()) {
      return out;
    }
    long[] t = data.get().getTimestamps();
    double[] v = data.get().getValues(0);
    long fetchedStep = data.get().getStep();
    for (int i = 0; i < t.length; i++) {
      // a coarser archive than asked for (the range reaches past the finer one) fills every row
      // its point covers
      for (long s = t[i] - fetchedStep + step; s <= t[i]; s += step) {
        long idx = (s - from) / step;
        if (s >= from && idx < count && Double.isNaN(out[(int) idx])) {
          out[(int) idx] = v[i];
        }
      }
    }
    return out;
  }
}
