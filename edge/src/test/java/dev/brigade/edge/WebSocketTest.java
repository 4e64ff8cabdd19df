package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebSocket through the edge: the JDK's WebSocket client, the edge, and a Netty WebSocket echo
 * backend ({@link WsBackend}), all on loopback. The upgrade is forwarded, the 101 turns both
 * connections into a tunnel, and everything that is not a proper upgrade stays ordinary HTTP.
 */
class WebSocketTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final WsBackend backend = new WsBackend();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
  private EdgeServer edge;

  @AfterEach
  void tearDown() {
    if (edge != null) {
      edge.close();
    }
    backend.close();
    http.close();
  }

  @TempDir Path dir;

  private EdgeServer edge(Timeouts timeouts) {
    edge =
        EdgeServer.start(
            EdgeFixture.edgeConfig(
                EdgeFixture.onePool("ws1", backend.port(), HealthSettings.DEFAULT),
                timeouts,
                Optional.empty()));
    return edge;
  }

  /** An edge with a cache (so the upgrade must keep out of it) and an access log. */
  private EdgeServer cachingEdge(Path log) {
    EdgeConfig base =
        EdgeFixture.edgeConfig(
            EdgeFixture.onePool("ws1", backend.port(), HealthSettings.DEFAULT),
            Timeouts.DEFAULT,
            Optional.of(CacheSettings.DEFAULT));
    edge =
        EdgeServer.start(
            new EdgeConfig(
                base.node(),
                base.listen(),
                base.admin(),
                base.adminToken(),
                base.timeouts(),
                Optional.of(log),
                base.pools(),
                base.routes(),
                base.cache()));
    return edge;
  }

  private EdgeServer edge() {
    return edge(Timeouts.DEFAULT);
  }

  /** What a client WebSocket received: whole messages (String or byte[]), pongs, the end. */
  static final class Inbox implements WebSocket.Listener {
    final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
    final CompletableFuture<String> ended = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        messages.add(text.toString());
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      binary.writeBytes(b);
      if (last) {
        messages.add(binary.toByteArray());
        binary.reset();
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
      pongs.add(message);
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      ended.complete("close " + statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      ended.complete("error " + error);
    }

    Object next() throws InterruptedException {
      Object m = messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(m).as("a message within %s", WAIT).isNotNull();
      return m;
    }
  }

  private WebSocket connect(Inbox inbox) {
    URI uri = URI.create("ws://127.0.0.1:" + edge.address().getPort() + "/ws/echo");
    return http.newWebSocketBuilder()
        .connectTimeout(WAIT)
        .buildAsync(uri, inbox)
        .orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
        .join();
  }

  @Test
  void textBinaryAndPing_echoThroughTheTunnel_andTheUpgradeReachedTheBackend() throws Exception {
    edge();
    Inbox inbox = new Inbox();
    WebSocket ws = connect(inbox);
    ws.sendText("hello through the edge", true).join();
    assertThat(inbox.next()).isEqualTo("hello through the edge");
    byte[] bytes = {0, 1, 2, (byte) 0xff, 0x7f};
    ws.sendBinary(ByteBuffer.wrap(bytes), true).join();
    assertThat((byte[]) inbox.next()).containsExactly(bytes);
    ws.sendPing(ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8))).join();
    ByteBuffer pong = inbox.pongs.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(pong).isNotNull();
    assertThat(StandardCharsets.UTF_8.decode(pong).toString()).isEqualTo("are you there");

    WsBackend.Seen s = backend.seen.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(s.uri()).isEqualTo("/ws/echo");
    assertThat(s.headers().get("Upgrade")).isEqualToIgnoringCase("websocket");
    assertThat(s.headers().get("Connection")).isEqualToIgnoringCase("upgrade");
    assertThat(s.headers().get("Sec-WebSocket-Key")).isNotBlank();
    assertThat(s.headers().get("X-Forwarded-For")).isEqualTo("127.0.0.1");
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    assertThat(inbox.ended.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("close 1000");
  }

  @Test
  void aMessageOfOneMebibyte_echoesWhole() throws Exception {
    edge();
    Inbox inbox = new Inbox();
    WebSocket ws = connect(inbox);
    byte[] big = new byte[1 << 20];
    new Random(7).nextBytes(big);
    ws.sendBinary(ByteBuffer.wrap(big), true).join();
    assertThat((byte[]) inbox.next()).isEqualTo(big);
    String text = "x".repeat(1 << 20);
    ws.sendText(text, true).join();
    assertThat(inbox.next()).isEqualTo(text);
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    assertThat(inbox.ended.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("close 1000");
  }

  @Test
  void theClientCloses_theBackendConnectionCloses() throws Exception {
    edge();
    Inbox inbox = new Inbox();
    WebSocket ws = connect(inbox);
    ws.sendText("one", true).join();
    assertThat(inbox.next()).isEqualTo("one");
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    assertThat(inbox.ended.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("close 1000");
    assertThat(backend.closed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    awaitMetric("brigade_edge_tunnels_open 0");
  }

  @Test
  void theClientDrops_theBackendConnectionCloses() throws Exception {
    edge();
    try (Socket s = upgradeRaw()) {
      String head = head(s.getInputStream());
      assertThat(head).startsWith("HTTP/1.1 101 ");
      awaitMetric("brigade_edge_tunnels_open 1");
    } // closed without a close frame
    assertThat(backend.closed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    awaitMetric("brigade_edge_tunnels_open 0");
  }

  @Test
  void theBackendCloses_theClientSeesTheCloseAndTheEnd() throws Exception {
    edge();
    Inbox inbox = new Inbox();
    WebSocket ws = connect(inbox);
    ws.sendText("close-me", true).join();
    assertThat(inbox.ended.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("close 1001");
    assertThat(backend.closed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    awaitMetric("brigade_edge_tunnels_open 0");
  }

  @Test
  void anIdleTunnel_isClosedAfterTunnelIdle() throws Exception {
    edge(Timeouts.DEFAULT.withTunnelIdle(Duration.ofMillis(300)));
    Inbox inbox = new Inbox();
    WebSocket ws = connect(inbox);
    ws.sendText("then nothing", true).join();
    assertThat(inbox.next()).isEqualTo("then nothing");
    // nothing is sent: the edge closes both connections (the client sees its connection end)
    assertThat(inbox.ended.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
    assertThat(backend.closed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    awaitMetric("brigade_edge_tunnel_idle_closed_total 1");
    awaitMetric("brigade_edge_tunnels_open 0");
  }

  @Test
  void metrics_countTheTunnelAndItsBytes_andTheAccessLogSays101() throws Exception {
    Path log = dir.resolve("access.log");
    cachingEdge(log);
    Inbox inbox = new Inbox();
    WebSocket ws = connect(inbox);
    ws.sendText("count me", true).join();
    assertThat(inbox.next()).isEqualTo("count me");
    String m = edge.metrics();
    assertThat(m).contains("brigade_edge_tunnels_total 1\n", "brigade_edge_tunnels_open 1\n");
    // a masked text frame of 8 bytes is 14 bytes to the backend, its echo 10 bytes back
    assertThat(bytes(m, "to_backend")).isGreaterThanOrEqualTo(14);
    assertThat(bytes(m, "to_client")).isGreaterThanOrEqualTo(10);
    assertThat(m)
        .contains("brigade_edge_responses_total{pool=\"app\",backend=\"ws1\",code=\"1xx\"} 1");
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    inbox.ended.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    awaitMetric("brigade_edge_tunnels_open 0");
    assertThat(edge.metrics())
        .contains("brigade_edge_tunnels_total 1\n")
        .contains("brigade_edge_cache_lookups_total{result=\"miss\"} 0\n");
    edge.close();
    edge = null;
    assertThat(Files.readAllLines(log))
        .singleElement()
        .asString()
        .contains("\"GET /ws/echo HTTP/1.1\" 101 ")
        .contains(" ws1 ");
  }

  private static long bytes(String metrics, String direction) {
    String prefix = "brigade_edge_tunnel_bytes_total{direction=\"" + direction + "\"} ";
    return metrics
        .lines()
        .filter(l -> l.startsWith(prefix))
        .mapToLong(l -> Long.parseLong(l.substring(prefix.length())))
        .findFirst()
        .orElse(-1);
  }

  @Test
  void otherClients_areServedWhileATunnelIsOpen() throws Exception {
    edge();
    Inbox inbox = new Inbox();
    WebSocket ws = connect(inbox);
    ws.sendText("first", true).join();
    assertThat(inbox.next()).isEqualTo("first");
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + edge.address().getPort() + "/page/" + i))
                  .timeout(WAIT)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("plain");
    }
    ws.sendText("still here", true).join();
    assertThat(inbox.next()).isEqualTo("still here");
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
  }

  @Test
  void aBackendThatAnswers200_givesThe200_andTheConnectionStaysHttp() throws Exception {
    edge();
    try (Socket s = new Socket("127.0.0.1", edge.address().getPort())) {
      s.setSoTimeout((int) WAIT.toMillis());
      OutputStream out = s.getOutputStream();
      out.write(
          ascii(
              "GET /plain HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                  + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                  + "Sec-WebSocket-Version: 13\r\n\r\n"));
      out.flush();
      InputStream in = s.getInputStream();
      String head = head(in);
      assertThat(head).startsWith("HTTP/1.1 200 ").doesNotContainIgnoringCase("upgrade");
      assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("plain");
      WsBackend.Seen first = backend.seen.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(first.headers().get("Upgrade")).isEqualTo("websocket");

      out.write(ascii("GET /plain/again HTTP/1.1\r\nHost: x\r\n\r\n"));
      out.flush();
      assertThat(head(in)).startsWith("HTTP/1.1 200 ");
      assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("plain");
      WsBackend.Seen second = backend.seen.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(second.uri()).isEqualTo("/plain/again");
      assertThat(second.headers().contains("Upgrade")).isFalse();
      // the backend connection that carried the upgrade request was not pooled
      assertThat(second.peerPort()).isNotEqualTo(first.peerPort());
    }
    assertThat(edge.metrics()).contains("brigade_edge_tunnels_total 0\n");
  }

  @Test
  void dataSentBeforeThe101_isHeldAndRelayedAfterIt() throws Exception {
    edge();
    try (Socket s = new Socket("127.0.0.1", edge.address().getPort())) {
      s.setSoTimeout((int) WAIT.toMillis());
      OutputStream out = s.getOutputStream();
      byte[] request =
          ascii(
              "GET /ws/early HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                  + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                  + "Sec-WebSocket-Version: 13\r\n\r\n");
      ByteArrayOutputStream both = new ByteArrayOutputStream();
      both.writeBytes(request);
      both.writeBytes(maskedText("early"));
      out.write(both.toByteArray()); // one write: the frame comes before any answer
      out.flush();
      InputStream in = s.getInputStream();
      String head = head(in);
      assertThat(head)
          .startsWith("HTTP/1.1 101 ")
          .containsIgnoringCase("upgrade: websocket")
          .contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
      byte[] echo = in.readNBytes(7);
      assertThat(echo[0] & 0xff).isEqualTo(0x81);
      assertThat(echo[1]).isEqualTo((byte) 5);
      assertThat(new String(echo, 2, 5, StandardCharsets.US_ASCII)).isEqualTo("early");
    }
  }

  @Test
  void h2cAndUpgradesWithABody_areOrdinaryRequests() throws Exception {
    edge();
    try (Socket s = new Socket("127.0.0.1", edge.address().getPort())) {
      s.setSoTimeout((int) WAIT.toMillis());
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      out.write(
          ascii(
              "GET /ws/h2c HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                  + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n"));
      out.flush();
      assertThat(head(in)).startsWith("HTTP/1.1 200 ");
      in.readNBytes(5);
      WsBackend.Seen h2c = backend.seen.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(h2c.uri()).isEqualTo("/ws/h2c");
      assertThat(h2c.headers().contains("Upgrade")).isFalse();
      assertThat(h2c.headers().contains("HTTP2-Settings")).isFalse();
      assertThat(h2c.headers().get("Connection", "")).doesNotContainIgnoringCase("upgrade");

      out.write(
          ascii(
              "POST /ws/post HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                  + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                  + "Content-Length: 4\r\n\r\nbody"));
      out.flush();
      assertThat(head(in)).startsWith("HTTP/1.1 200 ");
      in.readNBytes(5);
      WsBackend.Seen post = backend.seen.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(post.uri()).isEqualTo("/ws/post");
      assertThat(post.body()).isEqualTo("body");
      assertThat(post.headers().contains("Upgrade")).isFalse();
      assertThat(post.headers().get("Connection", "")).doesNotContainIgnoringCase("upgrade");
    }
    assertThat(edge.metrics()).contains("brigade_edge_tunnels_total 0\n");
  }

  private Socket upgradeRaw() throws IOException {
    Socket s = new Socket("127.0.0.1", edge.address().getPort());
    s.setSoTimeout((int) WAIT.toMillis());
    s.getOutputStream()
        .write(
            ascii(
                "GET /ws/raw HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n"));
    s.getOutputStream().flush();
    return s;
  }

  /** A client's text frame (RFC 6455 section 5.2: masked), of under 126 bytes. */
  static byte[] maskedText(String text) {
    byte[] payload = ascii(text);
    byte[] mask = {0x11, 0x22, 0x33, 0x44};
    byte[] f = new byte[6 + payload.length];
    f[0] = (byte) 0x81;
    f[1] = (byte) (0x80 | payload.length);
    System.arraycopy(mask, 0, f, 2, 4);
    for (int i = 0; i < payload.length; i++) {
      f[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
    }
    return f;
  }

  /** The response head, up to its empty line. */
  static String head(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    while (!b.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0 || b.length() > 16 * 1024) {
        break;
      }
      b.append((char) c);
    }
    return b.toString();
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private void awaitMetric(String line) throws InterruptedException {
    for (int i = 0; i < 2000 && edge.metrics().lines().noneMatch(line::equals); i++) {
      Thread.sleep(5);
    }
    assertThat(edge.metrics().lines()).contains(line);
  }
}
