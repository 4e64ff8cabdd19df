package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Request smuggling (RFC 9112 sections 6.1, 6.3, 7.1 and 11.2): behind the edge is a strict origin
 * that frames every request itself on pooled keep-alive connections and records each request line
 * it parses. Whatever the client sends, the origin never parses a request out of a body: framing
 * fields cannot be removed through {@code Connection}, the edge frames what it forwards itself, and
 * ambiguous or malformed framing is refused before it reaches the origin.
 */
class SmugglingTest {
  private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n";
  private static RawBackend origin;
  private static EdgeServer edge;
  private static int after;

  @BeforeAll
  static void start() throws IOException {
    origin = RawBackend.framing(RawBackend::ok);
    PoolConfig pool =
        EdgeFixture.onePool(
            "origin/http", origin.port(), new HealthSettings(8, 3, 0, 0, 0, Duration.ZERO));
    edge =
        EdgeServer.start(
            EdgeFixture.edgeConfig(
                new PoolConfig(
                    pool.name(),
                    pool.algorithm(),
                    pool.hashKey(),
                    pool.affinityCookie(),
                    pool.backends(),
                    "",
                    200,
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(1),
                    pool.health()),
                Timeouts.DEFAULT,
                Optional.empty()));
  }

  @AfterAll
  static void stop() throws IOException {
    edge.close();
    origin.close();
  }

  @BeforeEach
  void clear() {
    origin.requestLines.clear();
  }

  private static String chunked(String body) {
    return Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
  }

  static Stream<Arguments> shapes() {
    int n = SMUGGLED.length();
    String cl = "Content-Length: " + n + "\r\n";
    String te = "Transfer-Encoding: chunked\r\n";
    String expect = "Expect: 100-continue\r\n";
    return Stream.of(
        Arguments.of(
            "Connection naming Content-Length",
            "POST /a HTTP/1.1\r\nHost: a\r\n"
                + cl
                + "Connection: keep-alive, Content-Length\r\n\r\n"
                + SMUGGLED,
            "200"),
        Arguments.of(
            "Connection naming Transfer-Encoding",
            "POST /b HTTP/1.1\r\nHost: a\r\n"
                + te
                + "Connection: Transfer-Encoding\r\n\r\n"
                + chunked(SMUGGLED),
            "200"),
        Arguments.of(
            "Connection naming Host",
            "POST /c HTTP/1.1\r\nHost: a\r\n"
                + cl
                + "Connection: Host, Content-Length\r\n\r\n"
                + SMUGGLED,
            "200"),
        Arguments.of(
            "Expect with Connection naming Content-Length",
            "POST /d HTTP/1.1\r\nHost: a\r\n"
                + expect
                + cl
                + "Connection: content-length\r\n\r\n"
                + SMUGGLED,
            "200"),
        Arguments.of(
            "Expect with Connection naming Transfer-Encoding",
            "POST /e HTTP/1.1\r\nHost: a\r\n"
                + expect
                + te
                + "Connection: transfer-encoding\r\n\r\n"
                + chunked(SMUGGLED),
            "200"),
        Arguments.of(
            "Transfer-Encoding and Content-Length",
            "POST /f HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n"
                + te
                + "\r\n"
                + chunked(SMUGGLED),
            "400"),
        Arguments.of(
            "Transfer-Encoding: gzip, chunked",
            "POST /g HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                + chunked(SMUGGLED),
            "400"),
        Arguments.of(
            "Content-Length: N, 0",
            "POST /h HTTP/1.1\r\nHost: a\r\nContent-Length: " + n + ", 0\r\n\r\n" + SMUGGLED,
            "400"),
        Arguments.of(
            "Content-Length: N, N",
            "POST /h HTTP/1.1\r\nHost: a\r\nContent-Length: "
                + n
                + ", "
                + n
                + "\r\n\r\n"
                + SMUGGLED,
            "400"),
        Arguments.of(
            "a GET with a body", "GET /i HTTP/1.1\r\nHost: a\r\n" + cl + "\r\n" + SMUGGLED, "200"),
        Arguments.of(
            "chunk extension ending in a bare LF",
            "POST /j HTTP/1.1\r\nHost: a\r\n" + te + "\r\n1;a\nX\r\n0\r\n\r\n" + SMUGGLED,
            "400"),
        Arguments.of(
            "chunk extension with a space in its name",
            "POST /k HTTP/1.1\r\nHost: a\r\n" + te + "\r\n5;a b\r\nhello\r\n0\r\n\r\n" + SMUGGLED,
            "400"),
        Arguments.of(
            "chunk size followed by garbage",
            "POST /l HTTP/1.1\r\nHost: a\r\n" + te + "\r\n5 x\r\nhello\r\n0\r\n\r\n" + SMUGGLED,
            "400"),
        Arguments.of(
            "chunk size with a 0x prefix",
            "POST /m HTTP/1.1\r\nHost: a\r\n" + te + "\r\n0x5\r\nhello\r\n0\r\n\r\n" + SMUGGLED,
            "400"),
        Arguments.of(
            "chunk data longer than its size",
            "POST /n HTTP/1.1\r\nHost: a\r\n" + te + "\r\n5\r\nhelloXX\r\n0\r\n\r\n" + SMUGGLED,
            "400"),
        Arguments.of(
            "a quoted chunk extension is fine",
            "POST /o HTTP/1.1\r\nHost: a\r\n"
                + te
                + "\r\n"
                + Integer.toHexString(n)
                + ";name=\"v;\\\"x\"\r\n"
                + SMUGGLED
                + "\r\n0\r\n\r\n",
            "200"),
        Arguments.of("HTTP/9.9", "GET /p HTTP/9.9\r\nHost: a\r\n\r\n", "505"),
        Arguments.of(
            "obs-fold in a trailer",
            "POST /q HTTP/1.1\r\nHost: a\r\n" + te + "\r\n0\r\nX-T: a\r\n b\r\n\r\n" + SMUGGLED,
            "400"));
  }

  /** Sends raw bytes and returns the status code of the first answer, or the failure. */
  private static String send(String raw) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), edge.address().getPort())) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        line.append((char) c);
      }
      String[] parts = line.toString().split(" ");
      return parts.length > 1 ? parts[1] : "closed";
    } catch (SocketTimeoutException e) {
      return "timeout";
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void theOriginNeverParsesARequestOutOfABody_rfc9112_11_2(String name, String raw, String status)
      throws Exception {
    assertThat(send(raw)).as(name).isEqualTo(status);
    // the pooled backend connection (if any) carries the next request: is it still in step?
    String next = "/after-" + (++after);
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), edge.address().getPort())) {
      s.setSoTimeout(5000);
      s.getOutputStream()
          .write(
              ("GET " + next + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(reply).as(name).startsWith("HTTP/1.1 200").contains("ok GET " + next + " ");
    }
    List<String> lines = List.copyOf(origin.requestLines);
    assertThat(lines).as(name).noneMatch(l -> l.contains("smuggled"));
    assertThat(lines)
        .as(name)
        .allMatch(
            l -> l.matches("(GET|POST) /[a-z0-9-]+ HTTP/1\\.1 @a"), "a request the client sent")
        .endsWith("GET " + next + " HTTP/1.1 @a");
    if (status.equals("200")) {
      assertThat(lines).as(name).hasSize(2);
    }
  }
}
