package dev.brigade.box.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brigade.box.web.Reply;
import dev.brigade.monitor.Status;
import dev.brigade.plan.DesignLoad;
import dev.brigade.plan.LayerLoad;
import dev.brigade.plan.PlanJson;
import dev.brigade.plan.PlanResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster page through handle(): real metrics, a real monitor and a plan file. */
class ClusterPageTest {
  static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  @TempDir Path tmp;
  TestBox box;
  final ClusterPage page = new ClusterPage();

  @BeforeEach
  void start() throws Exception {
    box = new TestBox(Models.shop(tmp), tmp, NOW);
  }

  @AfterEach
  void stop() throws Exception {
    box.close();
  }

  static String body(Reply r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  static PlanResult plan() {
    return new PlanResult(
        null,
        DesignLoad.of("minute", 200, 0.3, List.of(0.5, 0.3, 0.2)),
        "all",
        List.of(
            new LayerLoad(
                "edge",
                List.of("edge"),
                260,
                List.of(),
                List.of(),
                "plan",
                52,
                1000.0,
                2,
                2,
                0,
                0.13,
                0.26),
            new LayerLoad(
                "app",
                List.of("app"),
                52,
                List.of(),
                List.of(),
                "plan",
                10,
                25.0,
                4,
                3,
                -1,
                0.69,
                1.04)));
  }

  @Test
  void theEdgesRates_theMonitorsStates_andThePlan_makeTheDiagram() throws Exception {
    Samples.edgeTraffic(box, NOW, 100, 20);
    box.monitor.submit("app2/http", Status.CRITICAL, "HTTP CRITICAL - connection refused");
    box.monitor.submit("app1/http", Status.OK, "HTTP OK");
    Files.writeString(tmp.resolve("plan.json"), PlanJson.render(plan()));

    JsonNode d = new ObjectMapper().readTree(body(page.handle(box.get("/cluster.json"))));
    JsonNode edge = d.path("layers").get(0);
    assertThat(edge.path("name").asText()).isEqualTo("edge");
    assertThat(edge.path("incoming").asDouble())
        .as("two edges, 100 req/s each")
        .isCloseTo(200, within(10.0));
    assertThat(edge.path("passedOn").asDouble()).isCloseTo(40, within(4.0));
    assertThat(edge.path("hitRate").asDouble()).isCloseTo(0.8, within(0.03));
    JsonNode app = d.path("layers").get(1);
    assertThat(app.path("incoming").asDouble()).isCloseTo(40, within(4.0));
    assertThat(app.path("hitRate").isNull())
        .as("nothing measures what the app passes down")
        .isTrue();
    assertThat(app.path("servers").get(1).path("state").asText()).isEqualTo("CRITICAL");
    assertThat(app.path("servers").get(0).path("state").asText()).isEqualTo("OK");
    assertThat(app.path("design").path("needed").asInt()).isEqualTo(4);
    assertThat(d.path("planned").asBoolean()).isTrue();

    String svg = body(page.handle(box.get("/cluster.svg")));
    assertThat(svg)
        .startsWith("<svg")
        .contains("answers 80% itself")
        .contains("needs 4 \u00b7 has 3");
    Reply html = page.handle(box.get("/cluster"));
    assertThat(html.scripts()).containsExactly("/static/views/cluster.js");
    assertThat(body(html))
        .contains("id=\"cluster-live\"")
        .contains("<tr data-layer=\"edge\">")
        .doesNotContain(" style=");
  }

  @Test
  void withoutMetricsOrPlan_everyLayerSaysNoData() throws Exception {
    String svg = body(page.handle(box.get("/cluster.svg")));
    assertThat(svg).contains("no data").contains("no plan: write brigade plan --json");
    assertThat(body(page.handle(box.get("/cluster")))).contains("no data");
  }

  @Test
  void aBrokenPlanFile_isNamed_andTheDiagramStillDraws() throws Exception {
    Files.writeString(tmp.resolve("plan.json"), "{not json");
    String html = body(page.handle(box.get("/cluster")));
    assertThat(html).contains("class=\"problem\"").contains("plan.json cannot be read");
    assertThat(html).contains("data-layer=\"edge\"");
  }

  @Test
  void pollingTabs_shareOneReadingForTwoSeconds_thenSeeNewData() throws Exception {
    String before = body(page.handle(box.get("/cluster.json")));
    Samples.edgeTraffic(box, NOW, 100, 20);
    assertThat(body(page.handle(box.get("/cluster?format=json")))).isEqualTo(before);
    box.advance(java.time.Duration.ofSeconds(3));
    assertThat(body(page.handle(box.get("/cluster.json"))))
        .isNotEqualTo(before)
        .contains("\"hitRate\":0.8");
  }
}
