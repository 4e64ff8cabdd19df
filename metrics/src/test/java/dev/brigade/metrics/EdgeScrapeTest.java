package dev.brigade.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.brigade.edge.EdgeConfig;
import dev.brigade.edge.EdgeServer;
import dev.brigade.model.Cluster;
import dev.brigade.model.ClusterLoader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prometheus scraping against a real Brigade edge's /metrics, configured from the model. */
class EdgeScrapeTest {
  @TempDir Path tmp;

  @Test
  void edgeMetrics_areScrapedAsTheModelSays_countersAsRates() throws Exception {
    HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    app.createContext(
        "/",
        x -> {
          byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
          x.getResponseHeaders().add("Cache-Control", "no-store");
          x.sendResponseHeaders(200, body.length);
          x.getResponseBody().write(body);
          x.close();
        });
    app.start();
    int edgePort = Peers.freePort();
    int adminPort = Peers.freePort();
    Path model = tmp.resolve("brigade.yml");
    Files.writeString(
        model,
        """
        cluster: scrape
        roles:
          edge: { services: { http: { port: %d, protocol: http, check: none } } }
          app:
            services:
              http: { port: %d, protocol: http, check: { type: http, path: /health } }
        hosts:
          edge1: { address: 127.0.0.1, roles: [edge] }
          app1: { address: 127.0.0.1, roles: [app] }
        stages:
          production: { hosts: [edge1, app1] }
        layers:
          - { name: edge, role: edge, pools: { app: { role: app } } }
        edge:
          admin: { port: %d, token: scrape-token-0123456789 }
        metrics:
          host-basics: none
          collect:
            edge: { host: edge1, type: prometheus, port: %d, address: 127.0.0.1 }
        """
            .formatted(edgePort, app.getAddress().getPort(), adminPort, adminPort));
    Cluster cluster = ClusterLoader.load(model);
    Instant t0 = Instant.parse("2026-06-01T00:00:00Z");
    TestClock clock = new TestClock(t0);
    HttpClient client = HttpClient.newHttpClient();
    try (EdgeServer edge = EdgeServer.start(EdgeConfig.from(cluster, "edge1"));
        MetricsEngine m =
            MetricsEngine.create(
                cluster, cluster.section(MetricsSection.TYPE), clock, tmp.resolve("store"))) {
      assertThat(edge.adminAddress().getPort()).isEqualTo(adminPort);
      m.collectNow();
      assertThat(m.collectionProblems()).isEmpty();
      for (int i = 0; i < 5; i++) {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edgePort + "/page" + i))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
      }
      clock.advance(Duration.ofSeconds(10));
      m.collectNow();
      assertThat(m.collectionProblems()).isEmpty();
      SeriesId responses =
          SeriesId.parse(
              "edge1/edge/brigade_edge_responses_total{backend=\"app1/http\",code=\"2xx\",pool=\"app\"}");
      SeriesInfo info = m.info(responses).orElseThrow();
      assertThat(info.kind()).isEqualTo(Kind.DERIVE);
      SeriesData d =
          m.query(new SeriesQuery(responses, t0, clock.instant(), 0, Consolidation.AVERAGE));
      // five requests in ten seconds (health probes are not responses to clients)
      assertThat(d.values()[d.size() - 1]).isGreaterThanOrEqualTo(0.5);
      assertThat(m.series())
          .extracting(s -> s.id().label())
          .contains("brigade_edge_open_connections", "brigade_edge_connections_total")
          .anyMatch(l -> l.startsWith("brigade_edge_request_duration_seconds{"));
    } finally {
      app.stop(0);
    }
  }
}
