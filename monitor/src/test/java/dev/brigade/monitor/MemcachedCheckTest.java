package dev.brigade.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memcached check against a real memcached on loopback. */
class MemcachedCheckTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @TempDir static Path dir;
  private static Process memcached;
  private static int port;

  @BeforeAll
  static void startMemcached() throws Exception {
    Path bin = Peers.require("/usr/bin/memcached", "memcached");
    port = Peers.freePort();
    memcached =
        Peers.start(
            List.of(
                bin.toString(),
                "-l",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-U",
                "0",
                "-u",
                "root",
                "-m",
                "16"),
            dir.resolve("memcached.log"));
    Peers.awaitTcp(port, memcached, dir.resolve("memcached.log"), Duration.ofSeconds(10));
    // 3 hits and 1 miss
    talk("set a 0 0 1\r\nx\r\nget a\r\nget a\r\nget a\r\nget nothing\r\nquit\r\n");
  }

  @AfterAll
  static void stopMemcached() {
    Peers.stop(memcached);
  }

  private static String talk(String commands) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(commands.getBytes(StandardCharsets.US_ASCII));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  @Test
  void runningMemcached_isOkWithHitRatioAndPerfdata() {
    CheckResult r =
        MemcachedCheck.check(
            "127.0.0.1", port, TIMEOUT, Thresholds.NONE, Thresholds.NONE, Thresholds.NONE);
    assertThat(r.status()).as(r.line()).isEqualTo(Status.OK);
    assertThat(r.output().text()).contains("hit ratio 75.00% (3 hits, 1 misses)");
    assertThat(r.output().perf())
        .extracting(PerfValue::label)
        .containsExactly("time", "hit_ratio", "evictions", "curr_connections");
    assertThat(r.output().problems()).isEmpty();
  }

  @Test
  void hitRatioUnderTheWarningLimit_isWarning() {
    CheckResult r =
        MemcachedCheck.check(
            "127.0.0.1",
            port,
            TIMEOUT,
            Thresholds.of("90:", "50:"),
            Thresholds.NONE,
            Thresholds.NONE);
    assertThat(r.status()).as(r.line()).isEqualTo(Status.WARNING);
    assertThat(r.line()).contains("hit_ratio=75%;90:;50:;0;100");
  }

  @Test
  void tooManyConnections_isCritical() {
    CheckResult r =
        MemcachedCheck.check(
            "127.0.0.1", port, TIMEOUT, Thresholds.NONE, Thresholds.NONE, Thresholds.of("", "0"));
    assertThat(r.status()).as(r.line()).isEqualTo(Status.CRITICAL);
  }

  @Test
  void closedPort_isCritical() throws Exception {
    CheckResult r =
        MemcachedCheck.check(
            "127.0.0.1",
            Peers.freePort(),
            TIMEOUT,
            Thresholds.NONE,
            Thresholds.NONE,
            Thresholds.NONE);
    assertThat(r.status()).isEqualTo(Status.CRITICAL);
  }

  @Test
  void serverAnsweringSomethingElse_isUnknownNamingTheLine() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Thread t =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (Socket s = server.accept()) {
                      InputStream in = s.getInputStream();
                      in.readNBytes(7);
                      OutputStream out = s.getOutputStream();
                      out.write("ERROR\r\n".getBytes(StandardCharsets.US_ASCII));
                      out.flush();
                    } catch (Exception e) {
                      // the test reports what the client saw
                    }
                  });
      CheckResult r =
          MemcachedCheck.check(
              "127.0.0.1",
              server.getLocalPort(),
              TIMEOUT,
              Thresholds.NONE,
              Thresholds.NONE,
              Thresholds.NONE);
      assertThat(r.status()).isEqualTo(Status.UNKNOWN);
      assertThat(r.output().text()).contains("'ERROR' instead of a STAT line");
      t.join(5000);
    }
  }
}
