package dev.brigade.edge;

import java.time.Duration;

/**
 * How a pool decides whether a backend is healthy.
 *
 * <p>Active probes: a backend is healthy while at least {@code threshold} of its last {@code
 * window} probes succeeded (Varnish's rule). With {@code rise}/{@code fall} greater than zero,
 * HAProxy's rule applies instead: {@code rise} successes in a row bring it up, {@code fall}
 * failures in a row take it down. Passive detection takes a backend down at once after {@code
 * passiveErrors} connection failures, resets or timeouts in a row; a backend's 5xx answers count
 * too only with {@code passive5xx}. Passive detection never takes down the only backend of a pool
 * (nginx does the same). A backend that comes back gets its weight back gradually over {@code
 * slowStart}. While fewer than {@code panicThreshold} percent of a pool's primaries are healthy
 * (but some are), the balancer spreads over all of them rather than overloading the few left
 * (Envoy's panic threshold; 0 turns it off).
 *
 * @param window how many recent probes count
 * @param threshold how many of them must have succeeded
 * @param rise successes in a row to come up (HAProxy mode when both rise and fall are set)
 * @param fall failures in a row to go down (HAProxy mode)
 * @param passiveErrors consecutive request errors that take a backend down at once; 0 = never
 * @param slowStart time over which a recovered backend's weight ramps up; zero = at once
 * @param passive5xx whether a backend's 5xx answers count as passive errors
 * @param panicThreshold percent of healthy primaries below which all of them take traffic
 */
public record HealthSettings(
    int window,
    int threshold,
    int rise,
    int fall,
    int passiveErrors,
    Duration slowStart,
    boolean passive5xx,
    int panicThreshold) {

  /** Envoy's default panic threshold, percent. */
  public static final int PANIC_THRESHOLD = 50;

  /** Varnish's defaults (window 8, threshold 3), 3 passive errors, 10 s slow start. */
  public static final HealthSettings DEFAULT =
      new HealthSettings(8, 3, 0, 0, 3, Duration.ofSeconds(10));

  /** 5xx answers not counted, panic below 50 % healthy. */
  public HealthSettings(
      int window, int threshold, int rise, int fall, int passiveErrors, Duration slowStart) {
    this(window, threshold, rise, fall, passiveErrors, slowStart, false, PANIC_THRESHOLD);
  }

  public HealthSettings {
    if (panicThreshold < 0 || panicThreshold > 100) {
      throw new IllegalArgumentException("panic threshold must be 0 to 100 percent");
    }
    if (window < 1 || window > 64 || threshold < 1 || threshold > window) {
      throw new IllegalArgumentException(
          "health needs 1 <= threshold <= window <= 64, not threshold "
              + threshold
              + " of "
              + window);
    }
  }

  /** True when HAProxy's rise/fall rule is used instead of the window. */
  public boolean riseFall() {
    return rise > 0 && fall > 0;
  }
}
