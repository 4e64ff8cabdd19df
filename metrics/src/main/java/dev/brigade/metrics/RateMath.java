package dev.brigade.metrics;

import java.math.BigDecimal;

/**
 * Turns two successive collected values into the value to store, as RRDtool's {@code rrd_update}
 * does for its data source types (and Munin, which stores through RRDtool): pure functions.
 */
final class RateMath {
  /** 2^32: a 32-bit counter wraps here. */
  static final BigDecimal WRAP_32 = BigDecimal.valueOf(4_294_967_296L);

  /** 2^64 - 2^32: added after a 32-bit wrap still leaves the difference negative (a 64-bit one). */
  static final BigDecimal WRAP_64_REST = new BigDecimal("18446744069414584320");

  private RateMath() {}

  /**
   * The value to store for {@code value} collected {@code seconds} after {@code previous}.
   *
   * <ul>
   *   <li>GAUGE: the value itself.
   *   <li>COUNTER: the increase per second; when the counter went down it wrapped: 2^32 is added,
   *       and if that is not enough, 2^64 - 2^32 more (RRDtool's rule, so a 64-bit counter works
   *       too). A reset looks like a wrap; a {@code max} catches it.
   *   <li>DERIVE: the change per second, negative after a reset; with {@code min = 0} (Munin's
   *       advice for counters that reset) a reset is unknown instead.
   *   <li>ABSOLUTE: the value divided by the seconds since the previous one.
   * </ul>
   *
   * <p>Unknown (NaN) when there is no previous value for a kind that needs one, when {@code
   * seconds} is not positive, or when the result is outside {@code [min, max]} (NaN bounds mean
   * none).
   */
  static double store(
      Kind kind, double previous, double value, double seconds, double min, double max) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.NaN;
    }
    double out =
        switch (kind) {
          case GAUGE -> value;
          case COUNTER -> counter(previous, value, seconds);
          case DERIVE -> rate(previous, value, seconds);
          case ABSOLUTE -> seconds > 0 ? value / seconds : Double.NaN;
        };
    if (Double.isNaN(out)
        || (!Double.isNaN(min) && out < min)
        || (!Double.isNaN(max) && out > max)) {
      return Double.NaN;
    }
    return out;
  }

  private static double rate(double previous, double value, double seconds) {
    if (Double.isNaN(previous) || !(seconds > 0)) {
      return Double.NaN;
    }
    return (value - previous) / seconds;
  }

  private static double counter(double previous, double value, double seconds) {
    if (Double.isNaN(previous) || !(seconds > 0)) {
      return Double.NaN;
    }
    // exact arithmetic: near 2^64 a double's spacing is 4096, so value - previous in doubles
    // would lose the small increase entirely
    BigDecimal diff = new BigDecimal(value).subtract(new BigDecimal(previous));
    if (diff.signum() < 0) {
      diff = diff.add(WRAP_32);
    }
    if (diff.signum() < 0) {
      diff = diff.add(WRAP_64_REST);
    }
    return diff.doubleValue() / seconds;
  }
}
