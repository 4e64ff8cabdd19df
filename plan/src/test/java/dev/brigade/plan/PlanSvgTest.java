package dev.brigade.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class PlanSvgTest {
  private static PlanResult plan(String layerRole) {
    TrafficReport.Peak peak =
        new TrafficReport.Peak(
            "2026-03-01T20:00Z", "Sun", 3600, 1.0, 2.0, 5, List.of(1800L, 1080L, 720L));
    TrafficReport t =
        new TrafficReport(
            List.of("a.log"),
            Map.of("a.log", "combined"),
            3600,
            3600,
            1,
            0,
            List.of(),
            List.of(),
            "2026-03-01T20:00Z",
            "2026-03-01T20:59:59Z",
            "as logged",
            List.of(new TrafficReport.HourCount("2026-03-01T20:00Z", 3600, 1)),
            List.of(),
            1,
            95,
            peak,
            peak,
            Map.of(),
            0.8,
            Map.of());
    DesignLoad d = DesignLoad.of("minute", 2, 0.3, List.of(0.5, 0.3, 0.2));
    List<LayerLoad> layers =
        CapacityPlan.compute(
            d,
            List.of(
                new LayerSpec("edge", List.of(layerRole), 1000, null, 1, HitRates.NONE, "none"),
                new LayerSpec("app", List.of("app"), 1, "edge", 1, HitRates.NONE, "none")),
            Map.of("edge", 2, "app", 1));
    return new PlanResult(t, d, "production", layers);
  }

  private static Document parse(String svg) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void escape_coversMarkupQuotesAndControlCharacters() {
    assertThat(PlanSvg.escape("<a href=\"x\">&'\u0001\tb</a>"))
        .isEqualTo("&lt;a href=&quot;x&quot;&gt;&amp;&apos;\tb&lt;/a&gt;");
  }

  @Test
  void hostileNames_stayText_andBothPicturesParse() throws Exception {
    PlanResult p = plan("<script>alert('x')</script> & co");
    String funnel = PlanSvg.funnel(p);
    assertThat(funnel).doesNotContain("<script>").contains("&lt;script&gt;");
    Document d = parse(funnel);
    assertThat(d.getElementsByTagName("script").getLength()).isZero();
    assertThat(d.getDocumentElement().getTextContent())
        .contains("<script>alert('x')</script> & co");
    assertThat(parse(PlanSvg.hourly(p)).getElementsByTagName("rect").getLength()).isEqualTo(2);
  }

  @Test
  void shortLayer_isDrawnRed() {
    String funnel = PlanSvg.funnel(plan("edge"));
    // app: 2.6 req/s in at 1 per server needs 4, the model has 1
    assertThat(funnel).contains("fill=\"#d9534f\"").contains("4 needed (N+1), 1 in the model");
  }
}
