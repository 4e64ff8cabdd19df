package dev.brigade.box.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.brigade.box.views.LayerDiagram.Dot;
import dev.brigade.box.views.LayerDiagram.Step;
import dev.brigade.box.views.LayerDiagram.Traffic;
import dev.brigade.model.Cluster;
import dev.brigade.plan.DesignLoad;
import dev.brigade.plan.LayerLoad;
import dev.brigade.plan.PlanResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layer diagram from its inputs, without sockets. */
class LayerDiagramTest {
  static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
  @TempDir Path tmp;

  @Test
  void layersInModelOrder_withAPoolThatIsNoLayer_oneStepBeneathItsLayer() {
    LayerDiagram d =
        LayerDiagram.build(Models.shop(tmp), Map.of(), Traffic.NONE, Optional.empty(), AT);
    assertThat(d.layers())
        .extracting(Step::name)
        .as("the seed's edge -> app -> cache -> database")
        .containsExactly("edge", "app", "sessions", "database");
    assertThat(d.layers()).extracting(Step::depth).containsExactly(0, 1, 2, 2);
    assertThat(d.layers().get(2).role()).isEqualTo("memcached");
    assertThat(d.layers().get(1).pools()).containsExactly("sessions", "db");
  }

  @Test
  void edgeRates_giveEachLayersIncomingAndHitRate_lessTrafficAtEachStep() {
    Traffic t =
        new Traffic(
            Map.of("edge", 1000.0),
            Map.of("edge", Map.of("app", 150.0), "app", Map.of("db", 30.0)),
            Map.of("sessions", 0.92));
    LayerDiagram d = LayerDiagram.build(Models.shop(tmp), Map.of(), t, Optional.empty(), AT);
    Step edge = d.layers().get(0);
    assertThat(edge.incoming()).isEqualTo(1000.0);
    assertThat(edge.passedOn()).isEqualTo(150.0);
    assertThat(edge.hitRate()).isCloseTo(0.85, within(1e-9));
    assertThat(edge.hitRateSource()).isEqualTo("measured");
    Step app = d.layers().get(1);
    assertThat(app.incoming()).as("what the edge sends to the app pool").isEqualTo(150.0);
    assertThat(app.hitRate()).isCloseTo(0.8, within(1e-9));
    Step db = d.layers().get(3);
    assertThat(db.incoming()).isEqualTo(30.0);
    assertThat(db.hitRateSource()).isEqualTo("last");
    Step sessions = d.layers().get(2);
    assertThat(sessions.incoming()).as("nobody measured it").isNull();
    assertThat(sessions.hitRate()).isEqualTo(0.92);
    assertThat(sessions.hitRateSource()).isEqualTo("checks");
  }

  @Test
  void noMetrics_isNoData_notZero() {
    LayerDiagram d =
        LayerDiagram.build(Models.shop(tmp), Map.of(), Traffic.NONE, Optional.empty(), AT);
    for (Step s : d.layers()) {
      assertThat(s.incoming()).isNull();
      assertThat(s.hitRate()).isNull();
      assertThat(s.hitRateSource()).isEqualTo("none");
    }
    String svg = ClusterSvg.render(d);
    assertThat(svg).contains("no data").contains("no plan: write brigade plan --json");
  }

  @Test
  void serversCarryTheirMonitorState_unknownWithoutChecks() {
    Cluster c = Models.shop(tmp);
    LayerDiagram d =
        LayerDiagram.build(
            c, Map.of("app1", Dot.OK, "app2", Dot.CRITICAL), Traffic.NONE, Optional.empty(), AT);
    Step app = d.layers().get(1);
    assertThat(app.servers())
        .extracting(LayerDiagram.Server::state)
        .containsExactly(Dot.OK, Dot.CRITICAL, Dot.UNKNOWN);
    assertThat(app.counts()).containsEntry(Dot.OK, 1).containsEntry(Dot.CRITICAL, 1);
    assertThat(ClusterSvg.render(d))
        .contains("class=\"dot critical\" data-host=\"app2\"")
        .contains("1 ok \u00b7 1 critical \u00b7 1 unknown");
  }

  @Test
  void thePlansDesignLoad_standsBesideItsLayer() {
    PlanResult plan =
        new PlanResult(
            null,
            DesignLoad.of("minute", 100, 0.3, List.of(0.5, 0.3, 0.2)),
            "all",
            List.of(
                new LayerLoad(
                    "app",
                    List.of("app"),
                    130,
                    List.of(),
                    List.of(),
                    "plan",
                    40,
                    25.0,
                    3,
                    3,
                    0,
                    0.5,
                    0.7)));
    LayerDiagram d =
        LayerDiagram.build(Models.shop(tmp), Map.of(), Traffic.NONE, Optional.of(plan), AT);
    assertThat(d.planned()).isTrue();
    assertThat(d.layers().get(1).design().incoming()).isEqualTo(130);
    assertThat(d.layers().get(1).design().needed()).isEqualTo(3);
    assertThat(d.layers().get(0).design()).isNull();
    assertThat(ClusterSvg.render(d)).contains("130 req/s").contains("needs 3 \u00b7 has 3");
  }

  @Test
  void aThousandHosts_drawAtMostNinetySixDotsPerLayer_andCountTheRest() {
    StringBuilder hosts = new StringBuilder();
    StringBuilder names = new StringBuilder("edge1");
    for (int i = 0; i < 1000; i++) {
      hosts.append("  app").append(i).append(": { address: 127.0.0.1, roles: [app] }\n");
      names.append(", app").append(i);
    }
    String yaml =
        """
        cluster: big
        roles:
          edge: { services: { http: { port: 80, protocol: http, check: none } } }
          app: { services: { http: { port: 8080, protocol: http, check: none } } }
        hosts:
          edge1: { address: 127.0.0.1, roles: [edge] }
        %s
        stages:
          production: { hosts: [%s] }
        layers:
          - { name: edge, role: edge, pools: { app: { role: app } } }
          - { name: app, role: app }
        """
            .formatted(hosts, names);
    LayerDiagram d =
        LayerDiagram.build(Models.load(tmp, yaml), Map.of(), Traffic.NONE, Optional.empty(), AT);
    String svg = ClusterSvg.render(d);
    assertThat(svg.split("class=\"dot ", -1)).hasSize(1 + 1 + 96);
    assertThat(svg).contains("1000 unknown (904 more not drawn)");
  }

  @Test
  void namesAreEscapedInThePicture() {
    Traffic t = new Traffic(Map.of("edge", 3.0), Map.of(), Map.of());
    LayerDiagram d =
        new LayerDiagram(
            "<script>x</script>",
            AT.toString(),
            List.of(
                new Step(
                    "a\"b",
                    "r",
                    0,
                    List.of(),
                    t.entering().get("edge"),
                    null,
                    null,
                    "none",
                    List.of(),
                    null)),
            false);
    assertThat(ClusterSvg.render(d))
        .doesNotContain("<script>")
        .contains("&lt;script&gt;")
        .contains("a&quot;b");
  }
}
