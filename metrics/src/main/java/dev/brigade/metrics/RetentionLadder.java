package dev.brigade.metrics;

import java.time.Duration;
import java.util.List;

/**
 * How long a series is kept at which resolution: RRDtool's round-robin archives, from the finest to
 * the coarsest. Files are sized for the whole ladder when created, so disk use never grows.
 *
 * @param step the primary step: collected values are averaged into points of this length
 * @param rungs the archives, finest first; each rung's step is a multiple of {@code step} and of
 *     the rung before
 */
public record RetentionLadder(Duration step, List<Rung> rungs) {
  /**
   * Brigade's default: 10-second points for a day, 1 minute for two weeks, 1 hour for 13 months
   * (396 days), 1 day for 10 years (3653 days).
   */
  public static final RetentionLadder DEFAULT =
      new RetentionLadder(
          Duration.ofSeconds(10),
          List.of(
              new Rung(Duration.ofSeconds(10), Duration.ofDays(1)),
              new Rung(Duration.ofMinutes(1), Duration.ofDays(14)),
              new Rung(Duration.ofHours(1), Duration.ofDays(396)),
              new Rung(Duration.ofDays(1), Duration.ofDays(3653))));

  /**
   * One archive: points of {@code step} kept for {@code span}.
   *
   * @param step the length of one stored point
   * @param span how far back the points reach
   */
  public record Rung(Duration step, Duration span) {
    /** How many points this rung keeps: {@code span / step}, rounded up. */
    public int rows() {
      long s = step.toSeconds();
      return Math.toIntExact((span.toSeconds() + s - 1) / s);
    }
  }

  public RetentionLadder {
    rungs = List.copyOf(rungs);
    if (rungs.isEmpty() || step.toSeconds() < 1) {
      throw new IllegalArgumentException("a retention ladder needs a step of 1s or more and rungs");
    }
    Duration before = step;
    for (Rung r : rungs) {
      if (r.step().toSeconds() % before.toSeconds() != 0 || r.span().compareTo(r.step()) < 0) {
        throw new IllegalArgumentException(
            "rung "
                + r.step().toSeconds()
                + "s for "
                + r.span().toSeconds()
                + "s: each step must be a multiple of the one before and the span at least one"
                + " step");
      }
      before = r.step();
    }
  }

  /** How many primary steps one point of the rung combines. */
  public int stepsPerRow(Rung rung) {
    return Math.toIntExact(rung.step().toSeconds() / step.toSeconds());
  }

  /**
   * Whether the rung keeps MIN and MAX archives too: a rung of single primary points has nothing to
   * take a minimum or maximum of, so it keeps AVERAGE only and MIN/MAX read that.
   */
  public boolean keepsMinMax(Rung rung) {
    return stepsPerRow(rung) > 1;
  }

  /** Stored values per series: the rows of every archive (AVERAGE, and MIN/MAX where kept). */
  public long valuesPerSeries() {
    long n = 0;
    for (Rung r : rungs) {
      n += (long) r.rows() * (keepsMinMax(r) ? 3 : 1);
    }
    return n;
  }

  /**
   * The finest rung whose points still reach back to {@code from} at {@code now}: the resolution a
   * query for that range reads (coarser rungs are only needed further back), or the coarsest.
   */
  public Rung rungFor(java.time.Instant from, java.time.Instant now) {
    Duration back = Duration.between(from, now);
    for (Rung r : rungs) {
      if (r.span().compareTo(back) >= 0) {
        return r;
      }
    }
    return rungs.getLast();
  }

  /**
   * How many rows of {@code rung} make one pixel when {@code range} is drawn {@code width} pixels
   * wide: at least 1, so a graph never has more points than pixels.
   */
  public static int rowsPerPixel(Rung rung, Duration range, int width) {
    long perPixel = Math.max(1, range.toSeconds() / Math.max(1, width));
    long rows = (perPixel + rung.step().toSeconds() - 1) / rung.step().toSeconds();
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, rows));
  }
}
