package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The proxy path over real sockets, in front of the demo application. */
class EdgeProxyTest {
  private static EdgeFixture f;

  @BeforeAll
  static void start() {
    f = new EdgeFixture(3, Algorithm.ROUND_ROBIN, HealthSettings.DEFAULT, Timeouts.DEFAULT);
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @Test
  void requests_areSpreadOverEveryInstance() throws Exception {
    Map<String, Integer> servedBy = new HashMap<>();
    for (int i = 0; i < 30; i++) {
      HttpResponse<String> r = f.get("/news");
      assertThat(r.statusCode()).isEqualTo(200);
      servedBy.merge(r.headers().firstValue("X-Served-By").orElseThrow(), 1, Integer::sum);
    }
    assertThat(servedBy).containsOnlyKeys("app1", "app2", "app3");
    assertThat(servedBy.values()).allSatisfy(n -> assertThat(n).isEqualTo(10));
  }

  @Test
  void response_carriesViaAndKeepsTheBackendsHeaders() throws Exception {
    HttpResponse<String> r = f.get("/static/style.css");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().allValues("Via")).contains("1.1 brigade");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=86400");
    assertThat(r.body()).contains(".green");
  }

  @Test
  void largeBody_isStreamedThrough() throws Exception {
    HttpResponse<byte[]> r =
        f.client.send(
            HttpRequest.newBuilder(f.uri("/static/download.bin")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).hasSize(100 * 1024);
    assertThat(r.body()[26]).isEqualTo((byte) 'a');
  }

  @Test
  void post_isForwardedWithItsBody() throws Exception {
    String session = "BRIGADE_SESSION=" + "ab".repeat(16);
    HttpResponse<String> post =
        f.client.send(
            HttpRequest.newBuilder(f.uri("/cart"))
                .header("Cookie", session)
                .POST(HttpRequest.BodyPublishers.ofString("item=lamp"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(303);
    String servedBy = post.headers().firstValue("X-Served-By").orElseThrow();
    // carts live in each instance: ask the same one
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> cart = f.get("/cart", "Cookie", session);
      if (cart.headers().firstValue("X-Served-By").orElseThrow().equals(servedBy)) {
        assertThat(cart.body()).contains("lamp");
        return;
      }
    }
    throw new AssertionError("the instance that took the POST never served the cart");
  }

  @Test
  void head_getsHeadersOnly() throws Exception {
    HttpResponse<String> r =
        f.client.send(
            HttpRequest.newBuilder(f.uri("/static/download.bin"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    assertThat(r.headers().firstValue("Content-Length")).hasValue("102400");
  }

  @Test
  void conditionalRequest_gets304ThroughTheEdge() throws Exception {
    String etag = f.get("/static/logo.svg").headers().firstValue("ETag").orElseThrow();
    assertThat(f.get("/static/logo.svg", "If-None-Match", etag).statusCode()).isEqualTo(304);
  }

  @Test
  void adminApi_reportsPoolsAndMetrics() throws Exception {
    f.get("/news");
    HttpResponse<String> pools =
        f.client.send(
            HttpRequest.newBuilder(f.admin("/pools")).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(pools.statusCode()).isEqualTo(200);
    assertThat(pools.body())
        .contains("\"name\":\"app\"")
        .contains("\"id\":\"app1/http\"")
        .contains("\"state\":\"up\"");
    HttpResponse<String> metrics =
        f.client.send(
            HttpRequest.newBuilder(f.admin("/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body())
        .contains("brigade_edge_responses_total{pool=\"app\",backend=\"app1/http\",code=\"2xx\"}")
        .contains("brigade_edge_backend_state{pool=\"app\",backend=\"app2/http\",state=\"up\"} 1")
        .contains("brigade_edge_request_duration_seconds{pool=\"app\",quantile=\"0.99\"}");
  }
}
