package dev.brigade.plan;

import java.util.List;

/**
 * The share of each hit class a layer answers itself instead of passing it on.
 *
 * @param green static files
 * @param yellow dynamic, cacheable pages
 * @param red per-user and unsafe requests
 */
public record HitRates(double green, double yellow, double red) {
  /** Nothing answered: everything passes on. */
  public static final HitRates NONE = new HitRates(0, 0, 0);

  public HitRates {
    for (double d : new double[] {green, yellow, red}) {
      if (!(d >= 0 && d <= 1)) {
        throw new IllegalArgumentException("a hit rate is from 0 to 1, not " + d);
      }
    }
  }

  /** The same rate for every class. */
  public static HitRates all(double rate) {
    return new HitRates(rate, rate, rate);
  }

  /** The rate of class {@code c} (0 green, 1 yellow, 2 red). */
  public double of(int c) {
    return switch (c) {
      case 0 -> green;
      case 1 -> yellow;
      default -> red;
    };
  }

  /** The rates as a list: green, yellow, red. */
  public List<Double> asList() {
    return List.of(green, yellow, red);
  }
}
