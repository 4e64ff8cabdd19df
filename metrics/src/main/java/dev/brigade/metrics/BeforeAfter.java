package dev.brigade.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * A metric before and after a change (the seed's "checking results of configuration and software
 * changes"): average and 95th percentile over a window on each side of the event. Pure.
 *
 * @param before the window before
 * @param after the window after
 */
public record BeforeAfter(Side before, Side after) {
  /**
   * One side's numbers.
   *
   * @param average the mean of the known points
   * @param p95 the 95th percentile of the known points (nearest rank)
   * @param points how many points were known
   */
  public record Side(double average, double p95, int points) {}

  /**
   * The points of {@code d} in {@code [at - window, at)} against those in {@code [at, at +
   * window)}.
   */
  public static BeforeAfter compare(SeriesData d, Instant at, Duration window) {
    return new BeforeAfter(side(d, at.minus(window), at), side(d, at, at.plus(window)));
  }

  /** How much the average changed, as a fraction of the average before (NaN if undefined). */
  public double change() {
    return before.average() == 0
        ? Double.NaN
        : (after.average() - before.average()) / before.average();
  }

  /** One line, e.g. {@code avg 10 -> 20 (+100%), p95 12 -> 25}. */
  public String describe(String unit) {
    String u = unit.isEmpty() ? "" : " " + unit;
    return String.format(
        Locale.ROOT,
        "avg %s -> %s%s (%+.0f%%), p95 %s -> %s%s",
        AxisScale.format(before.average()),
        AxisScale.format(after.average()),
        u,
        100 * change(),
        AxisScale.format(before.p95()),
        AxisScale.format(after.p95()),
        u);
  }

  private static Side side(SeriesData d, Instant from, Instant to) {
    double[] v = new double[d.size()];
    int n = 0;
    for (int i = 0; i < d.size(); i++) {
      // a point covers the step before its time stamp
      Instant start = d.time(i).minus(d.step());
      if (!start.isBefore(from) && start.isBefore(to) && !Double.isNaN(d.values()[i])) {
        v[n++] = d.values()[i];
      }
    }
    if (n == 0) {
      return new Side(Double.NaN, Double.NaN, 0);
    }
    double[] k = Arrays.copyOf(v, n);
    Arrays.sort(k);
    double sum = 0;
    for (double x : k) {
      sum += x;
    }
    int rank = (int) Math.ceil(0.95 * n) - 1;
    return new Side(sum / n, k[Math.max(0, rank)], n);
  }
}
