package dev.brigade.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.brigade.model.Cluster;
import dev.brigade.model.ClusterLoader;
import dev.brigade.model.ModelException;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlannerTest {
  static Cluster production;
  static TrafficReport edgeLog;

  @BeforeAll
  static void load(@TempDir Path dir) throws ModelException, IOException {
    production =
        new ClusterLoader(Map.of(), List.of(PlanSection.TYPE))
            .read(Path.of("../examples/production.yml"));
    Path log = dir.resolve("edge.log");
    try (Writer w = SyntheticLog.plain(log)) {
      new SyntheticLog()
          .write(
              w,
              Instant.parse("2026-03-02T00:00:00Z"),
              24,
              SyntheticLog.UTC,
              h -> 36_000,
              true,
              null,
              0);
    }
    edgeLog =
        new TrafficAnalyzer(TrafficAnalyzer.Options.DEFAULT)
            .analyze(List.of(log), new AtomicLong());
  }

  @Test
  void productionModel_givesEveryLayerItsRoles() {
    assertThat(Planner.defaultRoles(production))
        .containsEntry("edge", List.of("edge"))
        .containsEntry("app", List.of("app"))
        .containsEntry("cache", List.of("memcached"))
        .containsEntry("database", List.of("db-master", "db-replica"))
        .containsEntry("search", List.of("search"))
        .containsEntry("cdn", List.of());
  }

  @Test
  void productionModel_countsTheProductionStagesServers_andMeasuresTheEdge() {
    PlanResult plan = Planner.plan(edgeLog, PlanSettings.DEFAULT, production);

    assertThat(plan.stage()).isEqualTo("production");
    assertThat(plan.layers())
        .extracting(LayerLoad::name, LayerLoad::current)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("edge", 2),
            org.assertj.core.groups.Tuple.tuple("app", 4),
            org.assertj.core.groups.Tuple.tuple("cache", 2),
            org.assertj.core.groups.Tuple.tuple("database", 3),
            org.assertj.core.groups.Tuple.tuple("search", 1));
    LayerLoad edge = plan.layers().getFirst();
    assertThat(edge.hitRateSource()).isEqualTo("measured");
    assertThat(edge.hitRates().get(0)).isCloseTo(0.9, within(1e-9));
    assertThat(edge.hitRates().get(1)).isCloseTo(2 / 3.0, within(1e-9));
    // 10 req/s evenly: the busiest minute is 10 req/s too; 30% growth
    assertThat(plan.design().typicalPerSecond()).isCloseTo(10, within(1e-9));
    assertThat(plan.design().perSecond()).isCloseTo(13, within(1e-9));
    assertThat(plan.design().classShare()).containsExactly(0.5, 0.3, 0.2);
    // app: green 6.5 x 0.1 + yellow 3.9 / 3 + red 2.6 = 4.55 req/s at 10 per server: 1 + 1
    LayerLoad app = plan.layers().get(1);
    assertThat(app.incoming()).isCloseTo(4.55, within(1e-9));
    assertThat(app.needed()).isEqualTo(2);
    assertThat(app.headroom()).isEqualTo(2);
  }

  @Test
  void whatIfs_replaceMeasuredAndDefaultFigures() {
    PlanSettings s =
        PlanSettings.DEFAULT
            .withGrowth(1.0)
            .withHitRates("edge", new HitRates(0.5, 0.5, 0))
            .withCapacity("app", 1);
    PlanResult plan = Planner.plan(edgeLog, s, production);
    LayerLoad edge = plan.layers().getFirst();
    assertThat(edge.hitRateSource()).isEqualTo("what-if");
    LayerLoad app = plan.layers().get(1);
    // 20 req/s: green 10 and yellow 6 halve, red 4 passes: 12 req/s at 1 per server
    assertThat(app.incoming()).isCloseTo(12, within(1e-9));
    assertThat(app.needed()).isEqualTo(13);
    assertThat(app.headroom()).isEqualTo(-9);
  }

  @Test
  void planSection_addsACdnInFrontOfTheEdge(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("brigade.yml");
    Files.writeString(
        model,
        """
        roles:
          web: { services: { http: { port: 80, protocol: http } } }
        hosts:
          w1: { address: 10.0.0.1, roles: [web] }
          w2: { address: 10.0.0.2, roles: [web] }
        stages:
          live: { hosts: [w1, w2] }
        layers:
          - { name: edge, role: web }
        plan:
          layers:
            cdn: { hit-rate: 0.8 }
            app: { roles: [web], capacity: 5 }
        """);
    Cluster c = new ClusterLoader(Map.of(), List.of(PlanSection.TYPE)).read(model);
    PlanResult plan = Planner.plan(edgeLog, c.section(PlanSection.TYPE), c);
    assertThat(plan.stage()).isEqualTo("all");
    assertThat(plan.layers()).extracting(LayerLoad::name).containsExactly("cdn", "edge", "app");
    LayerLoad cdn = plan.layers().getFirst();
    assertThat(cdn.needed()).isNull();
    // 13 req/s, 6.5 green of which the CDN answers 80%
    assertThat(plan.layers().get(1).incoming()).isCloseTo(13 - 6.5 * 0.8, within(1e-9));
    assertThat(plan.layers().get(2).current()).isEqualTo(2);
  }
}
