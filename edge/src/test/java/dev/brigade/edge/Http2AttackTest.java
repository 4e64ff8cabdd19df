package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
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
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 attack shapes over real TLS sockets, each refused while another client's connection is
 * served on: SETTINGS and PING floods from a client that reads no acknowledgements, an HPACK bomb
 * (a few bytes that decode to megabytes of headers), flow-control windows pushed past 2^31-1.
 */
class Http2AttackTest {
  private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

  /** ENHANCE_YOUR_CALM, FLOW_CONTROL_ERROR (RFC 9113 section 7). */
  private static final int CALM = 0xb;

  private static final int FLOW_CONTROL = 0x3;

  @TempDir Path dir;
  private TestCerts certs;
  private TestOrigin origin;
  private EdgeServer edge;
  private HttpClient bystander;

  @BeforeEach
  void start() throws Exception {
    certs = new TestCerts(dir);
    TlsSettings tls = TlsSettings.of(certs.leaf("local", "localhost", "127.0.0.1"));
    origin = new TestOrigin();
    origin.replies.put("/", TestOrigin.Reply.ok("root"));
    origin.replies.put("/other", TestOrigin.Reply.ok("served on"));
    PoolConfig pool = EdgeFixture.onePool("origin/http", origin.port(), HealthSettings.DEFAULT);
    edge =
        EdgeServer.start(
            EdgeFixture.edgeConfig(pool, Timeouts.DEFAULT, Optional.empty())
                .withListeners(List.of(Listener.plain(ANY), Listener.https(ANY, tls))));
    bystander =
        HttpClient.newBuilder()
            .sslContext(certs.clientContext())
            .version(HttpClient.Version.HTTP_2)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    assertThat(other().version()).isEqualTo(HttpClient.Version.HTTP_2); // its connection is open
  }

