package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Health that does not turn a hiccup into an outage. */
class PassiveHealthTest {
  private static PoolConfig pool(HealthSettings health, RawBackend... backends) {
    List<BackendConfig> list = new ArrayList<>();
    for (int i = 0; i < backends.length; i++) {
      list.add(
          new BackendConfig("b" + (i + 1) + "/http", "127.0.0.1", backends[i].port(), 1, false));
    }
    return new PoolConfig(
        "app",
        Algorithm.ROUND_ROBIN,
        "url",
        "",
        list,
        "/health",
        200,
        Duration.ofSeconds(60),
        Duration.ofSeconds(1),
        health);
  }

  private static String answer(String line, Map<String, String> headers, byte[] body) {
    String path = line.split(" ")[1];
    if (path.startsWith("/fail")) {
      return "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\n\r\nerror";
    }
    if (path.equals("/health")) {
      return "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    }
    return RawBackend.ok(line, headers, body);
  }

  @Test
  void singleBackendThatClosesEveryConnectionAndAnswersSome500s_staysUp() throws Exception {
    try (RawBackend origin = RawBackend.closingAfterEach(PassiveHealthTest::answer);
        EdgeServer edge =
            EdgeServer.start(
                EdgeFixture.edgeConfig(
                    pool(HealthSettings.DEFAULT, origin), Timeouts.DEFAULT, Optional.empty()));
        ExecutorService clients = Executors.newFixedThreadPool(4);
        HttpClient client = HttpClient.newHttpClient()) {
      Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        running.add(
            clients.submit(
                () -> {
                  for (int i = 0; i < 50; i++) {
                    String path = (i % 5 == 0 ? "/fail/" : "/page/") + thread + "-" + i;
                    HttpResponse<String> r =
                        client.send(
                            HttpRequest.newBuilder(
                                    URI.create(
                                        "http://127.0.0.1:" + edge.address().getPort() + path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                            HttpResponse.BodyHandlers.ofString());
                    statuses.merge(r.statusCode(), 1, Integer::sum);
                    assertThat(r.statusCode())
                        .as(path)
                        .isEqualTo(path.startsWith("/fail") ? 500 : 200);
                  }
                  return null;
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
      assertThat(statuses).containsOnlyKeys(200, 500);
      assertThat(edge.state("app", "b1/http")).hasValue(BackendState.UP);
      assertThat(origin.connections.get()).as("a fresh connection for each").isGreaterThan(150);
    }
  }

  @Test
  void fiveHundreds_countTowardPassiveHealthOnlyWhenAsked() throws Exception {
    HealthSettings counting =
        new HealthSettings(8, 3, 0, 0, 2, Duration.ZERO, true, HealthSettings.PANIC_THRESHOLD);
    try (RawBackend a = RawBackend.framing(PassiveHealthTest::answer);
        RawBackend b = RawBackend.framing(PassiveHealthTest::answer);
        EdgeServer notCounting =
            EdgeServer.start(
                EdgeFixture.edgeConfig(
                    pool(HealthSettings.DEFAULT, a, b), Timeouts.DEFAULT, Optional.empty()));
        EdgeServer asked =
            EdgeServer.start(
                EdgeFixture.edgeConfig(pool(counting, a, b), Timeouts.DEFAULT, Optional.empty()));
        HttpClient client = HttpClient.newHttpClient()) {
      for (EdgeServer edge : List.of(notCounting, asked)) {
        for (int i = 0; i < 8; i++) {
          client.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + edge.address().getPort() + "/fail/" + i))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
        }
      }
      assertThat(notCounting.state("app", "b1/http")).hasValue(BackendState.UP);
      assertThat(notCounting.state("app", "b2/http")).hasValue(BackendState.UP);
      assertThat(asked.state("app", "b1/http")).hasValue(BackendState.DOWN);
    }
  }

  @Test
  void belowThePanicThreshold_everyPrimaryTakesTraffic() throws Exception {
    RawBackend.Responder sick =
        (line, headers, body) ->
            line.startsWith("GET /health ")
                ? "HTTP/1.1 503 Unavailable\r\nContent-Length: 0\r\n\r\n"
                : RawBackend.ok(line, headers, body);
    HealthSettings quick = new HealthSettings(3, 2, 0, 0, 3, Duration.ZERO);
    HealthSettings noPanic = new HealthSettings(3, 2, 0, 0, 3, Duration.ZERO, false, 0);
    try (RawBackend b1 = RawBackend.framing(PassiveHealthTest::answer);
        RawBackend b2 = RawBackend.framing(sick);
        RawBackend b3 = RawBackend.framing(sick);
        HttpClient client = HttpClient.newHttpClient()) {
      for (HealthSettings h : List.of(quick, noPanic)) {
        try (EdgeServer edge =
            EdgeServer.start(
                EdgeFixture.edgeConfig(pool(h, b1, b2, b3), Timeouts.DEFAULT, Optional.empty()))) {
          edge.probeAll();
          edge.probeAll();
          assertThat(edge.state("app", "b2/http")).hasValue(BackendState.DOWN);
          assertThat(edge.state("app", "b3/http")).hasValue(BackendState.DOWN);
          b2.requestLines.clear();
          for (int i = 0; i < 12; i++) {
            HttpResponse<String> r =
                client.send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + edge.address().getPort() + "/p" + i))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
          }
          long served2 = b2.requestLines.stream().filter(l -> l.startsWith("GET /p")).count();
          if (h == quick) {
            assertThat(served2).as("1 of 3 healthy is below 50 %: all three share").isEqualTo(4);
            assertThat(edge.metrics()).contains("brigade_edge_pool_panic_total{pool=\"app\"} 12");
          } else {
            assertThat(served2).as("panic threshold 0: only the healthy one").isZero();
          }
        }
      }
    }
  }
}
