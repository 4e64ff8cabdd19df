package dev.brigade.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NRPE client against real NRPE daemons (with a certificate, without one, plain). */
class NrpeClientTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir static Path dir;
  private static NrpeAgent tls;
  private static NrpeAgent plain;

  @BeforeAll
  static void startAgents() throws Exception {
    tls = NrpeAgent.start(dir.resolve("tls"), NrpeAgent.Mode.CERTIFICATE);
    plain = NrpeAgent.start(dir.resolve("plain"), NrpeAgent.Mode.PLAIN);
  }

  @AfterAll
  static void stopAgents() throws Exception {
    if (tls != null) {
      tls.close();
    }
    if (plain != null) {
      plain.close();
    }
  }

  private static CheckResult query(NrpeAgent agent, String command, NrpeOptions options) {
    return NrpeClient.query("127.0.0.1", agent.port, command, List.of(), TIMEOUT, options);
  }

  @Test
  void v4OverTls_checkOk_isOkWithTheCommandsText() {
    CheckResult r = query(tls, "check_ok", NrpeOptions.DEFAULT);
    assertThat(r.status()).as(tls.log()).isEqualTo(Status.OK);
    assertThat(r.output().text()).isEqualTo("OK: fine");
  }

  @Test
  void forcedV4_checkCrit_isCritical() {
    CheckResult r = query(tls, "check_crit", NrpeOptions.DEFAULT.withVersion(4));
    assertThat(r.status()).as(tls.log()).isEqualTo(Status.CRITICAL);
    assertThat(r.output().text()).isEqualTo("CRITICAL: bad");
  }

  @Test
  void forcedV2_checkCrit_isCritical() {
    CheckResult r = query(tls, "check_crit", NrpeOptions.DEFAULT.withVersion(2));
    assertThat(r.status()).as(tls.log()).isEqualTo(Status.CRITICAL);
    assertThat(r.output().text()).isEqualTo("CRITICAL: bad");
  }

  @Test
  void remotePerfdata_isPassedThrough() {
    CheckResult r = query(tls, "check_perf", NrpeOptions.DEFAULT);
    assertThat(r.status()).as(tls.log()).isEqualTo(Status.OK);
    assertThat(r.output().text()).isEqualTo("LOAD OK - load 0.50");
    assertThat(r.output().perf()).extracting(PerfValue::label).containsExactly("load1");
  }

  @Test
  void pinnedCertificate_isAccepted() throws Exception {
    CheckResult r = query(tls, "check_ok", NrpeOptions.DEFAULT.pinned(sha256(tls.certificate())));
    assertThat(r.status()).as(r.line()).isEqualTo(Status.OK);
  }

  @Test
  void otherPinnedCertificate_isCriticalNamingThePin() {
    String pin = "ab".repeat(32);
    CheckResult r = query(tls, "check_ok", NrpeOptions.DEFAULT.pinned(pin));
    assertThat(r.status()).isEqualTo(Status.CRITICAL);
    assertThat(r.output().text()).contains("TLS handshake").contains("pinned " + pin);
  }

  @Test
  void plainAgent_withoutTls_isOkInV4AndV2() {
    assertThat(query(plain, "check_ok", NrpeOptions.DEFAULT.plain()).status()).isEqualTo(Status.OK);
    assertThat(query(plain, "check_ok", NrpeOptions.DEFAULT.plain().withVersion(2)).line())
        .isEqualTo("OK: fine");
  }

  @Test
  void unknownCommand_isUnknownNamingIt() {
    CheckResult r = query(tls, "check_nothing_here", NrpeOptions.DEFAULT);
    assertThat(r.status()).isEqualTo(Status.UNKNOWN);
    assertThat(r.output().text()).contains("check_nothing_here");
  }

  @Test
  void argumentsTheAgentForbids_areNotOk() {
    CheckResult r =
        NrpeClient.query(
            "127.0.0.1", tls.port, "check_ok", List.of("x"), TIMEOUT, NrpeOptions.DEFAULT);
    assertThat(r.status()).as(r.line()).isIn(Status.UNKNOWN, Status.CRITICAL);
  }

  @Test
  void tlsClientAgainstPlainAgent_isCriticalNamingTheHandshake() {
    CheckResult r = query(plain, "check_ok", NrpeOptions.DEFAULT);
    assertThat(r.status()).isEqualTo(Status.CRITICAL);
    assertThat(r.output().text()).contains("TLS");
  }

  @Test
  void agentWithoutCertificate_needsAnonymousDh() throws Exception {
    try (NrpeAgent adh = NrpeAgent.start(dir.resolve("adh"), NrpeAgent.Mode.ANONYMOUS)) {
      CheckResult r = query(adh, "check_ok", NrpeOptions.DEFAULT);
      assertThat(r.status()).isEqualTo(Status.CRITICAL);
      assertThat(r.output().text()).contains("anonymous DH");
    }
  }

  @Test
  void closedPort_isCritical() throws Exception {
    int port = Peers.freePort();
    CheckResult r =
        NrpeClient.query("127.0.0.1", port, "check_ok", List.of(), TIMEOUT, NrpeOptions.DEFAULT);
    assertThat(r.status()).isEqualTo(Status.CRITICAL);
    assertThat(r.output().text()).contains("127.0.0.1:" + port);
  }

  @Test
  void badCommandName_isUnknownWithoutConnecting() {
    CheckResult r =
        NrpeClient.query("127.0.0.1", 1, "check ok;rm", List.of(), TIMEOUT, NrpeOptions.DEFAULT);
    assertThat(r.status()).isEqualTo(Status.UNKNOWN);
    assertThat(r.output().text()).contains("command name");
  }

  @Test
  void garbageSpeakingServer_isUnknownNamingTheProblem() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Thread t =
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; i < 1; i++) {
                      try (Socket s = server.accept()) {
                        InputStream in = s.getInputStream();
                        in.readNBytes(16);
                        OutputStream out = s.getOutputStream();
                        out.write(
                            "HTTP/1.0 400 Bad Request\r\n\r\n"
                                .repeat(100)
                                .getBytes(StandardCharsets.US_ASCII));
                      } catch (Exception e) {
                        return;
                      }
                    }
                  });
      CheckResult r =
          NrpeClient.query(
              "127.0.0.1",
              server.getLocalPort(),
              "check_ok",
              List.of(),
              TIMEOUT,
              NrpeOptions.DEFAULT.plain());
      assertThat(r.status()).isEqualTo(Status.UNKNOWN);
      assertThat(r.output().text()).contains("version").doesNotContain("\n");
      t.join(5000);
    }
  }

  @Test
  void packetWithABadCrc_isRejected() throws Exception {
    byte[] p = NrpePacket.query(2, "x");
    p[0] = 0;
    p[1] = 2;
    p[3] = NrpePacket.RESPONSE;
    p[20] ^= 1;
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> NrpePacket.read(new java.io.ByteArrayInputStream(p))))
        .isInstanceOf(java.net.ProtocolException.class)
        .hasMessageContaining("CRC32");
  }

  private static String sha256(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      X509Certificate c =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      return PinningTrustManager.sha256(c);
    }
  }
}
