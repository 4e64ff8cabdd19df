package dev.brigade.demo;

import java.time.Duration;

/**
 * A website's request rate over one day, compressed in time: low at night, a climb in the morning,
 * a bump at lunch and the peak in the evening (the seed's "Predicting peak traffic": traffic over
 * the day is irregular, so plan for the peak hour). A pure function of the time elapsed since the
 * demo's day began.
 *
 * <pre>{@code
 * DailyCurve curve = new DailyCurve(Duration.ofMinutes(10), 200, 7);
 * curve.hourAt(Duration.ofMinutes(5));   // 19.0: half a compressed day after 07:00
 * curve.rateAt(Duration.ofMinutes(5));   // about 175 requests per second
 * }</pre>
 *
 * @param dayLength how long one simulated day takes in real time
 * @param peakRate requests per second at the evening peak (the ceiling)
 * @param startHour the simulated hour of day the demo starts at, from 0 (inclusive) to 24
 */
public record DailyCurve(Duration dayLength, double peakRate, double startHour) {
  /** The simulated hour of the evening peak, when the rate is {@code peakRate}. */
  public static final int PEAK_HOUR = 21;

  /** The share of the peak rate at each full hour, 00:00 to 24:00 (the same as 00:00). */
  private static final double[] SHAPE = {
    0.30, 0.20, 0.14, 0.11, 0.10, 0.12, 0.18, 0.32, 0.48, 0.58, 0.62, 0.68, 0.82, 0.80, 0.62, 0.58,
    0.60, 0.66, 0.74, 0.86, 0.96, 1.00, 0.82, 0.52, 0.30
  };

  public DailyCurve {
    if (dayLength.toMillis() < 1000) {
      throw new IllegalArgumentException("a day must last 1s or more, not " + dayLength);
    }
    if (!(peakRate > 0) || peakRate > 100_000) {
      throw new IllegalArgumentException(
          "the peak rate must be above 0 and at most 100000 per second, not " + peakRate);
    }
    if (!(startHour >= 0 && startHour < 24)) {
      throw new IllegalArgumentException("the start hour must be from 0 to 24, not " + startHour);
    }
  }

  /** The share of the peak at {@code hour} of the day (0 to 24), from about 0.1 to 1. */
  public static double shapeAt(double hour) {
    double h = ((hour % 24) + 24) % 24;
    int i = (int) Math.floor(h);
    double f = h - i;
    return SHAPE[i] + (SHAPE[i + 1] - SHAPE[i]) * f;
  }

  /** The simulated hour of day, 0 to 24, after {@code elapsed} of real time. */
  public double hourAt(Duration elapsed) {
    double days = (double) elapsed.toNanos() / dayLength.toNanos();
    return ((startHour + days * 24) % 24 + 24) % 24;
  }

  /** Requests per second after {@code elapsed}. */
  public double rateAt(Duration elapsed) {
    return peakRate * shapeAt(hourAt(elapsed));
  }

  /** The simulated time of day as {@code HH:MM}. */
  public String clockAt(Duration elapsed) {
    int minutes = (int) Math.floor(hourAt(elapsed) * 60) % (24 * 60);
    return String.format(java.util.Locale.ROOT, "%02d:%02d", minutes / 60, minutes % 60);
  }
}
