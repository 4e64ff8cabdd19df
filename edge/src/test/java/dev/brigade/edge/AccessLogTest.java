package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brigade.demo.DemoApp;
import dev.brigade.demo.DemoOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogTest {
  @TempDir Path dir;

  @Test
  void everyRequest_isLoggedInCombinedFormatWithUpstreamTimeBackendCacheStatusAndId()
      throws Exception {
    Path log = dir.resolve("logs/access.log");
    DemoApp app =
        DemoApp.start(
            new DemoOptions(1, "127.0.0.1", List.of(), Duration.ZERO, 0, Map.of(), Map.of(), 10));
    EdgeConfig base =
        EdgeFixture.config(
            app, Algorithm.ROUND_ROBIN, HealthSettings.DEFAULT, Timeouts.DEFAULT, "", List.of());
    EdgeConfig config =
        new EdgeConfig(
            base.node(),
            base.listen(),
            base.admin(),
            base.adminToken(),
            base.timeouts(),
            Optional.of(log),
            base.pools(),
            base.routes());
    try (app;
        HttpClient c = HttpClient.newHttpClient()) {
      try (EdgeServer edge = EdgeServer.start(config)) {
        URI uri =
            URI.create(
                "http://127.0.0.1:"
                    + edge.address().getPort()
                    + "/products/3?ref=\"x\"".replace("\"", "%22"));
        HttpResponse<String> r =
            c.send(
                HttpRequest.newBuilder(uri)
                    .header("User-Agent", "test \"agent\"")
                    .header("Referer", "http://example.com/")
                    .header("X-Request-Id", "abc-123")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
      }
      List<String> lines = Files.readAllLines(log);
      assertThat(lines).hasSize(1);
      assertThat(lines.getFirst())
          .matches(
              "127\\.0\\.0\\.1 - - \\[\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000\\] \"GET /products/3\\?ref=%22x%22 HTTP/1\\.1\" 200 \\d+ "
                  + "\"http://example\\.com/\" \"test \\\\x22agent\\\\x22\" \\d+\\.\\d{3} app1/http - abc-123");
    }
  }
}
