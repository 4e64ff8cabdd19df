package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.brigade.model.ClusterLoader;
import dev.brigade.model.ModelException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-backend {@code max-conn}, a bounded queue and its timeout: 503 with Retry-After past them.
 */
class ConnectionLimitTest {
  /** A backend that holds every request until the test opens its gate, counting concurrency. */
  static final class GatedOrigin implements AutoCloseable {
    final HttpServer server;
    final CountDownLatch gate = new CountDownLatch(1);
    final Semaphore arrived = new Semaphore(0);
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();

    GatedOrigin() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.createContext(
          "/",
          x -> {
            try (x) {
              if (x.getRequestURI().getPath().equals("/health")) {
                // the pool's health probe (it bypasses the queue): answered at once, not counted
                x.sendResponseHeaders(200, -1);
                return;
              }
              requests.incrementAndGet();
              maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
              arrived.release();
              gate.await(30, TimeUnit.SECONDS);
              byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
              inFlight.decrementAndGet();
              x.sendResponseHeaders(200, body.length);
              try (OutputStream out = x.getResponseBody()) {
                out.write(body);
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      server.start();
    }

    int port() {
      return server.getAddress().getPort();
    }

    @Override
    public void close() {
      gate.countDown();
      server.stop(0);
    }
  }

  private static EdgeServer edge(GatedOrigin origin, ConnectionLimit limit) {
    PoolConfig pool =
        EdgeFixture.onePool(
                "origin/http", origin.port(), new HealthSettings(8, 3, 0, 0, 0, Duration.ZERO))
            .withLimit(limit);
    return EdgeServer.start(EdgeFixture.edgeConfig(pool, Timeouts.DEFAULT, Optional.empty()));
  }

  private static HttpRequest get(EdgeServer edge, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.address().getPort() + path))
        .timeout(Duration.ofSeconds(30))
        .build();
  }

  private static void awaitMetric(EdgeServer edge, String line) throws InterruptedException {
    for (int i = 0; i < 2000 && edge.metrics().lines().noneMatch(line::equals); i++) {
      Thread.sleep(5);
    }
    assertThat(edge.metrics().lines()).contains(line);
  }

  @Test
  void maxConnHoldsTheSecondRequest_andAFullQueueIs503WithRetryAfter() throws Exception {
    try (GatedOrigin origin = new GatedOrigin();
        EdgeServer edge = edge(origin, new ConnectionLimit(1, 1, Duration.ofSeconds(30)));
        HttpClient client = HttpClient.newHttpClient()) {
      CompletableFuture<HttpResponse<String>> first =
          client.sendAsync(get(edge, "/a"), HttpResponse.BodyHandlers.ofString());
      assertThat(origin.arrived.tryAcquire(20, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<HttpResponse<String>> queued =
          client.sendAsync(get(edge, "/b"), HttpResponse.BodyHandlers.ofString());
      awaitMetric(edge, "brigade_edge_pool_queue{pool=\"app\"} 1");

      HttpResponse<String> refused =
          client.send(get(edge, "/c"), HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("30");
      assertThat(first).isNotDone();
      assertThat(queued).isNotDone();

      origin.gate.countDown();
      assertThat(first.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(queued.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(origin.maxInFlight.get()).isEqualTo(1);
      assertThat(origin.requests.get()).isEqualTo(2); // the refused one never reached it
      assertThat(edge.metrics().lines())
          .contains("brigade_edge_pool_queue{pool=\"app\"} 0")
          .contains("brigade_edge_pool_queue_refused_total{pool=\"app\"} 1");
    }
  }

  @Test
  void aRequestThatWaitsPastTheQueueTimeout_is503WithRetryAfter_beforeTheSlotFrees()
      throws Exception {
    try (GatedOrigin origin = new GatedOrigin();
        EdgeServer edge = edge(origin, new ConnectionLimit(1, 10, Duration.ofMillis(200)));
        HttpClient client = HttpClient.newHttpClient()) {
      CompletableFuture<HttpResponse<String>> first =
          client.sendAsync(get(edge, "/a"), HttpResponse.BodyHandlers.ofString());
      assertThat(origin.arrived.tryAcquire(20, TimeUnit.SECONDS)).isTrue();
      HttpResponse<String> waited =
          client.send(get(edge, "/b"), HttpResponse.BodyHandlers.ofString());
      assertThat(waited.statusCode()).isEqualTo(503);
      assertThat(waited.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(first).isNotDone(); // it timed out in the queue, not after the first's end
      origin.gate.countDown();
      assertThat(first.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(origin.requests.get()).isEqualTo(1);
    }
  }

  @TempDir Path dir;

  private EdgeConfig model(String edgeSection) throws IOException, ModelException {
    Path file = dir.resolve("brigade.yml");
    Files.writeString(
        file,
        Files.readString(Path.of("../examples/production.yml"))
                .replace(
                    "include:\n  - production/",
                    "include:\n  - " + Path.of("../examples/production").toAbsolutePath() + "/")
                .replace(
                    "  - production/stages.yml",
                    "  - " + Path.of("../examples/production/stages.yml").toAbsolutePath())
            + edgeSection);
    return EdgeConfig.from(
        new ClusterLoader(Map.of("EDGE_TOKEN", "0123456789abcdef0123"), List.of()).read(file),
        "edge1");
  }

  @Test
  void maxConnInThePoolSettings_buildsTheLimit() throws Exception {
    EdgeConfig e =
        model(
            """
        edge:
          pools:
            app: { max-conn: 4, max-queue: 8, queue-timeout: 2s }
        """);
    assertThat(e.pool("app").orElseThrow().limit())
        .isEqualTo(new ConnectionLimit(4, 8, Duration.ofSeconds(2)));
  }

  @Test
  void queueSettingsWithoutMaxConn_orAZeroMaxConn_areProblemsWithFileLineColumn() {
    assertThatThrownBy(
            () ->
                model(
                    """
        edge:
          pools:
            app:
              max-queue: 8
              queue-timeout: 0s
        """))
        .isInstanceOfSatisfying(
            ModelException.class,
            ex ->
                assertThat(ex.lines())
                    .anyMatch(
                        l -> l.matches(".*brigade.yml:[0-9]+:7: 'max-queue' needs 'max-conn'.*"))
                    .anyMatch(
                        l -> l.matches(".*brigade.yml:[0-9]+:[0-9]+: timeout 'queue-timeout'.*")));
    assertThatThrownBy(
            () ->
                model(
                    """
        edge:
          pools:
            app: { max-conn: 0 }
        """))
        .isInstanceOfSatisfying(
            ModelException.class,
            ex ->
                assertThat(ex.lines())
                    .anyMatch(l -> l.matches(".*brigade.yml:[0-9]+:[0-9]+: .*max-conn.*")));
  }
}
