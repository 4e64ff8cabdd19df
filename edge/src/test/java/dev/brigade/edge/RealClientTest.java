package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behind another balancer: PROXY protocol v1/v2 and trusted X-Forwarded-For give the client address
 * that the access log, PURGE rights and the backend see; an untrusted peer's is ignored.
 */
class RealClientTest {
  private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

  /** A loopback address the tests connect from, to be the trusted balancer. */
  private static final String BALANCER = "127.0.0.2";

  @TempDir Path dir;
  private TestOrigin origin;
  private EdgeServer edge;
  private Path log;

  @BeforeEach
  void start() throws IOException {
    origin = new TestOrigin();
    origin.replies.put("/page", TestOrigin.Reply.ok("page\n", "Cache-Control", "max-age=60"));
    log = dir.resolve("access.log");
    CacheSettings cache =
        new CacheSettings(
                64L << 20,
                1L << 20,
                Duration.ZERO,
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                "",
                CacheSettings.DEFAULT.sessionCookies(),
                CacheSettings.DEFAULT.trackingCookies())
            .withPurgeFromLoopback(true);
    EdgeConfig base =
        EdgeFixture.edgeConfig(
            EdgeFixture.onePool("origin/http", origin.port(), HealthSettings.DEFAULT),
            Timeouts.DEFAULT,
            Optional.of(cache));
    EdgeConfig config =
        new EdgeConfig(
                base.node(),
                base.listen(),
                base.admin(),
                base.adminToken(),
                base.timeouts(),
                Optional.of(log),
                base.pools(),
                base.routes(),
                base.cache(),
                base.limits())
            .withListeners(List.of(Listener.plain(ANY), Listener.plain(ANY).withProxyProtocol()))
            .withTrustedProxies(TrustedProxies.parse(List.of(BALANCER + "/32")));
    edge = EdgeServer.start(config);
  }

  @AfterEach
  void stop() {
    edge.close();
    origin.close();
  }

