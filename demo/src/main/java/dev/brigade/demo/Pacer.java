package dev.brigade.demo;

import java.time.Duration;
import java.time.Instant;

/**
 * Turns the daily curve into a number of requests due at each tick of the traffic loop: the rate
 * times the time since the last tick, with the fraction carried over so that low rates still send.
 * A pause (a stalled loop, a suspended laptop) does not turn into a burst: at most one second's
 * worth is due at once.
 */
final class Pacer {
  private final DailyCurve curve;
  private final Instant start;
  private Instant last;
  private double credit;

  Pacer(DailyCurve curve, Instant start) {
    this.curve = curve;
    this.start = start;
    this.last = start;
  }

  /** How many requests to send now. */
  int due(Instant now) {
    if (!now.isAfter(last)) {
      return 0;
    }
    double seconds = Math.min(Duration.between(last, now).toNanos() / 1e9, 1.0);
    last = now;
    credit += curve.rateAt(Duration.between(start, now)) * seconds;
    int n = (int) Math.floor(credit);
    credit -= n;
    return n;
  }

  /** The rate now, in requests per second. */
  double rate(Instant now) {
    return curve.rateAt(elapsed(now));
  }

  Duration elapsed(Instant now) {
    Duration d = Duration.between(start, now);
    return d.isNegative() ? Duration.ZERO : d;
  }
}
