package dev.brigade.edge;

import dev.brigade.demo.DemoApp;
import dev.brigade.demo.DemoInstance;
import dev.brigade.demo.DemoOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The demo app's instances behind an edge, all on loopback, for tests. */
final class EdgeFixture implements AutoCloseable {
  static final String TOKEN = "test-token-0123456789abcdef";

  final DemoApp app;
  final EdgeServer edge;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  EdgeFixture(int instances, Algorithm algorithm, HealthSettings health, Timeouts timeouts) {
    this.app =
        DemoApp.start(
            new DemoOptions(
                instances, "127.0.0.1", List.of(), Duration.ZERO, 0, Map.of(), Map.of(), 10));
    this.edge = EdgeServer.start(config(app, algorithm, health, timeouts, "", List.of()));
  }

  static EdgeConfig config(
      DemoApp app,
      Algorithm algorithm,
      HealthSettings health,
      Timeouts timeouts,
      String affinity,
      List<String> backups) {
    List<BackendConfig> backends = new ArrayList<>();
    for (DemoInstance i : app.instances()) {
      backends.add(
          new BackendConfig(
              i.name() + "/http",
              "127.0.0.1",
              i.address().getPort(),
              1,
              backups.contains(i.name())));
    }
    PoolConfig pool =
        new PoolConfig(
            "app",
            algorithm,
            "url",
            affinity,
            backends,
            "/health",
            200,
            Duration.ofMillis(200),
            Duration.ofMillis(500),
            health);
    return edgeConfig(pool, timeouts, Optional.empty());
  }

  /** An edge config on free loopback ports: one pool, every request routed to it. */
  static EdgeConfig edgeConfig(PoolConfig pool, Timeouts timeouts, Optional<CacheSettings> cache) {
    return new EdgeConfig(
        "edge1",
        new InetSocketAddress("127.0.0.1", 0),
        new InetSocketAddress("127.0.0.1", 0),
        TOKEN,
        timeouts,
        Optional.empty(),
        List.of(pool),
        List.of(new Route("", "", pool.name())),
        cache);
  }

  /** A pool "app" of one backend, probed on /health every 30 s (so probes stay out of counts). */
  static PoolConfig onePool(String id, int port, HealthSettings health) {
    return new PoolConfig(
        "app",
        Algorithm.ROUND_ROBIN,
        "url",
        "",
        List.of(new BackendConfig(id, "127.0.0.1", port, 1, false)),
        "/health",
        200,
        Duration.ofSeconds(30),
        Duration.ofSeconds(1),
        health);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + edge.address().getPort() + path);
  }

  URI admin(String path) {
    return URI.create("http://127.0.0.1:" + edge.adminAddress().getPort() + path);
  }

  HttpResponse<String> get(String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> adminPost(String path, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(admin(path)).POST(HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    edge.close();
    app.close();
    client.close();
  }
}
