package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proxied requests, background refreshes and health probes go through one upstream client: the
 * backend's pooled connections, the forwarding headers, the timeouts and the backend's metrics.
 */
class SharedUpstreamTest {
  static final String ID = "origin/http";

  /** A pool of one backend whose scheduled probes stay out of the way (one a day). */
  static PoolConfig pool(int port, String healthPath, Duration probeTimeout) {
    return new PoolConfig(
        "app",
        Algorithm.ROUND_ROBIN,
        "url",
        "",
        List.of(new BackendConfig(ID, "127.0.0.1", port, 1, false)),
        healthPath,
        200,
        Duration.ofDays(1),
        probeTimeout,
        new HealthSettings(8, 3, 0, 0, 0, Duration.ZERO));
  }

  static EdgeServer edge(PoolConfig pool, Timeouts timeouts) {
    return EdgeServer.start(
        EdgeFixture.edgeConfig(pool, timeouts, Optional.of(CacheSettings.DEFAULT)));
  }

  /** The value of one line of the edge's Prometheus text, e.g. {@code name{labels}}. */
  static long metric(EdgeServer edge, String series) {
    for (String l : edge.metrics().split("\n")) {
      if (l.startsWith(series + " ")) {
        return Long.parseLong(l.substring(series.length() + 1).strip());
      }
    }
    throw new AssertionError("no series " + series);
  }

  static String backend(String name) {
    return name + "{pool=\"app\",backend=\"" + ID + "\"}";
  }

