package dev.brigade.metrics;

import java.time.Duration;
import java.time.Instant;

/**
 * Points of one series at a fixed step: the line value and the min/max band of each, NaN where
 * unknown.
 *
 * @param info the series and its unit
 * @param start the time of the first point (its interval's end, as RRDtool stamps rows)
 * @param step the time between points
 * @param values the line values, by the query's consolidation
 * @param min the lowest value within each point
 * @param max the highest value within each point
 */
public record SeriesData(
    SeriesInfo info, Instant start, Duration step, double[] values, double[] min, double[] max) {

  /** How many points. */
  public int size() {
    return values.length;
  }

  /** The time of point {@code i}. */
  public Instant time(int i) {
    return start.plus(step.multipliedBy(i));
  }

  /** The points with a known value, as (epoch seconds, value) pairs for regression and trends. */
  public double[][] known() {
    int n = 0;
    for (double v : values) {
      n += Double.isNaN(v) ? 0 : 1;
    }
    double[][] out = new double[n][];
    int j = 0;
    for (int i = 0; i < values.length; i++) {
      if (!Double.isNaN(values[i])) {
        out[j++] = new double[] {time(i).getEpochSecond(), values[i]};
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SeriesData d
        && info.equals(d.info)
        && start.equals(d.start)
        && step.equals(d.step)
        && java.util.Arrays.equals(values, d.values)
        && java.util.Arrays.equals(min, d.min)
        && java.util.Arrays.equals(max, d.max);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(info, start, step, java.util.Arrays.hashCode(values));
  }

  @Override
  public String toString() {
    return "SeriesData[" + info.id() + ", " + values.length + " points from " + start + "]";
  }
}
