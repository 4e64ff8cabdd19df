package dev.brigade.edge;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/** A backend that misbehaves on purpose: answers with raw bytes of our choosing, or hangs. */
final class RawBackend implements AutoCloseable {
  /** What to do with one connection after its request head arrived. */
  interface Behaviour {
    void answer(OutputStream out) throws IOException, InterruptedException;
  }

  private final ServerSocket server;
  final AtomicInteger requests = new AtomicInteger();

  RawBackend(Behaviour behaviour) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual()
        .start(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket s = server.accept();
                  Thread.ofVirtual().start(() -> serve(s, behaviour));
                } catch (IOException e) {
                  return;
                }
              }
            });
  }

  private void serve(Socket s, Behaviour behaviour) {
    try (s) {
      InputStream in = s.getInputStream();
      // read until the end of the request head
      int state = 0;
      int c;
      while (state < 4 && (c = in.read()) >= 0) {
        state =
            (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
                ? state + 1
                : 0;
      }
      requests.incrementAndGet();
      behaviour.answer(s.getOutputStream());
      s.getOutputStream().flush();
    } catch (IOException | InterruptedException e) {
      // the test decides what a broken connection means
    }
  }

  int port() {
    return server.getLocalPort();
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
