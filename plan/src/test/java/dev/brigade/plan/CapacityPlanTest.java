package dev.brigade.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CapacityPlanTest {
  static final List<LayerSpec> SHOP =
      List.of(
          new LayerSpec("edge", List.of("edge"), 1000, null, 1, new HitRates(0.9, 0.9, 0), "plan"),
          new LayerSpec("app", List.of("app"), 10, "edge", 1, HitRates.NONE, "none"),
          new LayerSpec(
              "cache", List.of("memcached"), 10_000, "app", 10, HitRates.all(0.9), "plan"),
          new LayerSpec("database", List.of("db"), 1000, "cache", 1, HitRates.NONE, "none"),
          new LayerSpec("search", List.of("search"), 100, "app", 0.05, HitRates.NONE, "none"));

  @Test
  void workedExample_eachLayerGetsWhatTheOneAbovePassesOn() {
    DesignLoad d = DesignLoad.of("minute", 800, 0.25, List.of(0.5, 0.3, 0.2));
    assertThat(d.perSecond()).isEqualTo(1000.0);

    List<LayerLoad> l =
        CapacityPlan.compute(d, SHOP, Map.of("edge", 2, "app", 4, "cache", 2, "database", 3));

    LayerLoad edge = l.get(0);
    assertThat(edge.incoming()).isCloseTo(1000, within(1e-9));
    // green 500 and yellow 300 at 90%, red 200 passes: 50 + 30 + 200
    assertThat(edge.passedOn()).isCloseTo(280, within(1e-9));
    assertThat(edge.needed()).isEqualTo(2); // one server's worth, plus one
    assertThat(edge.headroom()).isZero();
    assertThat(edge.utilisation()).isCloseTo(0.5, within(1e-9));
    assertThat(edge.utilisationOneDown()).isCloseTo(1.0, within(1e-9));
    LayerLoad app = l.get(1);
    assertThat(app.incoming()).isCloseTo(280, within(1e-9));
    assertThat(app.needed()).isEqualTo(29);
    assertThat(app.headroom()).isEqualTo(-25);
    assertThat(l.get(2).incoming()).isCloseTo(2800, within(1e-9));
    assertThat(l.get(3).incoming()).isCloseTo(280, within(1e-9));
    assertThat(l.get(3).needed()).isEqualTo(2);
    assertThat(l.get(4).incoming()).isCloseTo(14, within(1e-9));
    assertThat(l.get(4).current()).isZero();
    assertThat(l.get(4).utilisation()).isNull();
  }

  @Test
  void betterEdgeHitRate_savesApplicationServers() {
    DesignLoad d = DesignLoad.of("minute", 1000, 0, List.of(0.5, 0.4, 0.1));
    List<LayerSpec> better =
        List.of(
            new LayerSpec("edge", List.of(), 1000, null, 1, new HitRates(0.99, 0.95, 0), "what-if"),
            SHOP.get(1));
    List<LayerSpec> worse =
        List.of(
            new LayerSpec("edge", List.of(), 1000, null, 1, new HitRates(0.9, 0.5, 0), "plan"),
            SHOP.get(1));
    int a = CapacityPlan.compute(d, better, Map.of()).get(1).needed();
    int b = CapacityPlan.compute(d, worse, Map.of()).get(1).needed();
    assertThat(a).isEqualTo(14); // 5 + 20 + 100 = 125 req/s: 13 servers, plus one
    assertThat(b).isEqualTo(36); // 50 + 200 + 100 = 350 req/s: 35, plus one
  }

  @Test
  void cdn_hasNoServersOfOurs() {
    LayerSpec cdn =
        new LayerSpec(
            "cdn", List.of(), Double.POSITIVE_INFINITY, null, 1, new HitRates(0.9, 0, 0), "plan");
    LayerLoad l =
        CapacityPlan.compute(
                DesignLoad.of("hour", 100, 0, List.of(1.0, 0.0, 0.0)), List.of(cdn), Map.of())
            .getFirst();
    assertThat(l.needed()).isNull();
    assertThat(l.headroom()).isNull();
    assertThat(l.capacity()).isNull();
    assertThat(l.passedOn()).isCloseTo(10, within(1e-9));
  }

  @Test
  void layerFromALaterLayer_isRefused() {
    assertThatThrownBy(
            () ->
                CapacityPlan.compute(
                    DesignLoad.of("hour", 1, 0, List.of(1.0, 0.0, 0.0)),
                    List.of(SHOP.get(1)),
                    Map.of()))
        .hasMessageContaining("receives from 'edge'");
  }

  @Test
  void noTraffic_stillNeedsTwoServersPerLayer() {
    List<LayerLoad> l =
        CapacityPlan.compute(DesignLoad.of("hour", 0, 0.3, List.of(0.0, 1.0, 0.0)), SHOP, Map.of());
    assertThat(l).allSatisfy(x -> assertThat(x.needed()).isEqualTo(2));
  }
}
