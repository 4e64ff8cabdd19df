package dev.brigade.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo's cache layer against a real memcached (Debian package memcached). */
class MemcachedTest {
  private static MemcachedServer memcached;
  private static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() {
    memcached =
        MemcachedServer.start(
            Peers.require(MemcachedServer.BINARY, MemcachedServer.PACKAGE), "127.0.0.1");
  }

  @AfterAll
  static void stop() {
    if (memcached != null) {
      memcached.close();
    }
  }

  private static long stat(String name) throws IOException {
    return Long.parseLong(memcached.stats().get(name));
  }

  @Test
  void client_setsGetsAndMisses() throws Exception {
    try (MemcachedClient c = new MemcachedClient(memcached.address(), 2, Duration.ofSeconds(2))) {
      assertThat(c.get("test:absent")).isEmpty();
      byte[] value = "héllo\r\nEND\r\n".getBytes(StandardCharsets.UTF_8);
      c.set("test:k", value, 60);
      assertThat(c.get("test:k")).hasValueSatisfying(v -> assertThat(v).isEqualTo(value));
      c.set("test:empty", new byte[0], 60);
      assertThat(c.get("test:empty")).hasValueSatisfying(v -> assertThat(v).isEmpty());
      assertThat(c.stats()).containsKeys("get_hits", "get_misses", "curr_items");
    }
  }

  @Test
  void client_refusesKeysMemcachedCannotTake() {
    try (MemcachedClient c = new MemcachedClient(memcached.address(), 1, Duration.ofSeconds(2))) {
      assertThatThrownBy(() -> c.get("with space")).hasMessageContaining("without spaces");
      assertThatThrownBy(() -> c.get("x".repeat(251))).hasMessageContaining("1 to 250");
      assertThatThrownBy(() -> c.set("k", new byte[MemcachedClient.MAX_VALUE + 1], 1))
          .hasMessageContaining("at most");
    }
  }

  @Test
  void client_withNoServer_failsWithAnIoError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (MemcachedClient c =
        new MemcachedClient(new InetSocketAddress("127.0.0.1", port), 1, Duration.ofMillis(500))) {
      assertThatThrownBy(() -> c.get("k")).isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void yellowPages_areGeneratedOnceThenServedFromMemcached() throws Exception {
    DemoOptions options =
        new DemoOptions(2, "127.0.0.1", List.of(), Duration.ZERO, 0, Map.of(), Map.of(), 7)
            .withMemcached(memcached.address());
    try (DemoApp app = DemoApp.start(options)) {
      long hitsBefore = stat("get_hits");
      String first = get(app.instance("app1").uri().resolve("/products/4242"));
      String second = get(app.instance("app2").uri().resolve("/products/4242"));

      assertThat(second).isEqualTo(first).contains("Product 4242");
      assertThat(app.instance("app1").cacheMisses()).isEqualTo(1);
      assertThat(app.instance("app2").cacheHits()).isEqualTo(1);
      assertThat(stat("get_hits")).isGreaterThan(hitsBefore);
      assertThat(get(app.instance("app2").uri().resolve("/metrics")))
          .contains("demo_fragment_cache_total{result=\"hit\"} 1");
    }
  }

  @Test
  void carts_areSharedByTheInstancesThroughMemcached_andSurviveARestart() throws Exception {
    DemoOptions options =
        new DemoOptions(2, "127.0.0.1", List.of(), Duration.ZERO, 0, Map.of(), Map.of(), 7)
            .withMemcached(memcached.address());
    try (DemoApp app = DemoApp.start(options)) {
      DemoInstance app1 = app.instance("app1");
      HttpResponse<String> login =
          http.send(
              HttpRequest.newBuilder(app1.uri().resolve("/login"))
                  .POST(HttpRequest.BodyPublishers.ofString("user=u"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
      HttpResponse<String> added =
          http.send(
              HttpRequest.newBuilder(app1.uri().resolve("/cart"))
                  .header("Cookie", cookie)
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString("item=blue+teapot"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(added.statusCode()).isEqualTo(303);

      assertThat(cart(app.instance("app2"), cookie)).contains("<li>blue teapot</li>");
      app1.stop();
      app1.start();
      assertThat(cart(app1, cookie)).contains("<li>blue teapot</li>");
    }
  }

  private static String cart(DemoInstance i, String cookie) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(i.uri().resolve("/cart")).header("Cookie", cookie).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  @Test
  void withMemcachedGone_pagesStillAnswerAndCountTheErrors() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    DemoOptions options =
        new DemoOptions(1, "127.0.0.1", List.of(), Duration.ZERO, 0, Map.of(), Map.of(), 7)
            .withMemcached(new InetSocketAddress("127.0.0.1", port));
    try (DemoApp app = DemoApp.start(options)) {
      assertThat(get(app.instance("app1").uri().resolve("/news"))).contains("Offer 1");
      assertThat(get(app.instance("app1").uri().resolve("/metrics")))
          .contains("demo_fragment_cache_total{result=\"error\"} 1");
    }
  }

  @Test
  void closedServer_hasNoProcessLeft() {
    MemcachedServer m = MemcachedServer.start(MemcachedServer.BINARY, "127.0.0.1");
    assertThat(m.running()).isTrue();
    m.close();
    assertThat(m.running()).isFalse();
  }

  private static String get(URI uri) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(uri.toString()).isEqualTo(200);
    return r.body();
  }
}
