package dev.brigade.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One total deadline per check: the rules on an injected clock, then every socket probe against a
 * real server that answers a byte at a time, which per-read timeouts would let hold a check for
 * thousands of timeouts.
 */
class DeadlineTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void remaining_countsDownToZeroAndNeverBelow() throws Exception {
    TestClock clock = new TestClock(T0);
    Deadline d = Deadline.after(clock, Duration.ofSeconds(10));
    assertThat(d.remaining()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.socketTimeoutMillis()).isEqualTo(10_000);
    clock.advance(Duration.ofMillis(9_999));
    assertThat(d.expired()).isFalse();
    assertThat(d.socketTimeoutMillis()).isEqualTo(1);
    clock.advance(Duration.ofMillis(1));
    assertThat(d.expired()).isTrue();
    assertThat(d.remaining()).isEqualTo(Duration.ZERO);
    clock.advance(Duration.ofSeconds(5));
    assertThat(d.remaining()).isEqualTo(Duration.ZERO);
  }

  @Test
  void passedDeadline_isNeverAnInfiniteSocketTimeout() {
    TestClock clock = new TestClock(T0);
    Deadline d = Deadline.after(clock, Duration.ofNanos(500_000));
    // less than a millisecond left: 0 would mean "wait forever" to a socket
    assertThatThrownBy(d::socketTimeoutMillis).isInstanceOf(SocketTimeoutException.class);
  }

  /** A server that answers {@code pattern} over and over, one byte every 20 ms, until hung up. */
  private static final class Dribbler implements AutoCloseable {
    final ServerSocket server;
    final java.util.concurrent.CountDownLatch accepted = new java.util.concurrent.CountDownLatch(1);

    Dribbler(byte[] prefix, byte[] pattern) throws Exception {
      server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
      Thread.ofVirtual()
          .start(
              () -> {
                try (Socket c = server.accept()) {
                  accepted.countDown();
                  InputStream in = c.getInputStream();
                  Thread.ofVirtual()
                      .start(
                          () -> {
                            try {
                              in.transferTo(OutputStream.nullOutputStream());
                            } catch (Exception e) {
                              // the client hung up
                            }
                          });
                  OutputStream out = c.getOutputStream();
                  out.write(prefix);
                  for (int i = 0; ; i++) {
                    out.write(pattern[i % pattern.length]);
                    out.flush();
                    Thread.sleep(20);
                  }
                } catch (Exception e) {
                  // the client hung up: done
                }
              });
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() throws java.io.IOException {
      server.close();
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @NamesPeersOnly("check_load is the command asked of a dribbling test server, not of an agent")
  static Stream<Arguments> probes() {
    Function<Integer, Probe> memcached =
        port ->
            d ->
                MemcachedCheck.check(
                    "127.0.0.1", port, d, Thresholds.NONE, Thresholds.NONE, Thresholds.NONE);
    Function<Integer, Probe> smtp =
        port -> d -> SmtpCheck.check("127.0.0.1", port, false, Thresholds.NONE, d);
    Function<Integer, Probe> http =
        port ->
            d ->
                BuiltinChecks.http(
                    "127.0.0.1",
                    port,
                    "/",
                    Set.of(200),
                    Optional.empty(),
                    false,
                    Thresholds.NONE,
                    d);
    Function<Integer, Probe> nrpe =
        port ->
            d ->
                NrpeClient.query(
                    "127.0.0.1", port, "check_load", List.of(), d, NrpeOptions.DEFAULT.plain());
    Function<Integer, Probe> edgePool =
        port -> {
          EdgePoolCheck.warmUp(); // as building its probe does, before any deadline runs
          return d -> EdgePoolCheck.check("127.0.0.1", port, "app", Thresholds.NONE, d);
        };
    Function<Integer, Probe> certificate =
        port -> d -> CertificateCheck.check("127.0.0.1", port, "web1", 30, 14, d);
    // a TLS handshake record header announcing 16 KB, then its body a byte at a time
    byte[] tlsRecord = {0x16, 0x03, 0x03, 0x40, 0x00};
    // an NRPE v4 response header announcing a 4 KB answer, then the answer a byte at a time
    byte[] nrpeHeader = {0, 4, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0};
    return Stream.of(
        Arguments.of("memcached", memcached, new byte[0], ascii("STAT a 1\r\n")),
        Arguments.of("smtp", smtp, new byte[0], ascii("220-hello\r\n")),
        Arguments.of("http", http, ascii("HTTP/1.1 200 OK\r\n"), ascii("X-A: b\r\n")),
        Arguments.of("edge-pool", edgePool, ascii("HTTP/1.1 200 OK\r\n"), ascii("X-A: b\r\n")),
        Arguments.of("nrpe", nrpe, nrpeHeader, new byte[] {0}),
        Arguments.of("certificate", certificate, tlsRecord, new byte[] {0}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("probes")
  @Timeout(60)
  void byteAtATimeServer_endsTheCheckAtItsDeadline(
      String name, Function<Integer, Probe> probe, byte[] prefix, byte[] pattern) throws Exception {
    try (Dribbler server = new Dribbler(prefix, pattern)) {
      CheckResult r = probe.apply(server.port()).run(Deadline.after(Duration.ofMillis(600)));
      assertThat(r.timedOut()).as(r.line()).isTrue();
      assertThat(r.status()).as(r.line()).isEqualTo(Status.CRITICAL);
      assertThat(r.output().text()).containsPattern("no answer from .* (in time|within)");
      // the server had the connection and was still answering: the deadline ended it, no limit
      assertThat(server.accepted.getCount()).isZero();
    }
  }
}
