package dev.brigade.box.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster page over the series the metrics engine really stores when it scrapes a real edge's
 * /metrics: proves the names {@link LiveTraffic} reads are the ones the collector writes.
 */
class ClusterLiveTest {
  @TempDir Path tmp;

  @Test
  void aScrapedEdge_givesTheEdgeLayersRate_andHitRate_andWhatTheAppLayerReceives()
      throws Exception {
    try (LiveEdge live = new LiveEdge();
        TestBox box =
            new TestBox(
                Models.shopWithScrapedEdge(tmp, live.port(), live.adminPort()),
                tmp,
                Instant.parse("2026-12-01T10:00:00Z"),
                true)) {
      box.metrics.collectNow();
      assertThat(box.metrics.collectionProblems()).isEmpty();
      // 10 lookups: the stylesheet once from the app and 7 times from the cache, two news pages
      for (int i = 0; i < 8; i++) {
        assertThat(live.get("/static/style.css")).isEqualTo(200);
      }
      live.get("/news");
      live.get("/news?page=2");
      box.advance(Duration.ofSeconds(10));
      box.metrics.collectNow();
      assertThat(box.metrics.collectionProblems()).isEmpty();

      String json =
          new String(
              new ClusterPage().handle(box.get("/cluster.json")).body(), StandardCharsets.UTF_8);
      JsonNode edge = new ObjectMapper().readTree(json).path("layers").get(0);
      assertThat(edge.path("name").asText()).isEqualTo("edge");
      assertThat(edge.path("incoming").asDouble()).as(json).isCloseTo(1.0, within(0.2));
      assertThat(edge.path("hitRate").asDouble()).as(json).isGreaterThan(0.5);
      assertThat(edge.path("hitRateSource").asText()).isEqualTo("measured");
      JsonNode app = new ObjectMapper().readTree(json).path("layers").get(1);
      assertThat(app.path("incoming").asDouble()).isEqualTo(edge.path("passedOn").asDouble());
      assertThat(app.path("incoming").asDouble()).isGreaterThan(0);
    }
  }
}
