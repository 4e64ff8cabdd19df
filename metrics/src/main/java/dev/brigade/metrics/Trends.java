package dev.brigade.metrics;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The arithmetic of trends, pure: a least-squares line (for "time until full"), an hour-of-week
 * profile (the seasonal baseline: what this hour of this weekday usually is, and how much it
 * varies), and the peak hour of a range (the seed's "peak hour of load in a typical month").
 */
public final class Trends {
  private Trends() {}

  /**
   * A fitted line {@code value = intercept + slope * epochSecond}.
   *
   * @param slope change per second
   * @param intercept value at epoch second 0
   * @param points how many points it was fitted to
   */
  public record Line(double slope, double intercept, int points) {
    /** The value the line gives at {@code t}. */
    public double at(Instant t) {
      return intercept + slope * t.getEpochSecond();
    }

    /** When the line reaches {@code limit}, or null when it never does (flat or falling). */
    public Instant reaches(double limit) {
      if (!(slope > 0)) {
        return null;
      }
      double s = (limit - intercept) / slope;
      return s > Instant.MAX.getEpochSecond() ? null : Instant.ofEpochSecond(Math.round(s));
    }
  }

  /** The least-squares line through the known points, or null with fewer than two. */
  public static Line fit(SeriesData d) {
    double[][] p = d.known();
    if (p.length < 2) {
      return null;
    }
    // centre the times: epoch seconds squared lose precision
    double t0 = p[0][0];
    double st = 0;
    double sv = 0;
    for (double[] x : p) {
      st += x[0] - t0;
      sv += x[1];
    }
    double mt = st / p.length;
    double mv = sv / p.length;
    double cov = 0;
    double var = 0;
    for (double[] x : p) {
      double dt = x[0] - t0 - mt;
      cov += dt * (x[1] - mv);
      var += dt * dt;
    }
    if (var == 0) {
      return null;
    }
    double slope = cov / var;
    return new Line(slope, mv - slope * (mt + t0), p.length);
  }

  /**
   * For each of the 168 hours of a week (Monday 00:00 first, in {@code zone}): the mean and
   * standard deviation of the values that fell in it, and how many there were.
   */
  public record HourOfWeek(double[] mean, double[] sd, int[] count, ZoneId zone) {
    /** The slot of an instant. */
    public int slot(Instant t) {
      ZonedDateTime z = t.atZone(zone);
      return (z.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue()) * 24 + z.getHour();
    }

    /**
     * How many standard deviations {@code value} at {@code t} is from its hour's mean; NaN when the
     * hour was seen fewer than twice.
     */
    public double deviation(double value, Instant t) {
      int s = slot(t);
      if (count[s] < 2) {
        return Double.NaN;
      }
      // a floor under the spread: a perfectly regular hour would make any change infinite
      double sigma = Math.max(sd[s], Math.max(1e-9, Math.abs(mean[s]) * 0.01));
      return (value - mean[s]) / sigma;
    }
  }

  /** The hour-of-week profile of the known points (hourly points give one value an hour). */
  public static HourOfWeek hourOfWeek(SeriesData d, ZoneId zone) {
    double[] sum = new double[168];
    double[] sq = new double[168];
    int[] n = new int[168];
    HourOfWeek shape = new HourOfWeek(new double[168], new double[168], n, zone);
    for (int i = 0; i < d.size(); i++) {
      double v = d.values()[i];
      if (Double.isNaN(v)) {
        continue;
      }
      // a point stamped at its interval's end belongs to the hour before
      int s = shape.slot(d.time(i).minusSeconds(1));
      sum[s] += v;
      sq[s] += v * v;
      n[s]++;
    }
    for (int s = 0; s < 168; s++) {
      if (n[s] > 0) {
        shape.mean()[s] = sum[s] / n[s];
        double var = n[s] > 1 ? (sq[s] - n[s] * shape.mean()[s] * shape.mean()[s]) / (n[s] - 1) : 0;
        shape.sd()[s] = Math.sqrt(Math.max(0, var));
      }
    }
    return shape;
  }

  /**
   * The highest value and its time among the known points, e.g. of hourly averages: the peak hour.
   * Null without known points.
   */
  public static Peak peak(SeriesData d) {
    int best = -1;
    for (int i = 0; i < d.size(); i++) {
      if (!Double.isNaN(d.values()[i]) && (best < 0 || d.values()[i] > d.values()[best])) {
        best = i;
      }
    }
    return best < 0 ? null : new Peak(d.values()[best], d.time(best));
  }

  /**
   * A peak.
   *
   * @param value the value
   * @param at the end of its interval
   */
  public record Peak(double value, Instant at) {}
}
