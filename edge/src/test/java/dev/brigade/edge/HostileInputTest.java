package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed and smuggling-shaped requests are refused; the edge never dies from input. */
class HostileInputTest {
  private static EdgeFixture f;

  @BeforeAll
  static void start() {
    f =
        new EdgeFixture(
            2,
            Algorithm.ROUND_ROBIN,
            HealthSettings.DEFAULT,
            new Timeouts(
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                Duration.ofMillis(700),
                Duration.ofSeconds(5)));
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  /** Sends raw bytes and returns the status line, or "" when the edge closed without one. */
  private static String send(String raw) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), f.edge.address().getPort())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        line.append((char) c);
      }
      return line.toString().strip();
    } catch (SocketTimeoutException e) {
      return "timeout";
    }
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(
            "both Content-Length and Transfer-Encoding (RFC 9112 6.3)",
            "POST /cart HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "400"),
        Arguments.of(
            "differing duplicate Content-Length",
            "POST /cart HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nitem=",
            "400"),
        Arguments.of(
            "obs-fold (RFC 9112 5.2)", "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n", "400"),
        Arguments.of("bare LF (RFC 9112 2.2)", "GET / HTTP/1.1\nHost: a\n\n", "400"),
        Arguments.of(
            "invalid character in a header name",
            "GET / HTTP/1.1\r\nHost: a\r\nX(A): b\r\n\r\n",
            "400"),
        Arguments.of(
            "space before the colon", "GET / HTTP/1.1\r\nHost: a\r\nX-A : b\r\n\r\n", "400"),
        Arguments.of(
            "transfer coding other than chunked",
            "POST /cart HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
            "400"),
        Arguments.of("malformed request line", "GET\r\n\r\n", "400"),
        Arguments.of("HTTP/1.1 without Host", "GET / HTTP/1.1\r\n\r\n", "400"),
        Arguments.of("two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "400"),
        Arguments.of(
            "oversized headers",
            "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + "x".repeat(40_000) + "\r\n\r\n",
            "431"),
        Arguments.of(
            "oversized request line",
            "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: a\r\n\r\n",
            "414"),
        Arguments.of(
            "NUL in a header value", "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\u0000c\r\n\r\n", "400"),
        Arguments.of("target that is not a path", "GET news HTTP/1.1\r\nHost: a\r\n\r\n", "400"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refusedShape_getsItsStatusAndAClosedConnection(String name, String raw, String status)
      throws IOException {
    String line = send(raw);
    assertThat(line).as(name).startsWith("HTTP/1.1 " + status);
  }

  @Test
  void slowloris_isCutOffByTheHeaderTimeout() throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), f.edge.address().getPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write("GET / HTTP/1.1\r\nHost: a\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long start = System.nanoTime();
      String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(reply).startsWith("HTTP/1.1 408");
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }
  }

  @Test
  void hundredsOfHostileRequests_thenNormalTrafficStillFlows() throws Exception {
    List<Arguments> shapes = refused().toList();
    Random random = new Random(42);
    for (int i = 0; i < 300; i++) {
      String raw;
      if (i % 3 == 0) {
        raw = (String) shapes.get(random.nextInt(shapes.size())).get()[1];
      } else {
        byte[] junk = new byte[1 + random.nextInt(300)];
        random.nextBytes(junk);
        raw =
            (i % 2 == 0 ? "GET /" : "")
                + new String(junk, StandardCharsets.ISO_8859_1)
                + "\r\n\r\n";
      }
      send(raw);
    }
    for (int i = 0; i < 10; i++) {
      assertThat(f.get("/news").statusCode()).isEqualTo(200);
    }
    assertThat(f.edge.metrics()).containsPattern("brigade_edge_refused_requests_total [1-9][0-9]*");
  }

  @Test
  void pipelinedRequests_areAnsweredInOrder() throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), f.edge.address().getPort())) {
      s.setSoTimeout(10_000);
      String two =
          "GET /health HTTP/1.1\r\nHost: a\r\n\r\nGET /products/5 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
      s.getOutputStream().write(two.getBytes(StandardCharsets.US_ASCII));
      String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(reply.indexOf("HTTP/1.1 200")).isZero();
      assertThat(reply.indexOf("OK\n")).isLessThan(reply.indexOf("Product 5"));
      assertThat(reply.split("HTTP/1.1 200", -1)).hasSize(3);
    }
  }
}
