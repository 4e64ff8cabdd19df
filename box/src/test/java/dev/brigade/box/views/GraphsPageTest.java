package dev.brigade.box.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brigade.box.web.Reply;
import dev.brigade.metrics.Event;
import dev.brigade.metrics.Sample;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The graphs and dashboards pages through handle(), over a real metrics store. */
class GraphsPageTest {
  static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
  @TempDir Path tmp;
  TestBox box;
  final GraphsPage graphs = new GraphsPage();
  final DashboardsPage dashboards = new DashboardsPage();

  @BeforeEach
  void fill() throws Exception {
    box = new TestBox(Models.shop(tmp), tmp, T0);
    Samples.loadOfThreeApps(box, T0, Duration.ofHours(2));
    box.metrics.annotate(
        new Event(T0.plus(Duration.ofMinutes(50)), "deploy", "release 42", Optional.empty()));
  }

  @AfterEach
  void close() throws Exception {
    box.close();
  }

  static String body(Reply r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void graphPage_overlaysTheChosenSeries_withTheZoomAttributes_andTheEvents() throws Exception {
    Reply r =
        graphs.handle(box.get("/graphs?series=app1/ssh/load1&series=app2/ssh/load1&range=6h"));
    assertThat(r.kind()).isEqualTo(Reply.Kind.PAGE);
    assertThat(r.scripts()).containsExactly("/static/views/graphs.js");
    String html = body(r);
    assertThat(html)
        .contains("<figure id=\"graph\" class=\"graph-figure\"")
        .contains("data-from=\"" + box.now.minus(Duration.ofHours(6)).toEpochMilli() + "\"")
        .contains("data-to=\"" + box.now.toEpochMilli() + "\"")
        .contains("data-name=\"app1 load1\"")
        .contains("class=\"axis\"")
        .contains("class=\"event\"")
        .contains("release 42")
        .contains("value=\"app1/ssh/load1\" checked")
        .doesNotContain(" style=")
        .doesNotContain("<script");
  }

  @Test
  void svgPngJsonAndCsv_takeTheSameParameters() throws Exception {
    Reply svg =
        graphs.handle(
            box.get("/graphs.svg?series=app1/ssh/load1&range=6h&stack=1&width=600&height=200"));
    assertThat(svg.contentType()).isEqualTo("image/svg+xml");
    assertThat(body(svg)).startsWith("<svg").contains("width=\"600\"").contains("series-area");
    Reply png = graphs.handle(box.get("/graphs.png?series=app1/ssh/load1&range=6h"));
    assertThat(png.contentType()).isEqualTo("image/png");
    assertThat(png.body()).startsWith(0x89, 'P', 'N', 'G');
    Reply json = graphs.handle(box.get("/graphs.json?series=app1/ssh/load1&range=1h"));
    assertThat(json.contentType()).isEqualTo("application/json");
    assertThat(body(json)).contains("app1/ssh/load1");
    Reply csv = graphs.handle(box.get("/graphs.csv?series=app1/ssh/load1&range=1h"));
    assertThat(csv.contentType()).startsWith("text/csv");
  }

  @Test
  void theSeriesSearch_listsMatchesOnly() throws Exception {
    String html = body(graphs.handle(box.get("/graphs?q=app3")));
    assertThat(html)
        .contains("value=\"app3/ssh/load1\"")
        .doesNotContain("value=\"app1/ssh/load1\"");
    assertThat(html).contains("No series chosen yet");
  }

  @Test
  void anUnknownSeries_orBadParameters_areA400WithTheReason() {
    assertThatThrownBy(() -> graphs.handle(box.get("/graphs.svg?series=app9/ssh/load1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no series 'app9/ssh/load1'");
    assertThatThrownBy(() -> graphs.handle(box.get("/graphs.svg?range=1d")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one series");
    assertThatThrownBy(() -> graphs.handle(box.get("/graphs?series=app1/ssh/load1&range=forever")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void saveToADashboard_showItsGrid_removeAGraph_andDelete() throws Exception {
    String graph = "/graphs?series=app1/ssh/load1&range=6h";
    Reply saved =
        dashboards.handle(
            box.post(
                "/dashboards",
                "csrf=test&name=Web+tier&graph="
                    + java.net.URLEncoder.encode(graph, StandardCharsets.UTF_8)));
    assertThat(saved.status()).isEqualTo(303);
    assertThat(saved.headers()).containsEntry("Location", "/dashboards/Web%20tier");
    dashboards.handle(
        box.post(
            "/dashboards",
            "name=Web+tier&graph="
                + java.net.URLEncoder.encode(
                    "/graphs?series=app2/ssh/load1", StandardCharsets.UTF_8)));
    assertThat(box.dashboards.get("Web tier").orElseThrow().graphs())
        .containsExactly(
            "/graphs?series=app1/ssh/load1&range=6h", "/graphs?series=app2/ssh/load1&range=1d");
    assertThat(box.dashboards.get("Web tier").orElseThrow().owner()).isEqualTo("operator");
    String grid = body(dashboards.handle(box.get("/dashboards/Web%20tier")));
    assertThat(grid)
        .contains(
            "src=\"/graphs.svg?series=app1/ssh/load1&amp;range=6h&amp;width=580&amp;height=280\"")
        .contains("name=\"csrf\" value=\"test\"");
    dashboards.handle(box.post("/dashboards/Web%20tier/remove", "index=0"));
    assertThat(box.dashboards.get("Web tier").orElseThrow().graphs()).hasSize(1);
    assertThat(body(dashboards.handle(box.get("/dashboards")))).contains("Web tier");
    Reply deleted = dashboards.handle(box.post("/dashboards/Web%20tier/delete", ""));
    assertThat(deleted.headers()).containsEntry("Location", "/dashboards");
    assertThat(box.dashboards.list()).isEmpty();
  }

  @Test
  void aDashboardRefusesABadNameOrAGraphThatIsNoGraph() {
    assertThatThrownBy(
            () ->
                dashboards.handle(
                    box.post("/dashboards", "name=%3Cx%3E&graph=/graphs%3Fseries%3Da/b/c")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a dashboard's name");
    assertThatThrownBy(
            () ->
                dashboards.handle(box.post("/dashboards", "name=x&graph=https%3A//evil.example/")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> dashboards.handle(box.get("/dashboards/none")))
        .hasMessageContaining("no dashboard 'none'");
  }

  static List<Sample> load(double v) {
    return List.of(Sample.gauge("load1", v, ""));
  }
}
