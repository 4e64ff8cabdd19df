package dev.brigade.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SMTP check against a real SMTP server (GreenMail) on loopback. */
class SmtpCheckTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static GreenMail mail;
  private static int port;

  @BeforeAll
  static void startGreenMail() {
    mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    mail.start();
    port = mail.getSmtp().getPort();
  }

  @AfterAll
  static void stopGreenMail() {
    if (mail != null) {
      mail.stop();
    }
  }

  @Test
  void greenMail_isOkWithResponseTime() {
    CheckResult r = SmtpCheck.check("127.0.0.1", port, false, TIMEOUT);
    assertThat(r.status()).as(r.line()).isEqualTo(Status.OK);
    assertThat(r.output().text()).startsWith("SMTP OK - ");
    assertThat(r.output().perf()).extracting(PerfValue::label).containsExactly("time");
  }

  @Test
  void responseTimeOverTheWarning_isWarning() {
    CheckResult r = SmtpCheck.check("127.0.0.1", port, false, Thresholds.of("0", null), TIMEOUT);
    assertThat(r.status()).as(r.line()).isEqualTo(Status.WARNING);
    assertThat(r.output().text()).startsWith("SMTP WARNING - ");
  }

  @Test
  void requiredStartTls_matchesWhatTheServerOffers() {
    CheckResult plain = SmtpCheck.check("127.0.0.1", port, false, TIMEOUT);
    boolean offered = plain.output().text().contains("STARTTLS offered");
    CheckResult r = SmtpCheck.check("127.0.0.1", port, true, TIMEOUT);
    assertThat(r.status()).as(r.line()).isEqualTo(offered ? Status.OK : Status.CRITICAL);
  }

  @Test
  void closedPort_isCritical() throws Exception {
    assertThat(SmtpCheck.check("127.0.0.1", Peers.freePort(), false, TIMEOUT).status())
        .isEqualTo(Status.CRITICAL);
  }

  @Test
  void serviceUnavailableBanner_isCriticalNamingIt() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Thread t =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (Socket s = server.accept()) {
                      OutputStream out = s.getOutputStream();
                      out.write("554 no mail for you\r\n".getBytes(StandardCharsets.US_ASCII));
                      out.flush();
                      s.getInputStream().readNBytes(6);
                    } catch (Exception e) {
                      // the test reports what the client saw
                    }
                  });
      CheckResult r = SmtpCheck.check("127.0.0.1", server.getLocalPort(), false, TIMEOUT);
      assertThat(r.status()).isEqualTo(Status.CRITICAL);
      assertThat(r.output().text()).contains("greeted with 554 no mail for you");
      t.join(5000);
    }
  }

  @Test
  void garbage_isCriticalNamingIt() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Thread t =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (Socket s = server.accept()) {
                      s.getOutputStream()
                          .write("x".repeat(5000).getBytes(StandardCharsets.US_ASCII));
                    } catch (Exception e) {
                      // the test reports what the client saw
                    }
                  });
      CheckResult r = SmtpCheck.check("127.0.0.1", server.getLocalPort(), false, TIMEOUT);
      assertThat(r.status()).isEqualTo(Status.CRITICAL);
      assertThat(r.output().text()).contains("longer than 1000");
      t.join(5000);
    }
  }
}
