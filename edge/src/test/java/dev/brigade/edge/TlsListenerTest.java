package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS termination over real sockets: SNI, the default certificate, versions, reload, HSTS. */
class TlsListenerTest {
  private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

  @TempDir Path dir;
  private TestCerts certs;
  private TestOrigin origin;
  private EdgeServer edge;
  private SSLContext client;
  private TlsSettings.Certificate a;
  private TlsSettings.Certificate b;
  private EdgeConfig config;

  @BeforeEach
  void start() throws Exception {
    certs = new TestCerts(dir);
    a = certs.leaf("a", "a.test", "localhost", "127.0.0.1");
    b = certs.leaf("b", "b.test", "*.b.test");
    client = certs.clientContext();
    origin = new TestOrigin();
    origin.replies.put("/hello", TestOrigin.Reply.ok("hello\n", "Cache-Control", "max-age=60"));
    TlsSettings tls = new TlsSettings(List.of(a, b), Optional.of("b.test"), TlsSettings.PROTOCOLS);
    config = config(tls, "max-age=31536000; includeSubDomains");
    edge = EdgeServer.start(config);
  }

  private EdgeConfig config(TlsSettings tls, String hsts) {
    PoolConfig pool = EdgeFixture.onePool("origin/http", origin.port(), HealthSettings.DEFAULT);
    return EdgeFixture.edgeConfig(pool, Timeouts.DEFAULT, Optional.empty())
        .withListeners(
            List.of(
                Listener.plain(ANY),
                new Listener(ANY, Optional.of(tls), false, false, 0, hsts),
                Listener.plain(ANY).redirectingTo(8443)));
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

  private InetSocketAddress tls() {
    return edge.address(1);
  }

  @Test
  void sni_picksTheCertificateOfTheName() throws Exception {
    try (TlsClient ca = new TlsClient(client, tls(), "a.test");
        TlsClient cb = new TlsClient(certs.clientContext(), tls(), "b.test");
        TlsClient wild = new TlsClient(certs.clientContext(), tls(), "www.b.test")) {
      assertThat(ca.peerSubject()).isEqualTo("CN=a.test");
      assertThat(cb.peerSubject()).isEqualTo("CN=b.test");
      assertThat(wild.peerSubject()).isEqualTo("CN=b.test");
      assertThat(ca.get("a.test", "/hello").body()).isEqualTo("hello\n");
    }
  }

  @Test
  void unknownOrMissingSni_getsTheDefaultCertificate() throws Exception {
    try (TlsClient unknown = new TlsClient(client, tls(), "nobody.test");
        TlsClient none = new TlsClient(client, tls(), null)) {
      assertThat(unknown.peerSubject()).isEqualTo("CN=b.test");
      assertThat(none.peerSubject()).isEqualTo("CN=b.test");
    }
  }

  @Test
  void tls12And13_areSpoken() throws Exception {
    try (TlsClient v12 = new TlsClient(client, tls(), "a.test", "TLSv1.2");
        TlsClient v13 = new TlsClient(client, tls(), "a.test", "TLSv1.3")) {
      assertThat(v12.socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
      assertThat(v13.socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
      assertThat(v12.get("a.test", "/hello").status()).isEqualTo(200);
    }
  }

  /**
   * A TLS 1.1 ClientHello, written by hand since today's JDK will not send one: the edge answers
   * with an alert (or closes), never a ServerHello.
   */
  @Test
  void tls11_isRefused() throws Exception {
    byte[] random = new byte[32];
    byte[] hello = new byte[4 + 2 + 32 + 1 + 4 + 2];
    int i = 0;
    hello[i++] = 0x01; // ClientHello
    int bodyLength = hello.length - 4;
    hello[i++] = 0;
    hello[i++] = (byte) (bodyLength >> 8);
    hello[i++] = (byte) bodyLength;
    hello[i++] = 0x03;
    hello[i++] = 0x02; // TLS 1.1
    System.arraycopy(random, 0, hello, i, 32);
    i += 32;
    hello[i++] = 0; // no session id
    hello[i++] = 0;
    hello[i++] = 2;
    hello[i++] = (byte) 0xc0;
    hello[i++] = 0x13; // TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
    hello[i++] = 1;
    hello[i] = 0; // no compression
    try (Socket s = new Socket()) {
      s.setSoTimeout(20_000);
      s.connect(tls(), 5_000);
      OutputStream out = s.getOutputStream();
      out.write(new byte[] {0x16, 0x03, 0x01, (byte) (hello.length >> 8), (byte) hello.length});
      out.write(hello);
      out.flush();
      InputStream in = s.getInputStream();
      int type = in.read();
      assertThat(type)
          .as("record type: 21 alert, -1 closed; 22 would be a ServerHello")
          .isIn(21, -1);
    }
    try (TlsClient fine = new TlsClient(client, tls(), "a.test")) {
      assertThat(fine.get("a.test", "/hello").status()).isEqualTo(200); // the edge is unharmed
    }
  }

  @Test
  void reload_swapsTheCertificate_whileAnOpenConnectionKeepsWorking() throws Exception {
    try (TlsClient open = new TlsClient(client, tls(), "a.test")) {
      java.math.BigInteger before = open.peerSerial();
      assertThat(open.get("a.test", "/hello").status()).isEqualTo(200);

      TlsSettings.Certificate renewed = certs.leaf("a2", "a.test", "localhost");
      edge.reload(
          config(
              new TlsSettings(List.of(renewed, b), Optional.empty(), TlsSettings.PROTOCOLS), ""));

      try (TlsClient fresh = new TlsClient(client, tls(), "a.test")) {
        assertThat(fresh.peerSerial()).isNotEqualTo(before);
        assertThat(fresh.get("a.test", "/hello").headers())
            .doesNotContainKey("strict-transport-security");
      }
      TlsClient.Response again = open.get("a.test", "/hello");
      assertThat(again.status()).isEqualTo(200);
      assertThat(open.peerSerial()).isEqualTo(before);
    }
  }

  @Test
  void reload_withABadPem_isRefusedAndTheOldCertificateStays() throws Exception {
    Path junk = dir.resolve("junk.pem");
    Files.writeString(
        junk, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
    TlsSettings bad =
        new TlsSettings(
            List.of(new TlsSettings.Certificate(junk, a.key()), b),
            Optional.empty(),
            TlsSettings.PROTOCOLS);
    assertThatThrownBy(() -> edge.reload(config(bad, "")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("junk.pem")
        .hasMessageNotContaining("PRIVATE KEY");
    try (TlsClient after = new TlsClient(client, tls(), "a.test")) {
      assertThat(after.peerSubject()).isEqualTo("CN=a.test");
      assertThat(after.get("a.test", "/hello").headers())
          .containsEntry("strict-transport-security", "max-age=31536000; includeSubDomains");
    }
  }

  @Test
  void adminReload_withABadCertificate_isA400AndTheOldStays() throws Exception {
    edge.close();
    Path junk = dir.resolve("junk.key");
    Files.writeString(junk, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    TlsSettings bad =
        new TlsSettings(
            List.of(new TlsSettings.Certificate(a.cert(), junk)),
            Optional.empty(),
            TlsSettings.PROTOCOLS);
    edge = EdgeServer.start(config, () -> Optional.of(config(bad, "")));
    try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
      java.net.http.HttpResponse<String> r =
          http.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(
                          "http://127.0.0.1:" + edge.adminAddress().getPort() + "/reload"))
                  .header("Authorization", "Bearer " + EdgeFixture.TOKEN)
                  .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("junk.key").doesNotContain("AAAA");
    }
    try (TlsClient after = new TlsClient(client, tls(), "b.test")) {
      assertThat(after.peerSubject()).isEqualTo("CN=b.test"); // both old certificates still serve
      assertThat(after.get("b.test", "/hello").headers()).containsKey("strict-transport-security");
    }
  }

  @Test
  void hsts_isOnEveryHttpsResponse_errorsToo() throws Exception {
    try (TlsClient c = new TlsClient(client, tls(), "a.test")) {
      assertThat(c.get("a.test", "/hello").headers())
          .containsEntry("strict-transport-security", "max-age=31536000; includeSubDomains");
      TlsClient.Response missing = c.get("a.test", "/nothing-here");
      assertThat(missing.status()).isEqualTo(404);
      assertThat(missing.headers()).containsKey("strict-transport-security");
    }
    try (Socket plain = new Socket("127.0.0.1", edge.address().getPort())) {
      plain
          .getOutputStream()
          .write("GET /hello HTTP/1.1\r\nHost: a.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(TlsClient.read(plain.getInputStream()).headers())
          .doesNotContainKey("strict-transport-security");
    }
  }

  @Test
  void redirectListener_sends301ToHttpsWithHostAndPath() throws Exception {
    try (Socket s = new Socket("127.0.0.1", edge.address(2).getPort())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(
          "GET /a/b?c=d HTTP/1.1\r\nHost: www.example.com:8080\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      TlsClient.Response r = TlsClient.read(s.getInputStream());
      assertThat(r.status()).isEqualTo(301);
      assertThat(r.headers()).containsEntry("location", "https://www.example.com:8443/a/b?c=d");
      out.write("GET / HTTP/1.1\r\nHost: bad host\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(TlsClient.read(s.getInputStream()).status()).isEqualTo(400);
    }
    assertThat(origin.count("/a/b")).isZero();
    assertThat(HttpsRedirect.location("x.test", "/p", 443)).isEqualTo("https://x.test/p");
  }

  @Test
  void badCertificateFile_isRefusedBeforeAnythingStarts() {
    Path missing = dir.resolve("missing.pem");
    assertThatThrownBy(
            () ->
                ClientListener.prepare(
                    Listener.https(
                        ANY, TlsSettings.of(new TlsSettings.Certificate(missing, a.key())))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing.pem");
    assertThat(Duration.ZERO).isZero();
  }
}
