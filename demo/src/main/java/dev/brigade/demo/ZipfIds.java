package dev.brigade.demo;

import java.util.Arrays;

/**
 * Product ids 1 to {@code n} drawn with Zipf's law: id {@code k} has weight {@code 1/k^s}, so a few
 * products are hot (cache hits) and a long tail is cold (misses), as on a real shop.
 */
final class ZipfIds {
  private final double[] cumulative;

  ZipfIds(int n, double exponent) {
    if (n < 1 || n > 1_000_000) {
      throw new IllegalArgumentException("products must be from 1 to 1000000, not " + n);
    }
    if (!(exponent >= 0 && exponent <= 5)) {
      throw new IllegalArgumentException("the Zipf exponent must be from 0 to 5, not " + exponent);
    }
    cumulative = new double[n];
    double sum = 0;
    for (int k = 1; k <= n; k++) {
      sum += 1 / Math.pow(k, exponent);
      cumulative[k - 1] = sum;
    }
    for (int i = 0; i < n; i++) {
      cumulative[i] /= sum;
    }
  }

  /** The id for a uniform {@code u} in [0, 1). */
  int id(double u) {
    int i = Arrays.binarySearch(cumulative, u);
    int index = i >= 0 ? i + 1 : -i - 1;
    return Math.min(index, cumulative.length - 1) + 1;
  }

  /** The probability of id {@code k}. */
  double probability(int k) {
    return cumulative[k - 1] - (k == 1 ? 0 : cumulative[k - 2]);
  }

  int size() {
    return cumulative.length;
  }
}
