package dev.brigade.demo;

import java.time.Duration;

/**
 * How the demo's traffic generator runs.
 *
 * @param peakRate requests per second at the evening peak; the generator never sends faster
 * @param dayLength how long one simulated day takes
 * @param startHour the simulated hour the generator starts at
 * @param concurrency the most requests in flight at once; beyond it, requests are skipped
 * @param maxRequests stop after this many requests, sent or skipped; 0 for no limit (the demo stops
 *     it)
 * @param seed the random seed of the request sequence; 0 for a random one
 * @param mix what the requests ask for
 */
public record TrafficOptions(
    double peakRate,
    Duration dayLength,
    double startHour,
    int concurrency,
    long maxRequests,
    long seed,
    TrafficMix mix) {
  /** Most requests per second the demo accepts, so that it cannot saturate a small machine. */
  public static final double MAX_PEAK = 2000;

  public TrafficOptions {
    if (!(peakRate >= 1 && peakRate <= MAX_PEAK)) {
      throw new IllegalArgumentException(
          "the traffic peak must be from 1 to " + (int) MAX_PEAK + " requests/s, not " + peakRate);
    }
    if (dayLength.toSeconds() < 10 || dayLength.toDays() > 1) {
      throw new IllegalArgumentException(
          "a simulated day must last from 10s to 1d, not " + dayLength);
    }
    if (concurrency < 1 || concurrency > 1024) {
      throw new IllegalArgumentException("concurrency must be from 1 to 1024, not " + concurrency);
    }
    if (maxRequests < 0) {
      throw new IllegalArgumentException("maxRequests must be 0 or more");
    }
    new DailyCurve(dayLength, peakRate, startHour); // checks the start hour
  }

  /** A peak of 200 requests/s, a 10-minute day starting at 07:00, 32 requests in flight at most. */
  public static TrafficOptions defaults() {
    return new TrafficOptions(200, Duration.ofMinutes(10), 7, 32, 0, 0, TrafficMix.DEFAULT);
  }

  /** These options with another peak rate and day length. */
  public TrafficOptions with(double peak, Duration day) {
    return new TrafficOptions(peak, day, startHour, concurrency, maxRequests, seed, mix);
  }

  /** The curve these options follow. */
  public DailyCurve curve() {
    return new DailyCurve(dayLength, peakRate, startHour);
  }
}
