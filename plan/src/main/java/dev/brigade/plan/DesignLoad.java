package dev.brigade.plan;

import java.util.List;

/**
 * The load to design for: the typical peak's rate times one plus growth (the seed: "design as if
 * all traffic were as heavy as the peak hour of load in a typical month -- and then plan for some
 * growth").
 *
 * @param basis which rate of the typical peak hour: {@code hour} (its average), {@code minute} (its
 *     busiest minute) or {@code second} (its busiest second)
 * @param typicalPerSecond that rate, requests per second
 * @param growth the growth planned for, 0.3 for 30%
 * @param perSecond the design load: {@code typicalPerSecond * (1 + growth)}
 * @param classShare the typical peak hour's mix: green, yellow, red
 */
public record DesignLoad(
    String basis,
    double typicalPerSecond,
    double growth,
    double perSecond,
    List<Double> classShare) {

  /** The design load from a typical rate, growth and class mix. */
  public static DesignLoad of(String basis, double typical, double growth, List<Double> share) {
    return new DesignLoad(basis, typical, growth, typical * (1 + growth), List.copyOf(share));
  }
}