  /** Sends {@code prefix} then one request from {@code from}; returns the status. */
  private int send(int port, String from, byte[] prefix, String request) throws IOException {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
      s.setSoTimeout(20_000);
      s.connect(new InetSocketAddress("127.0.0.1", port));
      OutputStream out = s.getOutputStream();
      out.write(prefix);
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return TlsClient.read(s.getInputStream()).status();
    }
  }

  private static String get(String path, String... headers) {
    StringBuilder b = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: x.test\r\n");
    for (String h : headers) {
      b.append(h).append("\r\n");
    }
    return b.append("Connection: close\r\n\r\n").toString();
  }

  private static byte[] v1(String source) {
    return ("PROXY TCP4 " + source + " 192.0.2.1 40000 80\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] v2(int a, int b, int c, int d) {
    return new byte[] {
      0x0D,
      0x0A,
      0x0D,
      0x0A,
      0x00,
      0x0D,
      0x0A,
      0x51,
      0x55,
      0x49,
      0x54,
      0x0A, // signature
      0x21, // version 2, PROXY
      0x11, // TCP over IPv4
      0,
      12, // address length
      (byte) a,
      (byte) b,
      (byte) c,
      (byte) d, // source
      (byte) 192,
      0,
      2,
      1, // destination
      (byte) 0x9c,
      0x40,
      0,
      80 // ports
    };
  }

  private List<String> logLines() throws IOException {
    edge.close(); // flushes the log
    return Files.readAllLines(log);
  }

  @Test
  void proxyV1AndV2Headers_giveTheLoggedClientAddress() throws Exception {
    int port = edge.address(1).getPort();
    assertThat(send(port, "127.0.0.1", v1("203.0.113.7"), get("/page?v1"))).isEqualTo(200);
    assertThat(send(port, "127.0.0.1", v2(198, 51, 100, 9), get("/page?v2"))).isEqualTo(200);
    assertThat(logLines())
        .anyMatch(l -> l.startsWith("203.0.113.7 ") && l.contains("/page?v1"))
        .anyMatch(l -> l.startsWith("198.51.100.9 ") && l.contains("/page?v2"));
    assertThat(origin.lastRequestHeaders).containsKey("/page");
  }

  @Test
  void aConnectionWithoutAProxyHeader_isClosedUnanswered() throws Exception {
    int port = edge.address(1).getPort();
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(20_000);
      s.getOutputStream().write(get("/page").getBytes(StandardCharsets.US_ASCII));
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
    assertThat(origin.count("/page")).isZero();
    // and the listener is fine afterwards
    assertThat(send(port, "127.0.0.1", v1("203.0.113.8"), get("/page"))).isEqualTo(200);
  }

  @Test
  void xForwardedFor_isBelievedFromATrustedProxyOnly() throws Exception {
    int port = edge.address().getPort();
    String xff = "X-Forwarded-For: 192.0.2.99, 198.51.100.20";
    assertThat(send(port, BALANCER, new byte[0], get("/page?trusted", xff))).isEqualTo(200);
    assertThat(send(port, "127.0.0.1", new byte[0], get("/page?untrusted", xff))).isEqualTo(200);
    assertThat(
            send(
                port,
                BALANCER,
                new byte[0],
                get("/page?fwd", "Forwarded: for=\"[2001:db8::5]:443\"")))
        .isEqualTo(200);
    assertThat(logLines())
        .anyMatch(l -> l.startsWith("198.51.100.20 ") && l.contains("?trusted"))
        .anyMatch(l -> l.startsWith("127.0.0.1 ") && l.contains("?untrusted"))
        .anyMatch(l -> l.startsWith("2001:db8:0:0:0:0:0:5 ") && l.contains("?fwd"));
  }

  @Test
  void purgeRights_followTheRealAddress() throws Exception {
    int direct = edge.address().getPort();
    int proxied = edge.address(1).getPort();
    assertThat(send(direct, "127.0.0.1", new byte[0], get("/page"))).isEqualTo(200);
    String purge = "PURGE /page HTTP/1.1\r\nHost: x.test\r\nConnection: close\r\n\r\n";
    // loopback by socket, but the PROXY header says the client is remote: refused
    assertThat(send(proxied, "127.0.0.1", v1("203.0.113.7"), purge)).isEqualTo(403);
    // a trusted balancer forwarding a remote client: refused
    String forwarded =
        "PURGE /page HTTP/1.1\r\nHost: x.test\r\nX-Forwarded-For: 203.0.113.7\r\n"
            + "Connection: close\r\n\r\n";
    assertThat(send(direct, BALANCER, new byte[0], forwarded)).isEqualTo(403);
    // an untrusted peer cannot claim to be loopback to gain the right either: its own address
    // counts
    assertThat(send(proxied, "127.0.0.1", v1("127.0.0.1"), purge)).isEqualTo(200);
  }

  @Test
  void trustedProxies_parseAndMatchCidrs() {
    TrustedProxies t = TrustedProxies.parse(List.of("10.0.0.0/8", "2001:db8::/32"));
    InetSocketAddress peer = new InetSocketAddress("10.1.2.3", 1);
    assertThat(
            t.client(peer, List.of(), List.of("unknown, 10.9.9.9")).getAddress().getHostAddress())
        .isEqualTo("10.9.9.9");
    assertThat(
            t.client(peer, List.of(), List.of("1.2.3.4, 10.9.9.9")).getAddress().getHostAddress())
        .isEqualTo("1.2.3.4");
    assertThat(t.client(peer, List.of(), List.of("evil.example.com")).getAddress().getHostAddress())
        .isEqualTo("10.1.2.3");
    assertThat(TrustedProxies.literal("[2001:db8::1]:8443").getHostAddress())
        .isEqualTo("2001:db8:0:0:0:0:0:1");
  }
}
