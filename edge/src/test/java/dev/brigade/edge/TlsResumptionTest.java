package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS session resumption on a listener with two certificates chosen by SNI: a session (TLS 1.3
 * ticket, or a TLS 1.2 session) from the handshake for a.test resumes for a.test, and never for
 * b.test, which would skip b.test's certificate. Uses {@code openssl s_client}, which offers a
 * saved session whatever name it is given (the JDK client keeps sessions per host and port).
 */
class TlsResumptionTest {
  private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

  @TempDir Path dir;
  private TestCerts certs;
  private TestOrigin origin;
  private EdgeServer edge;

  @BeforeEach
  void start() throws Exception {
    certs = new TestCerts(dir); // skips without openssl, fails under CI
    TlsSettings tls = TlsSettings.of(certs.leaf("a", "a.test"), certs.leaf("b", "b.test"));
    origin = new TestOrigin();
    origin.replies.put("/", TestOrigin.Reply.ok("root"));
    PoolConfig pool = EdgeFixture.onePool("origin/http", origin.port(), HealthSettings.DEFAULT);
    edge =
        EdgeServer.start(
            EdgeFixture.edgeConfig(pool, Timeouts.DEFAULT, Optional.empty())
                .withListeners(List.of(Listener.plain(ANY), Listener.https(ANY, tls))));
  }

  @AfterEach
  void stop() {
    if (edge != null) {
      edge.close();
    }
    if (origin != null) {
      origin.close();
    }
  }

  @Test
  void tls13Ticket_resumesForItsOwnName_andNeverForTheOtherCertificatesName() throws Exception {
    check("-tls1_3");
  }

  @Test
  void tls12Session_resumesForItsOwnName_andNeverForTheOtherCertificatesName() throws Exception {
    check("-tls1_2");
  }

  private void check(String version) throws Exception {
    Path session = dir.resolve("a" + version + ".session");
    String first = sClient(version, "a.test", "-sess_out", session);
    assertThat(first).contains("New, TLSv1.").contains("CN = a.test").contains("root");
    assertThat(Files.size(session)).isPositive();

    String same = sClient(version, "a.test", "-sess_in", session);
    assertThat(same).as("the control: resumption works for a.test").contains("Reused, TLSv1.");

    String other = sClient(version, "b.test", "-sess_in", session);
    assertThat(other)
        .as("a.test's session offered for b.test")
        .contains("New, TLSv1.")
        .doesNotContain("Reused, ")
        .contains("CN = b.test")
        .contains("root");
  }

  /** One HTTP/1.1 request through {@code openssl s_client}, its whole output. */
  private String sClient(String version, String name, String sessionFlag, Path session)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "openssl",
                "s_client",
                version,
                "-connect",
                "127.0.0.1:" + edge.address(1).getPort(),
                "-servername",
                name,
                "-CAfile",
                certs.caPem.toString(),
                "-alpn",
                "http/1.1",
                sessionFlag,
                session.toString(),
                "-ign_eof")
            .redirectErrorStream(true)
            .start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(
          ("GET / HTTP/1.1\r\nHost: " + name + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
    }
    String out;
    try (InputStream o = p.getInputStream()) {
      out = new String(o.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(out).isTrue();
    return out;
  }
}
