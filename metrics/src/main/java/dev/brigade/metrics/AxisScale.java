package dev.brigade.metrics;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The numbers on a graph's axes: round value ticks (1, 2, 5 x 10^n) shown in a scaled unit
 * (KiB/MiB/GiB for bytes, ms/us for seconds, k/M/G otherwise), and time ticks at round intervals.
 * Pure.
 */
final class AxisScale {
  private AxisScale() {}

  /**
   * A unit scaled for display: values are divided by {@code factor} and shown with {@code unit}.
   */
  record Scaled(double factor, String unit) {}

  /** The scale that shows values up to {@code max} (in {@code unit}) with 1 to 3 digits. */
  static Scaled scale(String unit, double max) {
    double m = Math.abs(max);
    if (unit.startsWith("B")) { // B, B/s: binary prefixes, as for memory and disks
      String rest = unit.substring(1);
      String[] p = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
      int i = 0;
      while (i < p.length - 1 && m >= Math.pow(1024, i + 1)) {
        i++;
      }
      return new Scaled(Math.pow(1024, i), p[i] + rest);
    }
    if (unit.startsWith("s") && (unit.length() == 1 || unit.charAt(1) == '/')) {
      String rest = unit.substring(1);
      if (m > 0 && m < 1e-3) {
        return new Scaled(1e-6, "µs" + rest);
      }
      if (m > 0 && m < 1) {
        return new Scaled(1e-3, "ms" + rest);
      }
      return new Scaled(1, unit);
    }
    if (unit.equals("%")) {
      return new Scaled(1, unit);
    }
    String[] p = {"", "k", "M", "G", "T", "P"};
    int i = 0;
    while (i < p.length - 1 && m >= Math.pow(1000, i + 1)) {
      i++;
    }
    return new Scaled(Math.pow(1000, i), p[i] + unit);
  }

  /** Round ticks from {@code min} to {@code max}, about {@code count} of them. */
  static double[] ticks(double min, double max, int count) {
    if (!(max > min)) {
      max = min + 1;
    }
    double raw = (max - min) / Math.max(1, count);
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = mag;
    for (double f : new double[] {1, 2, 5, 10}) {
      if (f * mag >= raw) {
        step = f * mag;
        break;
      }
    }
    double first = Math.ceil(min / step - 1e-9) * step;
    List<Double> out = new ArrayList<>();
    for (double v = first; v <= max + step * 1e-9 && out.size() < 50; v += step) {
      out.add(Math.abs(v) < step * 1e-9 ? 0 : v);
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** The top of the value axis: the next round tick at or above {@code max}. */
  static double niceMax(double max) {
    if (!(max > 0)) {
      return 1;
    }
    double mag = Math.pow(10, Math.floor(Math.log10(max)));
    for (double f : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
      if (f * mag >= max) {
        return f * mag;
      }
    }
    return 10 * mag;
  }

  private static final Duration[] TIME_STEPS = {
    Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30),
    Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(12),
    Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(7), Duration.ofDays(14),
    Duration.ofDays(30), Duration.ofDays(91), Duration.ofDays(365)
  };

  /** Time ticks between the two instants, at most {@code max} of them, at a round step. */
  static List<Instant> timeTicks(Instant from, Instant to, int max, ZoneId zone) {
    Duration range = Duration.between(from, to);
    Duration step = TIME_STEPS[TIME_STEPS.length - 1];
    for (Duration d : TIME_STEPS) {
      if (range.dividedBy(d) <= max) {
        step = d;
        break;
      }
    }
    long s = step.toSeconds();
    long offset = zone.getRules().getOffset(from).getTotalSeconds();
    long first = Math.floorDiv(from.getEpochSecond() + offset + s - 1, s) * s - offset;
    List<Instant> out = new ArrayList<>();
    for (long t = first; t <= to.getEpochSecond() && out.size() <= max; t += s) {
      out.add(Instant.ofEpochSecond(t));
    }
    return out;
  }

  /** How a time tick is labelled for a range this long. */
  static DateTimeFormatter timeFormat(Duration range, ZoneId zone) {
    String pattern =
        range.compareTo(Duration.ofDays(1)) <= 0
            ? "HH:mm"
            : range.compareTo(Duration.ofDays(60)) <= 0 ? "MM-dd HH:mm" : "yyyy-MM-dd";
    return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(zone);
  }

  /** A value for an axis or legend, with 3 significant digits at most. */
  static String format(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e6) {
      return Long.toString((long) v);
    }
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return new java.math.BigDecimal(v)
        .round(new java.math.MathContext(3))
        .stripTrailingZeros()
        .toPlainString();
  }
}
