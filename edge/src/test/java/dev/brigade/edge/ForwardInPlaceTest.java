package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A pass-through edits the client's header set into the backend request (no copy): a retry on
 * another backend sends the same fields once, and the client's own Connection still decides.
 */
class ForwardInPlaceTest {
  private static final Timeouts SHORT =
      new Timeouts(
          Duration.ofSeconds(1),
          Duration.ofMillis(800),
          Duration.ofMillis(800),
          Duration.ofSeconds(2),
          Duration.ofSeconds(10));

  @Test
  void retriedRequest_carriesEachForwardingFieldOnce_andTheClientsCloseIsHonoured()
      throws Exception {
    List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
    // the first backend sends a head and closes before the body: the edge retries on the other
    try (RawBackend dies =
            new RawBackend(
                out ->
                    out.write(RawBackend.ascii("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n")));
        RawBackend good =
            RawBackend.framing(
                (line, headers, body) -> {
                  seen.add(headers);
                  return RawBackend.ok(line, headers, body);
                })) {
      HealthSettings noPassive = new HealthSettings(8, 3, 0, 0, 0, Duration.ZERO);
      PoolConfig p =
          new PoolConfig(
              "app",
              Algorithm.ROUND_ROBIN,
              "url",
              "",
              List.of(
                  new BackendConfig("dies/http", "127.0.0.1", dies.port(), 1, false),
                  new BackendConfig("good/http", "127.0.0.1", good.port(), 1, false)),
              "/health",
              200,
              Duration.ofDays(1),
              Duration.ofMillis(500),
              noPassive);
      try (EdgeServer edge = EdgeServer.start(EdgeFixture.edgeConfig(p, SHORT, Optional.empty()))) {
        for (int i = 0; i < 4; i++) {
          try (EdgeClientSocket c = new EdgeClientSocket(edge.address().getPort())) {
            EdgeClientSocket.Response r =
                c.get("/page/" + i, "Connection", "close, X-Secret", "X-Secret", "s3", "TE", "x");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).startsWith("ok GET /page/" + i);
            assertThat(r.headers().get("connection")).isEqualTo("close");
          }
        }
        assertThat(dies.requests.get()).as("round robin sent some there first").isPositive();
      }
    }
    assertThat(seen).hasSize(4);
    for (Map<String, String> h : seen) {
      assertThat(h.get("x-forwarded-for")).isEqualTo("127.0.0.1");
      assertThat(h.get("via")).isEqualTo(ForwardHeaders.VIA);
      assertThat(h.get("x-request-id")).doesNotContain(",");
      assertThat(h.get("forwarded")).doesNotContain(",");
      assertThat(h).doesNotContainKeys("x-secret", "te", "connection");
    }
  }
}
