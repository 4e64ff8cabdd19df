package dev.brigade.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificate check against local TLS servers with self-signed certificates of chosen dates.
 */
class CertificateCheckTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @TempDir Path dir;

  private CheckResult check(String startDate, int days) throws Exception {
    try (TlsServer server = TlsServer.start(dir, "web.test.brigade", startDate, days)) {
      return CertificateCheck.check("127.0.0.1", server.port(), TIMEOUT);
    }
  }

  @Test
  void yearLongCertificate_isOkWithDaysPerfdata() throws Exception {
    CheckResult r = check(null, 365);
    assertThat(r.status()).as(r.line()).isEqualTo(Status.OK);
    assertThat(r.output().text()).contains("CN=web.test.brigade").contains("expires in 364 days");
    assertThat(r.output().perf()).extracting(PerfValue::label).containsExactly("days", "time");
  }

  @Test
  void certificateExpiringIn20Days_isWarning() throws Exception {
    CheckResult r = check(null, 20);
    assertThat(r.status()).as(r.line()).isEqualTo(Status.WARNING);
  }

  @Test
  void certificateExpiringIn10Days_isCritical() throws Exception {
    CheckResult r = check(null, 10);
    assertThat(r.status()).as(r.line()).isEqualTo(Status.CRITICAL);
    assertThat(r.output().text()).contains("expires in 9 days");
  }

  @Test
  void expiredCertificate_isCriticalSayingSo() throws Exception {
    CheckResult r = check("-400d", 30);
    assertThat(r.status()).as(r.line()).isEqualTo(Status.CRITICAL);
    assertThat(r.output().text()).contains("expired").containsPattern("\\(37[01] days ago\\)");
  }

  @Test
  void customLimits_apply() throws Exception {
    try (TlsServer server = TlsServer.start(dir, "web.test.brigade", null, 365)) {
      CheckResult r =
          CertificateCheck.check("127.0.0.1", server.port(), "web.test.brigade", 400, 100, TIMEOUT);
      assertThat(r.status()).as(r.line()).isEqualTo(Status.WARNING);
    }
  }

  @Test
  void serverNotSpeakingTls_isCriticalNamingTheHandshake() throws Exception {
    try (ServerSocket server = TlsServer.plain()) {
      Thread t =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (Socket s = server.accept()) {
                      OutputStream out = s.getOutputStream();
                      out.write("SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII));
                      out.flush();
                      s.getInputStream().readNBytes(1);
                    } catch (Exception e) {
                      // the test reports what the client saw
                    }
                  });
      CheckResult r = CertificateCheck.check("127.0.0.1", server.getLocalPort(), TIMEOUT);
      assertThat(r.status()).isEqualTo(Status.CRITICAL);
      assertThat(r.output().text()).contains("TLS handshake");
      t.join(5000);
    }
  }

  @Test
  void closedPort_isCritical() throws Exception {
    assertThat(CertificateCheck.check("127.0.0.1", Peers.freePort(), TIMEOUT).status())
        .isEqualTo(Status.CRITICAL);
  }
}
