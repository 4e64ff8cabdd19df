package dev.brigade.edge;

import static dev.brigade.edge.WebSocketTest.ascii;
import static dev.brigade.edge.WebSocketTest.head;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The tunnel with a raw backend that speaks a made-up protocol after its 101 ({@code Upgrade:
 * echo}): half-close both ways, backends that send a 101 nobody asked for, and the client
 * connection limit.
 */
class TunnelTest {
  private static final int WAIT_MS = 20_000;

  private final ServerSocket server;
  private final CompletableFuture<String> backendSawEof = new CompletableFuture<>();
  private EdgeServer edge;

  TunnelTest() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual()
        .start(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket s = server.accept();
                  Thread.ofVirtual().start(() -> serve(s));
                } catch (IOException e) {
                  return;
                }
              }
            });
  }

  /**
   * {@code /echo}: a 101 to {@code echo}, then every byte back until the client's end of input,
   * then {@code after-eof} and the close. {@code /wrong}: a 101 to another protocol. {@code
   * /unasked}: a 101 to a request without an upgrade. Else 200.
   */
  private void serve(Socket s) {
    try (s) {
      s.setSoTimeout(WAIT_MS);
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      String head = head(in);
      String path = head.isEmpty() ? "" : head.split(" ")[1];
      if (path.equals("/echo")) {
        out.write(
            ascii(
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n"));
        out.flush();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
          out.write(buf, 0, n);
          out.flush();
        }
        backendSawEof.complete("eof");
        out.write(ascii("after-eof"));
        out.flush();
      } else if (path.equals("/eager")) {
        // the protocol's first bytes in the same write as the 101: the edge's decoder gets both
        out.write(
            ascii(
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n"
                    + "server-first"));
        out.flush();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
          out.write(buf, 0, n);
          out.flush();
        }
      } else if (path.equals("/wrong")) {
        out.write(
            ascii(
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: other\r\nConnection: Upgrade\r\n\r\nxx"));
        out.flush();
        in.read();
      } else if (path.equals("/unasked")) {
        out.write(
            ascii(
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\nxx"));
        out.flush();
        in.read();
      } else {
        out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"));
        out.flush();
      }
    } catch (IOException e) {
      // the edge went away: nothing to answer
    }
  }

  @AfterEach
  void tearDown() throws IOException {
    if (edge != null) {
      edge.close();
    }
    server.close();
  }

  private EdgeServer edge(Limits limits) {
    edge =
        EdgeServer.start(
            EdgeFixture.edgeConfig(
                    EdgeFixture.onePool("raw1", server.getLocalPort(), HealthSettings.DEFAULT),
                    Timeouts.DEFAULT,
                    Optional.empty())
                .withLimits(limits));
    return edge;
  }

  private Socket client() throws IOException {
    Socket s = new Socket("127.0.0.1", edge.address().getPort());
    s.setSoTimeout(WAIT_MS);
    return s;
  }

  private static void send(Socket s, String path, String upgrade) throws IOException {
    String fields = upgrade == null ? "" : "Connection: Upgrade\r\nUpgrade: " + upgrade + "\r\n";
    s.getOutputStream().write(ascii("GET " + path + " HTTP/1.1\r\nHost: x\r\n" + fields + "\r\n"));
    s.getOutputStream().flush();
  }

  @Test
  void theClientsEndOfInput_reachesTheBackend_whichMayStillAnswer() throws Exception {
    edge(Limits.DEFAULT);
    try (Socket s = client()) {
      send(s, "/echo", "echo");
      InputStream in = s.getInputStream();
      assertThat(head(in)).startsWith("HTTP/1.1 101 ").containsIgnoringCase("upgrade: echo");
      s.getOutputStream().write(ascii("ping"));
      s.getOutputStream().flush();
      assertThat(new String(in.readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("ping");
      s.shutdownOutput(); // half-closed: the backend reads its end, the way back stays open
      assertThat(backendSawEof.get(WAIT_MS, TimeUnit.MILLISECONDS)).isEqualTo("eof");
      assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("after-eof");
    }
    for (int i = 0; i < 2000 && !edge.metrics().contains("brigade_edge_tunnels_open 0\n"); i++) {
      Thread.sleep(5);
    }
    assertThat(edge.metrics()).contains("brigade_edge_tunnels_open 0\n");
  }

  @Test
  void bytesInTheSameWriteAsThe101_reachTheClient() throws Exception {
    edge(Limits.DEFAULT);
    try (Socket s = client()) {
      send(s, "/eager", "echo");
      InputStream in = s.getInputStream();
      assertThat(head(in)).startsWith("HTTP/1.1 101 ");
      assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII))
          .isEqualTo("server-first");
      s.getOutputStream().write(ascii("and back"));
      s.getOutputStream().flush();
      assertThat(new String(in.readNBytes(8), StandardCharsets.US_ASCII)).isEqualTo("and back");
    }
  }

  /**
   * 32 MiB each way with a client that does not read at first: the echo backend blocks writing
   * back, stops reading, and the edge must pause and resume each side (autoRead follows the other
   * side's writability) for all of it to arrive, in order.
   */
  @Test
  void bulkBothWays_withAClientThatReadsLate_arrivesWhole() throws Exception {
    edge(Limits.DEFAULT);
    int total = 32 << 20;
    try (Socket s = client()) {
      send(s, "/echo", "echo");
      InputStream in = s.getInputStream();
      assertThat(head(in)).startsWith("HTTP/1.1 101 ");
      CompletableFuture<Void> written =
          CompletableFuture.runAsync(
              () -> {
                try {
                  OutputStream out = s.getOutputStream();
                  byte[] chunk = new byte[64 * 1024];
                  for (int off = 0; off < total; off += chunk.length) {
                    for (int i = 0; i < chunk.length; i++) {
                      chunk[i] = (byte) ((off + i) * 31 >>> 8);
                    }
                    out.write(chunk);
                  }
                  out.flush();
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      for (int i = 0; i < 4000 && bytes("to_backend") < (8 << 20); i++) {
        Thread.sleep(5); // the client reads nothing until 8 MiB went through
      }
      byte[] buf = new byte[64 * 1024];
      long got = 0;
      boolean same = true;
      while (got < total) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, total - got));
        assertThat(n).as("bytes after %d", got).isPositive();
        for (int i = 0; i < n && same; i++) {
          same = buf[i] == (byte) ((got + i) * 31 >>> 8);
        }
        got += n;
      }
      assertThat(same).as("the bytes, in order").isTrue();
      written.get(WAIT_MS, TimeUnit.MILLISECONDS);
    }
    assertThat(bytes("to_backend")).isEqualTo(total);
    // and the backend's after-eof, when it saw the client's close in time
    assertThat(bytes("to_client")).isBetween((long) total, (long) total + "after-eof".length());
  }

  private long bytes(String direction) {
    String prefix = "brigade_edge_tunnel_bytes_total{direction=\"" + direction + "\"} ";
    return edge.metrics()
        .lines()
        .filter(l -> l.startsWith(prefix))
        .mapToLong(l -> Long.parseLong(l.substring(prefix.length())))
        .findFirst()
        .orElse(-1);
  }

  @Test
  void a101ToAnotherProtocolOrToNoUpgrade_isABadGateway_andTheEdgeServesOn() throws Exception {
    edge(Limits.DEFAULT);
    for (String[] c : new String[][] {{"/wrong", "echo"}, {"/unasked", null}}) {
      try (Socket s = client()) {
        send(s, c[0], c[1]);
        assertThat(head(s.getInputStream())).as(c[0]).startsWith("HTTP/1.1 502 ");
      }
    }
    try (Socket s = client()) {
      send(s, "/fine", null);
      assertThat(head(s.getInputStream())).startsWith("HTTP/1.1 200 ");
    }
    assertThat(edge.metrics()).contains("brigade_edge_tunnels_total 0\n");
  }

  @Test
  void anOpenTunnel_countsAgainstConnectionsPerClient() throws Exception {
    edge(new Limits(Limits.DEFAULT.maxBodyBytes(), 1, Limits.DEFAULT.inFlightBytes()));
    try (Socket tunnel = client()) {
      send(tunnel, "/echo", "echo");
      assertThat(head(tunnel.getInputStream())).startsWith("HTTP/1.1 101 ");
      try (Socket second = client()) {
        send(second, "/fine", null);
        assertThat(head(second.getInputStream())).as("closed at once, unserved").isEmpty();
      } catch (java.net.SocketException e) {
        // reset by the edge: refused as well
      }
      assertThat(edge.metrics()).contains("brigade_edge_refused_connections_total 1\n");
    }
    // the tunnel's end gives its place back (the gauge falls as the place is given back)
    for (int i = 0;
        i < 2000 && !edge.metrics().contains("brigade_edge_open_connections 0\n");
        i++) {
      Thread.sleep(5);
    }
    try (Socket third = client()) {
      send(third, "/fine", null);
      assertThat(head(third.getInputStream())).startsWith("HTTP/1.1 200 ");
    }
  }
}
