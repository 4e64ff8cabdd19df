package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP/2 to clients by ALPN over real TLS sockets: the same cache, many streams, attacks. */
class Http2Test {
  private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

  @TempDir Path dir;
  private TestCerts certs;
  private TestOrigin origin;
  private EdgeServer edge;
  private HttpClient h2;
  private HttpClient h1;

  @BeforeEach
  void start() throws Exception {
    certs = new TestCerts(dir);
    TlsSettings tls = TlsSettings.of(certs.leaf("local", "localhost", "127.0.0.1"));
    origin = new TestOrigin();
    CacheSettings cache =
        new CacheSettings(
            64L << 20,
            1L << 20,
            Duration.ZERO,
            Duration.ofSeconds(10),
            Duration.ofSeconds(10),
            "purge-token-0123456789",
            CacheSettings.DEFAULT.sessionCookies(),
            CacheSettings.DEFAULT.trackingCookies());
    PoolConfig pool = EdgeFixture.onePool("origin/http", origin.port(), HealthSettings.DEFAULT);
    edge =
        EdgeServer.start(
            EdgeFixture.edgeConfig(pool, Timeouts.DEFAULT, Optional.of(cache))
                .withListeners(
                    List.of(Listener.plain(ANY), Listener.https(ANY, tls).withHsts("max-age=60"))));
    h2 = client(HttpClient.Version.HTTP_2);
    h1 = client(HttpClient.Version.HTTP_1_1);
  }

