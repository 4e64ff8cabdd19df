package dev.brigade.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed's "do the math" as a pure function: all non-CDN traffic runs through the edge, even what
 * it passes on to the application; each layer answers its hit rate of what enters it and passes the
 * rest down; servers per layer are what the traffic entering it needs, plus one (N+1), so one
 * server can fail at peak.
 *
 * <pre>{@code
 * List<LayerLoad> loads = CapacityPlan.compute(design, specs, Map.of("edge", 2, "app", 4));
 * }</pre>
 */
public final class CapacityPlan {
  private CapacityPlan() {}

  /**
   * Each layer's load, in the order given; a layer's {@code from} must come before it.
   *
   * @param current servers per layer name in the model
   * @throws IllegalArgumentException when a layer's {@code from} is not an earlier layer
   */
  public static List<LayerLoad> compute(
      DesignLoad design, List<LayerSpec> layers, Map<String, Integer> current) {
    Map<String, double[]> passed = new HashMap<>();
    List<LayerLoad> out = new ArrayList<>();
    for (LayerSpec l : layers) {
      double[] in = new double[3];
      double[] source;
      if (l.from() == null) {
        source = new double[3];
        for (int c = 0; c < 3; c++) {
          source[c] = design.perSecond() * design.classShare().get(c);
        }
      } else {
        source = passed.get(l.from());
        if (source == null) {
          throw new IllegalArgumentException(
              "layer " + l.name() + " receives from '" + l.from() + "', which is not before it");
        }
      }
      double[] pass = new double[3];
      double total = 0;
      double passedTotal = 0;
      for (int c = 0; c < 3; c++) {
        in[c] = source[c] * l.perRequest();
        pass[c] = in[c] * (1 - l.hitRates().of(c));
        total += in[c];
        passedTotal += pass[c];
      }
      passed.put(l.name(), pass);
      int have = current.getOrDefault(l.name(), 0);
      boolean servers = !Double.isInfinite(l.capacity());
      Integer needed = servers ? needed(total, l.capacity()) : null;
      out.add(
          new LayerLoad(
              l.name(),
              l.roles(),
              total,
              List.of(in[0], in[1], in[2]),
              l.hitRates().asList(),
              l.hitRateSource(),
              passedTotal,
              servers ? l.capacity() : null,
              needed,
              have,
              servers ? have - needed : null,
              servers && have > 0 ? total / (have * l.capacity()) : null,
              servers && have > 1 ? total / ((have - 1) * l.capacity()) : null));
    }
    return List.copyOf(out);
  }

  /** N+1: enough servers for the load (at least one), plus one to lose. */
  static int needed(double load, double capacity) {
    double n = Math.ceil(load / capacity - 1e-9);
    return (int) Math.max(1, Math.min(n, 1_000_000)) + 1;
  }
}
