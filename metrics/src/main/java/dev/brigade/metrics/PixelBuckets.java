package dev.brigade.metrics;

/**
 * Combines consecutive archive rows into one point per pixel, as {@code rrdtool graph} does when a
 * range has more rows than the graph has pixels: the average of the known averages, the lowest
 * minimum, the highest maximum. Pure.
 */
final class PixelBuckets {
  private PixelBuckets() {}

  /**
   * Groups {@code rows}-long runs of rows into one value each; a run with no known row is NaN.
   *
   * @param values the rows' values
   * @param rows how many rows make one point (at least 1)
   * @param cf how the run's values combine
   */
  static double[] combine(double[] values, int rows, Consolidation cf) {
    int n = (values.length + rows - 1) / rows;
    double[] out = new double[n];
    for (int p = 0; p < n; p++) {
      double acc =
          cf == Consolidation.MIN
              ? Double.POSITIVE_INFINITY
              : cf == Consolidation.MAX ? Double.NEGATIVE_INFINITY : 0;
      int known = 0;
      for (int i = p * rows; i < Math.min(values.length, (p + 1) * rows); i++) {
        double v = values[i];
        if (Double.isNaN(v)) {
          continue;
        }
        known++;
        acc =
            switch (cf) {
              case AVERAGE -> acc + v;
              case MIN -> Math.min(acc, v);
              case MAX -> Math.max(acc, v);
            };
      }
      out[p] = known == 0 ? Double.NaN : cf == Consolidation.AVERAGE ? acc / known : acc;
    }
    return out;
  }
}