  private HttpClient client(HttpClient.Version v) throws Exception {
    return HttpClient.newBuilder()
        .sslContext(certs.clientContext())
        .version(v)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  @AfterEach
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {h2, h1, edge, origin}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // best effort
      }
    }
  }

  private URI uri(String path) {
    return URI.create("https://localhost:" + edge.address(1).getPort() + path);
  }

  private HttpResponse<String> get(HttpClient c, String path) throws Exception {
    return c.send(
        HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void h2Get_isAMissThenAHit_withTheCacheStatusOfHttp11() throws Exception {
    origin.replies.put("/h2", TestOrigin.Reply.ok("over h2\n", "Cache-Control", "max-age=60"));
    origin.replies.put("/h1", TestOrigin.Reply.ok("over h1\n", "Cache-Control", "max-age=60"));
    HttpResponse<String> miss = get(h2, "/h2");
    HttpResponse<String> hit = get(h2, "/h2");
    HttpResponse<String> h1miss = get(h1, "/h1");
    HttpResponse<String> h1hit = get(h1, "/h1");

    assertThat(miss.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(h1miss.version()).isEqualTo(HttpClient.Version.HTTP_1_1); // ALPN http/1.1
    assertThat(miss.body()).isEqualTo("over h2\n");
    assertThat(hit.body()).isEqualTo("over h2\n");
    String expectedMiss = "brigade; fwd=uri-miss; fwd-status=200; stored";
    assertThat(miss.headers().firstValue("Cache-Status")).hasValue(expectedMiss);
    assertThat(h1miss.headers().firstValue("Cache-Status")).hasValue(expectedMiss);
    assertThat(hit.headers().firstValue("Cache-Status").orElseThrow())
        .matches("brigade; hit; ttl=(59|60)");
    assertThat(h1hit.headers().firstValue("Cache-Status").orElseThrow())
        .matches("brigade; hit; ttl=(59|60)");
    assertThat(hit.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=60");
    assertThat(origin.count("/h2")).isEqualTo(1);
    assertThat(origin.lastRequestHeaders).containsKey("/h2");
  }

  @Test
  void hundredConcurrentStreams_onOneConnection_allAnswered() throws Exception {
    get(h2, "/warm-up"); // opens the connection, so that the streams share it
    long connectionsBefore = connections();
    List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      origin.replies.put("/s/" + i, TestOrigin.Reply.ok("stream " + i));
    }
    for (int i = 0; i < 100; i++) {
      all.add(
          h2.sendAsync(
              HttpRequest.newBuilder(uri("/s/" + i)).timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    for (int i = 0; i < 100; i++) {
      HttpResponse<String> r = all.get(i).get();
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(r.body()).isEqualTo("stream " + i);
    }
    assertThat(connections()).isEqualTo(connectionsBefore);
  }

  private long connections() {
    return edge.metrics()
        .lines()
        .filter(l -> l.startsWith("brigade_edge_connections_total "))
        .mapToLong(l -> (long) Double.parseDouble(l.split(" ")[1]))
        .findFirst()
        .orElseThrow();
  }

  /**
   * CVE-2023-44487: a client that opens and cancels streams in a burst gets GOAWAY (and its
   * connection closed); other clients are served on.
   */
  @Test
  void rapidResetBurst_getsGoAway_andTheEdgeServesOthers() throws Exception {
    origin.replies.put("/", TestOrigin.Reply.ok("root"));
    SSLSocket s = (SSLSocket) certs.clientContext().getSocketFactory().createSocket();
    s.setSoTimeout(30_000);
    SSLParameters p = s.getSSLParameters();
    p.setApplicationProtocols(new String[] {"h2"});
    s.setSSLParameters(p);
    s.connect(edge.address(1), 5_000);
    s.startHandshake();
    assertThat(s.getApplicationProtocol()).isEqualTo("h2");
    OutputStream out = s.getOutputStream();
    out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.write(frame(0x4, 0, 0, new byte[0])); // SETTINGS
    byte[] authority = "localhost".getBytes(StandardCharsets.US_ASCII);
    ByteBuffer block = ByteBuffer.allocate(5 + authority.length);
    block.put((byte) 0x82).put((byte) 0x87).put((byte) 0x84); // GET, https, /
    block.put((byte) 0x01).put((byte) authority.length).put(authority); // :authority, literal
    byte[] headers = java.util.Arrays.copyOf(block.array(), block.position());
    int streams = Http2Front.MAX_RESETS + 100;
    for (int i = 0; i < streams; i++) {
      int id = 1 + 2 * i;
      out.write(frame(0x1, 0x5, id, headers)); // HEADERS, END_STREAM | END_HEADERS
      out.write(frame(0x3, 0, id, new byte[] {0, 0, 0, 8})); // RST_STREAM CANCEL
    }
    out.flush();
    boolean goAway = false;
    DataInputStream in = new DataInputStream(s.getInputStream());
    try {
      while (!goAway) {
        int length = in.readUnsignedByte() << 16 | in.readUnsignedShort();
        int type = in.readUnsignedByte();
        in.readUnsignedByte();
        in.readInt();
        in.skipNBytes(length);
        goAway = type == 0x7;
      }
    } catch (EOFException | javax.net.ssl.SSLException | java.net.SocketException e) {
      // closed after (or instead of) the GOAWAY being read
    } finally {
      s.close();
    }
    assertThat(goAway).isTrue();
    assertThat(get(client(HttpClient.Version.HTTP_2), "/").body()).isEqualTo("root");
  }

  /**
   * An HPACK bomb's shape, or a CONTINUATION flood: one header list far over the 32 KB limit, in a
   * HEADERS frame and CONTINUATION frames. The edge refuses it (RST_STREAM or GOAWAY), never
   * answers it, and serves others on.
   */
  @Test
  void headerListOverTheLimit_inContinuationFrames_isRefused() throws Exception {
    origin.replies.put("/", TestOrigin.Reply.ok("root"));
    SSLSocket s = h2Socket();
    OutputStream out = s.getOutputStream();
    out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.write(frame(0x4, 0, 0, new byte[0]));
    java.io.ByteArrayOutputStream block = new java.io.ByteArrayOutputStream();
    block.write(new byte[] {(byte) 0x82, (byte) 0x87, (byte) 0x84, 0x01, 9});
    block.write("localhost".getBytes(StandardCharsets.US_ASCII));
    int value = 4 * Http2Front.MAX_HEADER_LIST;
    block.write(new byte[] {0x00, 5});
    block.write("x-big".getBytes(StandardCharsets.US_ASCII));
    block.write(0x7f); // the value's length: an HPACK integer with a 7-bit prefix
    for (int rest = value - 127; ; rest >>= 7) {
      if (rest < 128) {
        block.write(rest);
        break;
      }
      block.write(rest & 0x7f | 0x80);
    }
    block.write(new byte[value]);
    byte[] all = block.toByteArray();
    int chunk = 16_384;
    for (int off = 0; off < all.length; off += chunk) {
      byte[] part = java.util.Arrays.copyOfRange(all, off, Math.min(all.length, off + chunk));
      boolean first = off == 0;
      boolean last = off + chunk >= all.length;
      int flags = (first ? 0x1 : 0) | (last ? 0x4 : 0); // END_STREAM on HEADERS, END_HEADERS last
      try {
        out.write(frame(first ? 0x1 : 0x9, flags, 1, part));
      } catch (java.net.SocketException e) {
        break; // the edge closed the connection before the rest was sent
      }
    }
    out.flush();
    int refusal = -1;
    DataInputStream in = new DataInputStream(s.getInputStream());
    try {
      while (refusal < 0) {
        int length = in.readUnsignedByte() << 16 | in.readUnsignedShort();
        int type = in.readUnsignedByte();
        in.readUnsignedByte();
        int stream = in.readInt();
        in.skipNBytes(length);
        assertThat(type == 0x1 && stream == 1).as("a response to the bomb").isFalse();
        refusal = type == 0x3 || type == 0x7 ? type : -1;
      }
    } catch (EOFException | javax.net.ssl.SSLException | java.net.SocketException e) {
      refusal = 0; // closed: refused as well
    } finally {
      s.close();
    }
    assertThat(refusal).isIn(0, 0x3, 0x7);
    assertThat(origin.count("/")).isZero();
    assertThat(get(client(HttpClient.Version.HTTP_2), "/").body()).isEqualTo("root");
  }

  /**
   * RFC 9113 section 8.2.2: a stream carrying connection-specific fields (here {@code upgrade} and
   * {@code connection}, as a WebSocket handshake over HTTP/1.1 would) is malformed. The edge resets
   * that stream (RST_STREAM), never forwards it, and answers the next stream on the connection.
   */
  @Test
  void aStreamWithUpgrade_isReset_notForwarded() throws Exception {
    origin.replies.put("/ws", TestOrigin.Reply.ok("not for h2"));
    origin.replies.put("/", TestOrigin.Reply.ok("root"));
    SSLSocket s = h2Socket();
    OutputStream out = s.getOutputStream();
    out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.write(frame(0x4, 0, 0, new byte[0]));
    out.write(frame(0x1, 0x5, 1, getBlock("/ws", "upgrade", "websocket", "connection", "upgrade")));
    out.write(frame(0x1, 0x5, 3, getBlock("/")));
    out.flush();
    boolean reset = false;
    boolean answered = false;
    DataInputStream in = new DataInputStream(s.getInputStream());
    try {
      while (!answered) {
        int length = in.readUnsignedByte() << 16 | in.readUnsignedShort();
        int type = in.readUnsignedByte();
        in.readUnsignedByte();
        int stream = in.readInt();
        in.skipNBytes(length);
        assertThat(type == 0x1 && stream == 1).as("a response to the upgrade").isFalse();
        assertThat(type).as("no GOAWAY").isNotEqualTo(0x7);
        reset = reset || type == 0x3 && stream == 1;
        answered = type == 0x1 && stream == 3;
      }
    } finally {
      s.close();
    }
    assertThat(reset).isTrue();
    assertThat(origin.count("/ws")).isZero();
    assertThat(origin.count("/")).isEqualTo(1);
  }

  /** An HPACK block of a GET of {@code path} on localhost, with more fields (literals). */
  private static byte[] getBlock(String path, String... fields) throws IOException {
    java.io.ByteArrayOutputStream block = new java.io.ByteArrayOutputStream();
    block.write(new byte[] {(byte) 0x82, (byte) 0x87, 0x04, (byte) path.length()}); // :path
    block.write(path.getBytes(StandardCharsets.US_ASCII));
    block.write(new byte[] {0x01, 9});
    block.write("localhost".getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < fields.length; i += 2) {
      block.write(0x00); // a literal field without indexing, its name a literal too
      block.write(fields[i].length());
      block.write(fields[i].getBytes(StandardCharsets.US_ASCII));
      block.write(fields[i + 1].length());
      block.write(fields[i + 1].getBytes(StandardCharsets.US_ASCII));
    }
    return block.toByteArray();
  }

  private SSLSocket h2Socket() throws Exception {
    SSLSocket s = (SSLSocket) certs.clientContext().getSocketFactory().createSocket();
    s.setSoTimeout(30_000);
    SSLParameters p = s.getSSLParameters();
    p.setApplicationProtocols(new String[] {"h2"});
    s.setSSLParameters(p);
    s.connect(edge.address(1), 5_000);
    s.startHandshake();
    return s;
  }

  private static byte[] frame(int type, int flags, int stream, byte[] payload) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(9 + payload.length);
    b.put((byte) (payload.length >> 16))
        .put((byte) (payload.length >> 8))
        .put((byte) payload.length);
    b.put((byte) type).put((byte) flags).putInt(stream).put(payload);
    return b.array();
  }
}
