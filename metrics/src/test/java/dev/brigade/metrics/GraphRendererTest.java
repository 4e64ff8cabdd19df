package dev.brigade.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class GraphRendererTest {
  static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
  static final Instant NOW = T0.plus(Duration.ofDays(7));

  @TempDir Path dir;
  MetricsEngine engine;

  @BeforeEach
  void week() {
    engine = MetricsEngine.open(MetricsSettings.DEFAULT, new TestClock(NOW), dir);
    // a week at one minute: memory in use around 5 MiB, latency around 12 ms
    for (int k = 1; k <= 7 * 1440; k++) {
      Instant at = T0.plusSeconds(60L * k);
      double wave = Math.sin(k / 200.0);
      engine.record(
          "web1",
          "ssh",
          List.of(
              Sample.gauge("mem.used", 5 * 1048576 + 100_000 * wave, "B"),
              Sample.gauge("mem.cached", 2 * 1048576, "B")),
          at);
      engine.record(
          "web1", "check.http", List.of(Sample.ofPerfdata("time", 0.012 + 0.002 * wave, "s")), at);
    }
    engine.annotate(
        new Event(
            T0.plus(Duration.ofDays(3)), "deploy", "release <42> & \"more\"", Optional.empty()));
  }

  @org.junit.jupiter.api.AfterEach
  void close() {
    engine.close();
  }

  Graph graph(GraphSpec spec) {
    Graph g = Graph.of(engine, spec, T0, NOW);
    return new Graph(g.spec(), g.from(), g.to(), g.data(), g.events(), ZoneOffset.UTC);
  }

  static Document parse(String svg) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  static List<Element> byClass(Document d, String tag, String cls) {
    NodeList n = d.getElementsByTagName(tag);
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < n.getLength(); i++) {
      Element e = (Element) n.item(i);
      if (e.getAttribute("class").equals(cls)) {
        out.add(e);
      }
    }
    return out;
  }

  @Test
  void svg_hasAxesOneLinePerSeries_labelsAndScaledUnit() throws Exception {
    GraphSpec spec =
        GraphSpec.of(
                "Memory <web1> & co",
                List.of(SeriesId.parse("web1/ssh/mem.used"), SeriesId.parse("web1/ssh/mem.cached")))
            .withThresholds(List.of(new GraphSpec.Threshold(6 * 1048576, "limit", "")));
    Document d = parse(GraphRenderer.svg(graph(spec)));
    assertThat(byClass(d, "line", "axis")).hasSize(2);
    assertThat(byClass(d, "polyline", "series"))
        .extracting(e -> e.getAttribute("data-name"))
        .containsExactly("mem.used", "mem.cached");
    assertThat(byClass(d, "polygon", "band")).hasSize(2);
    assertThat(byClass(d, "text", "title"))
        .singleElement()
        .extracting(Element::getTextContent)
        .isEqualTo("Memory <web1> & co");
    assertThat(byClass(d, "text", "unit"))
        .singleElement()
        .extracting(Element::getTextContent)
        .isEqualTo("MiB");
    // y labels in MiB: 0 up to 6 (the threshold is the top)
    assertThat(byClass(d, "text", "label"))
        .extracting(Element::getTextContent)
        .contains("0", "2", "4", "6", "06-02 00:00");
    assertThat(byClass(d, "line", "threshold")).hasSize(1);
    assertThat(byClass(d, "text", "legend").getFirst().getTextContent())
        .startsWith("mem.used   avg 5  min 4.9  max 5.1")
        .endsWith("MiB");
    // consolidation matched to pixels: never more points than the plot is wide
    int plotWidth = 800 - PlotLayout.LEFT - PlotLayout.RIGHT;
    String points = byClass(d, "polyline", "series").getFirst().getAttribute("points");
    assertThat(points.split(" ").length).isBetween(plotWidth / 2, plotWidth + 1);
  }

  @Test
  void svg_marksEvents_withTheirTextEscaped() throws Exception {
    Document d =
        parse(
            GraphRenderer.svg(
                graph(GraphSpec.of("latency", List.of(SeriesId.parse("web1/check.http/time"))))));
    assertThat(byClass(d, "line", "event")).hasSize(1);
    assertThat(byClass(d, "text", "event"))
        .singleElement()
        .extracting(Element::getTextContent)
        .isEqualTo("deploy: release <42> & \"more\"");
    assertThat(byClass(d, "text", "unit"))
        .singleElement()
        .extracting(Element::getTextContent)
        .isEqualTo("ms");
    double x = Double.parseDouble(byClass(d, "line", "event").getFirst().getAttribute("x1"));
    // three days into seven
    assertThat(x)
        .isCloseTo(
            PlotLayout.LEFT + 3.0 / 7 * (800 - PlotLayout.LEFT - PlotLayout.RIGHT),
            org.assertj.core.api.Assertions.within(1.0));
  }

  @Test
  void stacked_drawsOneAreaPerSeries_onTopOfEachOther() throws Exception {
    GraphSpec spec =
        GraphSpec.of(
                "stack",
                List.of(SeriesId.parse("web1/ssh/mem.cached"), SeriesId.parse("web1/ssh/mem.used")))
            .withStacked(true);
    Document d = parse(GraphRenderer.svg(graph(spec)));
    assertThat(byClass(d, "polygon", "series-area")).hasSize(2);
    assertThat(byClass(d, "polygon", "band")).isEmpty();
    // the top of the stack is ~7 MiB: the axis reaches 8
    assertThat(byClass(d, "text", "label"))
        .extracting(Element::getTextContent)
        .contains("8")
        .doesNotContain("10");
  }

  @Test
  void png_decodes_atTheSpecsSize_withTheSeriesColor() throws Exception {
    byte[] png =
        GraphRenderer.png(
            graph(
                GraphSpec.of("m", List.of(SeriesId.parse("web1/ssh/mem.used")))
                    .withSize(640, 240)));
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(img.getWidth()).isEqualTo(640);
    assertThat(img.getHeight()).isEqualTo(240);
    int blue = 0;
    for (int x = 0; x < img.getWidth(); x++) {
      for (int y = 0; y < img.getHeight(); y++) {
        blue += (img.getRGB(x, y) & 0xffffff) == 0x1f77b4 ? 1 : 0;
      }
    }
    assertThat(blue).as("pixels of the first palette color").isGreaterThan(100);
  }

  @Test
  void csvAndJson_exportThePoints() throws Exception {
    Graph g =
        graph(
            GraphSpec.of(
                "m",
                List.of(
                    SeriesId.parse("web1/ssh/mem.used"), SeriesId.parse("web1/check.http/time"))));
    String[] csv = DataExport.csv(g).split("\n");
    assertThat(csv[0])
        .isEqualTo(
            "time,web1/ssh/mem.used,web1/ssh/mem.used min,web1/ssh/mem.used max,web1/check.http/time,web1/check.http/time min,web1/check.http/time max");
    assertThat(csv.length - 1).isEqualTo(g.data().getFirst().size());
    JsonNode j = new ObjectMapper().readTree(DataExport.json(g));
    assertThat(j.path("series")).hasSize(2);
    assertThat(j.path("series").get(1).path("unit").asText()).isEqualTo("s");
    assertThat(j.path("series").get(0).path("values")).hasSize(g.data().getFirst().size());
    assertThat(j.path("events").get(0).path("kind").asText()).isEqualTo("deploy");
  }

  @Test
  void templates_findTheHostsSeriesByPattern() {
    GraphSpec mem = GraphTemplates.of("memory", "web1", engine.series());
    assertThat(mem.lines())
        .extracting(l -> l.series().toString())
        .containsExactly("web1/ssh/mem.used", "web1/ssh/mem.cached");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> GraphTemplates.of("cpu", "web1", engine.series()))
        .hasMessageContaining("finds no series of host 'web1'");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> GraphTemplates.of("cpuu", "web1", engine.series()))
        .hasMessageContaining("the templates are load, cpu");
  }
}
