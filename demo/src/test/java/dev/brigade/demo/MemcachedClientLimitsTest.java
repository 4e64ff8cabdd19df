package dev.brigade.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The memcached client against a fake server that answers badly: clear errors, no hang. */
class MemcachedClientLimitsTest {
  /** Answers every request on one connection with {@code reply}, then closes. */
  private static ServerSocket fake(String reply) throws IOException {
    ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Thread.ofVirtual()
        .start(
            () -> {
              try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                while (in.read() != '\n') {
                  // the request line
                }
                OutputStream out = s.getOutputStream();
                out.write(reply.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                s.shutdownOutput();
                in.readAllBytes();
              } catch (IOException e) {
                // the client gave up: fine
              }
            });
    return server;
  }

  private static MemcachedClient client(ServerSocket server) {
    return new MemcachedClient(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()),
        1,
        Duration.ofSeconds(5));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "VALUE k 0 99999999\r\n",
        "VALUE k 0 -1\r\n",
        "VALUE k 0 x\r\n",
        "VALUE other 0 1\r\nx\r\nEND\r\n",
        "VALUE k 0 3\r\nabcEND\r\n",
        "SERVER_ERROR out of memory\r\n",
        "END\n",
        "VALUE k 0 5\r\nab"
      })
  void badReplies_toGet_areIoErrors(String reply) throws Exception {
    try (ServerSocket server = fake(reply);
        MemcachedClient c = client(server)) {
      assertThatThrownBy(() -> c.get("k")).isInstanceOf(IOException.class);
    }
  }

  @Test
  void aLineOverTheLimit_isRefusedWithTheLimit() throws Exception {
    try (ServerSocket server = fake("STAT " + "x".repeat(2000) + "\r\n");
        MemcachedClient c = client(server)) {
      assertThatThrownBy(c::stats).hasMessageContaining("over 1024 bytes");
    }
  }

  @Test
  void aFailedSet_isAnIoErrorNamingTheReply() throws Exception {
    try (ServerSocket server = fake("NOT_STORED\r\n");
        MemcachedClient c = client(server)) {
      assertThatThrownBy(() -> c.set("k", new byte[] {1}, 1)).hasMessageContaining("NOT_STORED");
    }
  }

  @Test
  void aGoodReply_isReadExactly() throws Exception {
    try (ServerSocket server = fake("VALUE k 7 4\r\na\r\nb\r\nEND\r\n");
        MemcachedClient c = client(server)) {
      assertThat(c.get("k"))
          .hasValueSatisfying(v -> assertThat(v).containsExactly('a', '\r', '\n', 'b'));
    }
  }
}
