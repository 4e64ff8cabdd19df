package dev.brigade.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

class CapacityPlanProperties {
  /** A chain edge -> app -> cache -> database plus search, with random figures. */
  record Figures(
      double load,
      List<Double> share,
      double edgeGreen,
      double edgeYellow,
      double cacheHit,
      List<Double> capacities,
      double perRequest) {
    List<LayerSpec> layers(double edgeBoost, double cacheBoost) {
      return List.of(
          new LayerSpec(
              "edge",
              List.of("edge"),
              capacities.get(0),
              null,
              1,
              new HitRates(
                  Math.min(1, edgeGreen + edgeBoost), Math.min(1, edgeYellow + edgeBoost), 0),
              "plan"),
          new LayerSpec("app", List.of("app"), capacities.get(1), "edge", 1, HitRates.NONE, "none"),
          new LayerSpec(
              "cache",
              List.of("memcached"),
              capacities.get(2),
              "app",
              perRequest,
              HitRates.all(Math.min(1, cacheHit + cacheBoost)),
              "plan"),
          new LayerSpec(
              "database", List.of("db"), capacities.get(3), "cache", 1, HitRates.NONE, "none"),
          new LayerSpec(
              "search", List.of("s"), capacities.get(4), "app", 0.05, HitRates.NONE, "none"));
    }
  }

  @Provide
  Arbitrary<Figures> figures() {
    Arbitrary<Double> rate = Arbitraries.doubles().between(0, 1);
    Arbitrary<List<Double>> share =
        Arbitraries.doubles()
            .between(0.001, 1)
            .ofScale(3)
            .list()
            .ofSize(3)
            .map(
                l -> {
                  double sum = l.stream().mapToDouble(Double::doubleValue).sum();
                  return l.stream().map(x -> x / sum).toList();
                });
    Arbitrary<List<Double>> caps = Arbitraries.doubles().between(0.5, 50_000).list().ofSize(5);
    return Combinators.combine(
            Arbitraries.doubles().between(0, 1e6),
            share,
            rate,
            rate,
            rate,
            caps,
            Arbitraries.doubles().between(0, 50))
        .as(Figures::new);
  }

  private static List<Integer> needed(
      Figures f, double growth, double edgeBoost, double cacheBoost) {
    DesignLoad d = DesignLoad.of("minute", f.load(), growth, f.share());
    return CapacityPlan.compute(d, f.layers(edgeBoost, cacheBoost), Map.of()).stream()
        .map(LayerLoad::needed)
        .toList();
  }

  @Property
  void moreGrowth_neverNeedsFewerServers(
      @ForAll("figures") Figures f,
      @ForAll @DoubleRange(min = 0, max = 5) double growth,
      @ForAll @DoubleRange(min = 0, max = 5) double more) {
    List<Integer> a = needed(f, growth, 0, 0);
    List<Integer> b = needed(f, growth + more, 0, 0);
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i)).as("layer %d", i).isGreaterThanOrEqualTo(a.get(i));
    }
  }

  @Property
  void higherHitRates_neverNeedMoreServers(
      @ForAll("figures") Figures f,
      @ForAll @DoubleRange(min = 0, max = 1) double edgeBoost,
      @ForAll @DoubleRange(min = 0, max = 1) double cacheBoost) {
    List<Integer> a = needed(f, 0.3, 0, 0);
    List<Integer> b = needed(f, 0.3, edgeBoost, cacheBoost);
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i)).as("layer %d", i).isLessThanOrEqualTo(a.get(i));
    }
  }

  @Property
  void everyLayerThatExists_needsAtLeastTwo(
      @ForAll("figures") Figures f, @ForAll @DoubleRange(min = 0, max = 5) double growth) {
    assertThat(needed(f, growth, 0, 0)).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(2));
  }

  @Property
  void whatEntersALayer_isWhatTheOneAbovePassesOnTimesItsRequests(@ForAll("figures") Figures f) {
    List<LayerLoad> l =
        CapacityPlan.compute(
            DesignLoad.of("minute", f.load(), 0.3, f.share()), f.layers(0, 0), Map.of());
    assertThat(l.get(0).incoming())
        .isCloseTo(f.load() * 1.3, org.assertj.core.api.Assertions.within(1e-6 * (1 + f.load())));
    assertThat(l.get(1).incoming())
        .isEqualTo(
            l.get(0).passedOn(), org.assertj.core.api.Assertions.offset(1e-6 * (1 + f.load())));
    assertThat(l.get(2).incoming())
        .isCloseTo(
            l.get(1).passedOn() * f.perRequest(),
            org.assertj.core.api.Assertions.within(1e-6 * (1 + f.load() * 50)));
    assertThat(l.get(1).passedOn()).isLessThanOrEqualTo(l.get(1).incoming() + 1e-9);
  }
}