  /** Waits for something the edge does in the background (not a timing assumption: a deadline). */
  static void await(BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 30 s").isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  static final String STALE = "max-age=0, stale-while-revalidate=600";

  /** /r: stored stale at once, revalidated by ETag; /pass: never stored. */
  static String answer(String line, Map<String, String> h, byte[] body) {
    if (line.startsWith("GET /pass")) {
      return "HTTP/1.1 200 OK\r\nCache-Control: no-store\r\nContent-Length: 4\r\n\r\npass";
    }
    if ("\"v1\"".equals(h.get("if-none-match"))) {
      return "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nCache-Control: " + STALE + "\r\n\r\n";
    }
    return "HTTP/1.1 200 OK\r\nETag: \"v1\"\r\nCache-Control: "
        + STALE
        + "\r\nContent-Length: 2\r\n\r\nv1";
  }

  @Test
  void refreshesAndRequests_shareOnePooledKeptAliveConnection() throws Exception {
    try (RawBackend origin = RawBackend.framing(SharedUpstreamTest::answer);
        EdgeServer edge =
            edge(pool(origin.port(), "/health", Duration.ofSeconds(5)), Timeouts.DEFAULT);
        EdgeClientSocket client = new EdgeClientSocket(edge.address().getPort())) {
      assertThat(client.get("/pass").body()).isEqualTo("pass");
      assertThat(client.get("/r").body()).isEqualTo("v1"); // a miss, stored stale
      for (int i = 1; i <= 5; i++) {
        EdgeClientSocket.Response stale = client.get("/r");
        assertThat(stale.headers().get("cache-status")).contains("stale-while-revalidate");
        long refreshes = i;
        // the refresh is done and its connection back in the pool once its slot is free
        await(
            () ->
                metric(edge, "brigade_edge_cache_refreshes_total") == refreshes
                    && metric(edge, backend("brigade_edge_backend_active")) == 0);
        assertThat(client.get("/pass").body()).isEqualTo("pass");
      }
      assertThat(origin.requests.get()).isEqualTo(2 + 5 + 5);
      assertThat(origin.connections.get()).as("one kept-alive connection for all").isEqualTo(1);
      assertThat(
              metric(
                  edge,
                  "brigade_edge_responses_total{pool=\"app\",backend=\"" + ID + "\",code=\"3xx\"}"))
          .as("the refreshes' 304s in the backend's metrics")
          .isEqualTo(5);
    }
  }

  @Test
  void aRefresh_forwardsLikeAProxiedRequest() throws Exception {
    List<Map<String, String>> seen = Collections.synchronizedList(new ArrayList<>());
    try (RawBackend origin =
            RawBackend.framing(
                (line, h, body) -> {
                  seen.add(h);
                  return answer(line, h, body);
                });
        EdgeServer edge =
            edge(pool(origin.port(), "/health", Duration.ofSeconds(5)), Timeouts.DEFAULT);
        EdgeClientSocket client = new EdgeClientSocket(edge.address().getPort())) {
      client.get("/r", "X-Forwarded-For", "10.1.2.3");
      client.get("/r", "X-Forwarded-For", "10.1.2.3");
      await(() -> metric(edge, "brigade_edge_cache_refreshes_total") == 1);
      assertThat(seen).hasSize(2);
      Map<String, String> proxied = seen.get(0);
      Map<String, String> refresh = seen.get(1);
      assertThat(refresh.get("if-none-match")).isEqualTo("\"v1\"");
      assertThat(proxied.get("via")).isEqualTo("1.1 brigade");
      assertThat(refresh.get("via")).isEqualTo(proxied.get("via"));
      assertThat(proxied.get("x-forwarded-for")).isEqualTo("10.1.2.3, 127.0.0.1");
      assertThat(refresh.get("x-forwarded-for"))
          .as("the chain of the request whose hit started it, extended with that client")
          .isEqualTo("10.1.2.3, 127.0.0.1");
      assertThat(refresh.get("x-forwarded-proto")).isEqualTo(proxied.get("x-forwarded-proto"));
      assertThat(refresh.get("forwarded")).startsWith("for=127.0.0.1;proto=http;host=");
      assertThat(refresh.get("host")).isEqualTo(proxied.get("host"));
      assertThat(refresh.get("x-request-id"))
          .isNotBlank()
          .isNotEqualTo(proxied.get("x-request-id"));
    }
  }

  @Test
  void aHealthProbe_isCountedInTheBackendsMetrics_andReusesItsPooledConnection() throws Exception {
    try (RawBackend origin =
            RawBackend.framing(
                (line, h, body) ->
                    line.startsWith("GET /health ")
                            && h.get("host").endsWith(":" + h.get("host").split(":")[1])
                        ? "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n"
                        : "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        EdgeServer edge =
            edge(pool(origin.port(), "/health", Duration.ofSeconds(5)), Timeouts.DEFAULT)) {
      edge.probeAll();
      edge.probeAll();
      assertThat(origin.requestLines)
          .containsExactly(
              "GET /health HTTP/1.1 @127.0.0.1:" + origin.port(),
              "GET /health HTTP/1.1 @127.0.0.1:" + origin.port());
      assertThat(origin.connections.get()).isEqualTo(1);
      assertThat(
              metric(
                  edge,
                  "brigade_edge_responses_total{pool=\"app\",backend=\"" + ID + "\",code=\"2xx\"}"))
          .isEqualTo(2);
      assertThat(edge.state("app", ID)).hasValue(BackendState.UP);
    }
  }

  @Test
  @Timeout(120)
  void aHealthProbe_obeysTheConnectTimeout_againstABlackhole() throws Exception {
    try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      // A listener that never accepts completes handshakes until its accept queue is full; from
      // then on the kernel drops the SYNs: a connect neither succeeds nor fails.
      List<Socket> filling = new ArrayList<>();
      try {
        boolean blackhole = false;
        for (int i = 0; i < 16 && !blackhole; i++) {
          Socket s = new Socket();
          filling.add(s);
          try {
            s.connect(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort()), 500);
          } catch (SocketTimeoutException e) {
            blackhole = true;
          }
        }
        assertThat(blackhole).as("the accept queue filled up").isTrue();
        Timeouts timeouts =
            new Timeouts(
                Duration.ofMillis(200),
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                Duration.ofSeconds(10),
                Duration.ofSeconds(60));
        // the probe timeout (10 minutes) would outlast the test: only the connect timeout ends it
        try (EdgeServer edge =
            edge(pool(full.getLocalPort(), "/health", Duration.ofMinutes(10)), timeouts)) {
          edge.probeAll();
          assertThat(metric(edge, backend("brigade_edge_connect_errors_total"))).isEqualTo(1);
          assertThat(metric(edge, backend("brigade_edge_backend_timeouts_total"))).isZero();
        }
      } finally {
        for (Socket s : filling) {
          s.close();
        }
      }
    }
  }

