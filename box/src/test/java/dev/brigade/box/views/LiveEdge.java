package dev.brigade.box.views;

import dev.brigade.demo.DemoApp;
import dev.brigade.demo.DemoInstance;
import dev.brigade.demo.DemoOptions;
import dev.brigade.edge.AdminJson;
import dev.brigade.edge.Algorithm;
import dev.brigade.edge.BackendConfig;
import dev.brigade.edge.CacheSettings;
import dev.brigade.edge.EdgeConfig;
import dev.brigade.edge.EdgeServer;
import dev.brigade.edge.HealthSettings;
import dev.brigade.edge.PoolConfig;
import dev.brigade.edge.Route;
import dev.brigade.edge.Timeouts;
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

/**
 * A real edge with a cache in front of the demo app's three instances (app1..app3), on loopback, as
 * {@code brigade demo} starts it; the model of {@link Models#shopWithOneEdge} points at it.
 */
final class LiveEdge implements AutoCloseable {
  static final String TOKEN = "views-test-token-0123456789";

  final DemoApp app;
  final EdgeServer edge;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  LiveEdge() {
    app =
        DemoApp.start(
            new DemoOptions(3, "127.0.0.1", List.of(), Duration.ZERO, 0, Map.of(), Map.of(), 10));
    List<BackendConfig> backends = new ArrayList<>();
    for (DemoInstance i : app.instances()) {
      backends.add(
          new BackendConfig(i.name() + "/http", "127.0.0.1", i.address().getPort(), 1, false));
    }
    PoolConfig pool =
        new PoolConfig(
            "app",
            Algorithm.ROUND_ROBIN,
            "url",
            "",
            backends,
            "/health",
            200,
            Duration.ofSeconds(30),
            Duration.ofSeconds(1),
            HealthSettings.DEFAULT);
    edge =
        EdgeServer.start(
            new EdgeConfig(
                    "edge1",
                    new InetSocketAddress("127.0.0.1", 0),
                    new InetSocketAddress("127.0.0.1", 0),
                    TOKEN,
                    Timeouts.DEFAULT,
                    Optional.empty(),
                    List.of(pool),
                    List.of(new Route("", "", "app")))
                .withCache(CacheSettings.DEFAULT));
  }

  int port() {
    return edge.address().getPort();
  }

  int adminPort() {
    return edge.adminAddress().getPort();
  }

  /** GETs a page through the edge, as a visitor. */
  int get(String path) throws Exception {
    return client
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** The edge's own GET /pools, as an operator's script reads it. */
  AdminJson.Pools pools() throws Exception {
    return AdminJson.read(
        client
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort() + "/pools"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray())
            .body());
  }

  String state(String backend) throws Exception {
    return pools().pool("app").orElseThrow().backends().stream()
        .filter(b -> b.id().equals(backend))
        .findFirst()
        .orElseThrow()
        .state();
  }

  @Override
  public void close() {
    edge.close();
    app.close();
    client.close();
  }
}