  @AfterEach
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {bystander, edge, origin}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // best effort
      }
    }
  }

  private HttpResponse<String> other() throws Exception {
    return bystander.send(
        HttpRequest.newBuilder(
                URI.create("https://localhost:" + edge.address(1).getPort() + "/other"))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Twenty requests of the other client, one after another, while an attack runs. */
  private CompletableFuture<List<String>> servedMeanwhile() {
    return CompletableFuture.supplyAsync(
        () -> {
          List<String> got = new ArrayList<>();
          try {
            for (int i = 0; i < 20; i++) {
              HttpResponse<String> r = other();
              got.add(r.version() + " " + r.statusCode() + " " + r.body());
            }
          } catch (Exception e) {
            got.add(e.toString());
          }
          return got;
        });
  }

  private void assertServedOn(CompletableFuture<List<String>> meanwhile) throws Exception {
    assertThat(meanwhile.get(120, TimeUnit.SECONDS))
        .hasSize(20)
        .containsOnly("HTTP_2 200 served on");
    assertThat(other().body()).isEqualTo("served on");
  }

  @Test
  void settingsFlood_withoutReadingTheAcks_getsGoAwayEnhanceYourCalm() throws Exception {
    flood(H2Wire.SETTINGS, new byte[0], 1_000_000);
  }

  @Test
  void pingFlood_withoutReadingTheAcks_getsGoAwayEnhanceYourCalm() throws Exception {
    flood(H2Wire.PING, new byte[8], 600_000);
  }

  /**
   * A client that reads every acknowledgement (so no queue grows) but sends SETTINGS and PINGs
   * without end gets GOAWAY ENHANCE_YOUR_CALM after the budget of {@link
   * ControlFrameGuard#MAX_CONTROL_FRAMES} per window.
   */
  @Test
  void controlFramesAtAnyPace_overTheBudget_getGoAwayEnhanceYourCalm() throws Exception {
    CompletableFuture<List<String>> meanwhile = servedMeanwhile();
    int limit = ControlFrameGuard.MAX_CONTROL_FRAMES;
    int acks = 0;
    int goAway = -1;
    try (H2Wire w = new H2Wire(certs.clientContext(), edge.address(1), 0)) {
      // the preface's SETTINGS counts too: the last of these is one over the budget
      for (int i = 0; i < limit && goAway < 0; i++) {
        w.write(i % 2 == 0 ? H2Wire.SETTINGS : H2Wire.PING, 0, 0, new byte[i % 2 == 0 ? 0 : 8]);
        w.flush();
        H2Wire.Frame f = w.read();
        while (f.type() != H2Wire.GOAWAY && (f.flags() & 0x1) == 0) {
          f = w.read(); // the edge's own SETTINGS first
        }
        if (f.type() == H2Wire.GOAWAY) {
          goAway = f.errorCode();
        } else {
          acks++;
        }
      }
      while (goAway < 0) {
        H2Wire.Frame f = w.read(); // the GOAWAY; a read timeout if it never comes
        goAway = f.type() == H2Wire.GOAWAY ? f.errorCode() : -1;
      }
    }
    assertThat(goAway).isEqualTo(CALM);
    assertThat(acks).as("Netty acknowledges before the guard counts").isEqualTo(limit);
    assertServedOn(meanwhile);
  }

  /**
   * Sends {@code frames} control frames that each want an acknowledgement on a socket with a small
   * receive buffer, then a request for {@code /marker}, and reads nothing until the edge has closed
   * the connection (its open connections drop) or answered the marker; then reads all that came:
   * the edge must have cut the connection off (GOAWAY ENHANCE_YOUR_CALM) before it got to the
   * marker. Frames are handled in order, so the marker reaching the origin means the whole flood
   * was acknowledged into a queue that grew without bound.
   */
  private void flood(int type, byte[] payload, int frames) throws Exception {
    CompletableFuture<List<String>> meanwhile = servedMeanwhile();
    origin.replies.put("/marker", TestOrigin.Reply.ok("marker"));
    int sent = 0;
    int goAway = -1;
    boolean answered = false;
    boolean closed;
    try (H2Wire w = new H2Wire(certs.clientContext(), edge.address(1), 8 * 1024)) {
      long open = openConnections();
      try {
        while (sent < frames) {
          for (int i = 0; i < 1000; i++, sent++) {
            w.write(type, 0, 0, payload);
          }
          w.flush();
        }
        w.write(H2Wire.HEADERS, 0x5, 1, H2Wire.get("/marker"));
        w.flush();
      } catch (SocketException | SSLException e) {
        // the edge closed the connection mid-flood: cut off
      }
      // bounded: 6,000 looks 10 ms apart at the edge's gauge and the origin, not the socket
      for (int i = 0; i < 6_000 && openConnections() >= open && origin.count("/marker") == 0; i++) {
        Thread.sleep(10);
      }
      // closed by the edge though the client reads nothing (a GOAWAY that cannot leave holds none)
      closed = openConnections() < open;
      try {
        for (int i = 0; i <= frames && goAway < 0 && !answered; i++) {
          H2Wire.Frame f = w.read();
          goAway = f.type() == H2Wire.GOAWAY ? f.errorCode() : -1;
          answered = f.type() == H2Wire.HEADERS && f.stream() == 1;
        }
      } catch (EOFException | SocketException | SSLException e) {
        // closed; a reset can lose the GOAWAY
      }
    }
    assertThat(origin.count("/marker")).as("the flood was all answered").isZero();
    assertThat(answered).isFalse();
    assertThat(closed).as("closed while unread").isTrue();
    assertThat(goAway).as("GOAWAY's error code after " + sent + " frames").isIn(CALM, -1);
    assertServedOn(meanwhile);
  }

  private long openConnections() {
    return edge.metrics()
        .lines()
        .filter(l -> l.startsWith("brigade_edge_open_connections "))
        .mapToLong(l -> (long) Double.parseDouble(l.split(" ")[1]))
        .findFirst()
        .orElseThrow();
  }

  /**
   * An HPACK bomb: one 4 KB header enters the dynamic table, then two thousand one-byte references
   * to it would decode to 8 MB of headers. The edge stops at its header list limit: the request is
   * refused (431, RST_STREAM or GOAWAY) and never reaches the origin.
   */
  @Test
  void hpackBomb_ofIndexedReferences_isRefused_andNeverProxied() throws Exception {
    CompletableFuture<List<String>> meanwhile = servedMeanwhile();
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    block.writeBytes(H2Wire.getRoot());
    byte[] name = "x-bomb".getBytes(StandardCharsets.US_ASCII);
    block.write(0x40); // literal with incremental indexing, new name
    H2Wire.integer(block, 0, 7, name.length);
    block.writeBytes(name);
    int value = 4096 - 32 - name.length; // the whole default table (RFC 7541 section 4.1)
    H2Wire.integer(block, 0, 7, value);
    block.writeBytes("b".repeat(value).getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < 2000; i++) {
      block.write(0x80 | 62); // indexed: the first dynamic table entry
    }
    byte[] headers = block.toByteArray();
    assertThat(headers.length).isLessThan(16_384); // one frame: a few KB for megabytes
    String answer;
    try (H2Wire w = new H2Wire(certs.clientContext(), edge.address(1), 0)) {
      w.write(H2Wire.HEADERS, 0x5, 1, headers); // END_STREAM | END_HEADERS
      w.flush();
      answer = refusal(w, 1);
    }
    assertThat(answer).isIn("431", "RST_STREAM", "GOAWAY", "closed");
    assertThat(origin.count("/")).isZero();
    assertServedOn(meanwhile);
  }

  /**
   * What the edge answered stream {@code id}: "431" (a HEADERS with that status), "RST_STREAM",
   * "GOAWAY", "closed", or "HEADERS" for any other response.
   */
  private static String refusal(H2Wire w, int id) throws IOException {
    try {
      while (true) {
        H2Wire.Frame f = w.read();
        if (f.type() == H2Wire.GOAWAY) {
          return "GOAWAY";
        }
        if (f.stream() == id && f.type() == H2Wire.RST_STREAM) {
          return "RST_STREAM";
        }
        if (f.stream() == id && f.type() == H2Wire.HEADERS) {
          return statusIs431(f.payload()) ? "431" : "HEADERS";
        }
      }
    } catch (EOFException | SocketException | SSLException e) {
      return "closed";
    }
  }

  /**
   * Whether a response's first header is {@code :status: 431}: a literal with name index 8, its
   * value plain or Huffman coded (RFC 7541 appendix B: '4' 011010, '3' 011001, '1' 00001).
   */
  private static boolean statusIs431(byte[] block) {
    int at = 0;
    if ((block[0] & 0xe0) == 0x20) {
      at++; // a dynamic table size update first
    }
    int first = block[at] & 0xff;
    boolean literal8 = first == 0x48 || first == 0x08 || first == 0x18;
    if (!literal8) {
      return false;
    }
    int len = block[at + 1] & 0x7f;
    byte[] v = java.util.Arrays.copyOfRange(block, at + 2, at + 2 + len);
    if ((block[at + 1] & 0x80) == 0) {
      return new String(v, StandardCharsets.US_ASCII).equals("431");
    }
    // 011010 011001 00001 + padding 1: 0110 1001 1001 0000 1111 1111 -> 0x69 0x90 0xff
    return java.util.Arrays.equals(v, new byte[] {0x69, (byte) 0x90, (byte) 0xff})
        || java.util.Arrays.equals(v, new byte[] {0x69, (byte) 0x90});
  }

  /** A connection window pushed past 2^31-1 is a connection error (RFC 9113 6.9.1). */
  @Test
  void connectionWindowOverflow_getsGoAwayFlowControlError() throws Exception {
    CompletableFuture<List<String>> meanwhile = servedMeanwhile();
    int code = -1;
    try (H2Wire w = new H2Wire(certs.clientContext(), edge.address(1), 0)) {
      w.write(H2Wire.WINDOW_UPDATE, 0, 0, ByteBuffer.allocate(4).putInt(0x7fffffff).array());
      w.flush();
      try {
        while (code < 0) {
          H2Wire.Frame f = w.read();
          code = f.type() == H2Wire.GOAWAY ? f.errorCode() : -1;
        }
      } catch (EOFException | SocketException | SSLException e) {
        // closed without GOAWAY: fails below
      }
    }
    assertThat(code).isEqualTo(FLOW_CONTROL);
    assertServedOn(meanwhile);
  }

  /**
   * A stream's window pushed past 2^31-1 resets that stream with FLOW_CONTROL_ERROR, and the same
   * connection serves its next stream.
   */
  @Test
  void streamWindowOverflow_resetsThatStream_andTheConnectionServesOn() throws Exception {
    CompletableFuture<List<String>> meanwhile = servedMeanwhile();
    try (H2Wire w = new H2Wire(certs.clientContext(), edge.address(1), 0)) {
      byte[] post = H2Wire.getRoot();
      post[0] = (byte) 0x83; // POST: the stream stays open for its body
      w.write(H2Wire.HEADERS, 0x4, 1, post); // END_HEADERS, no END_STREAM
      w.write(H2Wire.WINDOW_UPDATE, 0, 1, ByteBuffer.allocate(4).putInt(0x7fffffff).array());
      w.flush();
      H2Wire.Frame reset = null;
      while (reset == null) {
        H2Wire.Frame f = w.read();
        assertThat(f.type()).as("no GOAWAY for a stream's error").isNotEqualTo(H2Wire.GOAWAY);
        reset = f.type() == H2Wire.RST_STREAM && f.stream() == 1 ? f : null;
      }
      // Netty's stream channel resets it with CANCEL as it closes, before its FLOW_CONTROL_ERROR
      assertThat(reset.errorCode()).isIn(FLOW_CONTROL, 0x8);
      w.write(H2Wire.HEADERS, 0x5, 3, H2Wire.getRoot());
      w.flush();
      String next = refusal(w, 3);
      assertThat(next).isEqualTo("HEADERS"); // a response (its status is 200, not 431)
    }
    assertServedOn(meanwhile);
  }
}