  @Test
  @Timeout(120)
  void aHealthProbe_obeysTheFirstByteTimeout_againstABackendThatNeverAnswers() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    try (RawBackend silent = new RawBackend(out -> never.await())) {
      Timeouts timeouts =
          new Timeouts(
              Duration.ofSeconds(3),
              Duration.ofMillis(200),
              Duration.ofSeconds(30),
              Duration.ofSeconds(10),
              Duration.ofSeconds(60));
      try (EdgeServer edge =
          edge(pool(silent.port(), "/health", Duration.ofMinutes(10)), timeouts)) {
        edge.probeAll();
        assertThat(silent.requests.get()).as("it had the probe's request").isEqualTo(1);
        assertThat(metric(edge, backend("brigade_edge_backend_timeouts_total"))).isEqualTo(1);
        assertThat(metric(edge, backend("brigade_edge_connect_errors_total"))).isZero();
      } finally {
        never.countDown();
      }
    }
  }

  @Test
  void aRefresh_andConcurrentMissesAndRevalidationsOfItsUrl_makeOneBackendRequest()
      throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    Semaphore refreshArrived = new Semaphore(0);
    try (RawBackend origin =
            RawBackend.framing(
                (line, h, body) -> {
                  if (h.containsKey("if-none-match")) {
                    refreshArrived.release();
                    try {
                      gate.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    return "HTTP/1.1 200 OK\r\nETag: \"v2\"\r\nCache-Control: max-age=600"
                        + "\r\nContent-Length: 2\r\n\r\nv2";
                  }
                  return answer(line, h, body);
                });
        EdgeServer edge =
            edge(pool(origin.port(), "/health", Duration.ofSeconds(5)), Timeouts.DEFAULT);
        EdgeClientSocket first = new EdgeClientSocket(edge.address().getPort());
        EdgeClientSocket miss = new EdgeClientSocket(edge.address().getPort());
        EdgeClientSocket reload = new EdgeClientSocket(edge.address().getPort());
        EdgeClientSocket conditional = new EdgeClientSocket(edge.address().getPort())) {
      assertThat(first.get("/r").body()).isEqualTo("v1");
      assertThat(first.get("/r").body()).as("stale, while the refresh runs").isEqualTo("v1");
      assertThat(refreshArrived.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
      miss.send("/r", "Cache-Control", "no-cache"); // a forced refetch
      reload.send("/r", "Cache-Control", "max-age=0"); // a revalidation
      conditional.send("/r", "Cache-Control", "max-age=0", "If-None-Match", "\"v1\"");
      await(() -> metric(edge, "brigade_edge_cache_coalesced_total") == 3);
      gate.countDown();
      for (EdgeClientSocket c : List.of(miss, reload, conditional)) {
        EdgeClientSocket.Response r = c.read();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("v2");
        assertThat(r.headers().get("cache-status")).contains("collapsed");
      }
      assertThat(first.get("/r").headers().get("cache-status")).startsWith("brigade; hit");
      assertThat(origin.requests.get()).as("the first miss and the refresh").isEqualTo(2);
    }
  }

  @Test
  void aRetryOnAFreshConnection_endsItsRequest_soTheConnectionCarriesTheNext() throws Exception {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    try (RawBackend origin =
            RawBackend.framing(
                (line, h, body) ->
                    n.incrementAndGet() == 2 ? null : RawBackend.ok(line, h, body)); // 2: closed
        EdgeServer edge =
            edge(pool(origin.port(), "/health", Duration.ofSeconds(5)), Timeouts.DEFAULT);
        EdgeClientSocket client = new EdgeClientSocket(edge.address().getPort())) {
      assertThat(client.get("/a").body()).startsWith("ok GET /a");
      // the kept-alive connection closes without an answer: once more on a fresh one
      assertThat(client.get("/b").body()).startsWith("ok GET /b");
      assertThat(client.get("/c").body()).startsWith("ok GET /c");
      assertThat(origin.requests.get()).isEqualTo(4);
      assertThat(origin.connections.get())
          .as("the retry's connection carried the next request (it ended the retried one)")
          .isEqualTo(2);
    }
  }
}
