package dev.brigade.monitor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A TCP port on loopback that accepts (and closes) connections until it is stopped. */
final class Listener implements AutoCloseable {
  private final int port;
  private ServerSocket socket;
  private Thread acceptor;

  Listener() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    port = socket.getLocalPort();
    accept();
  }

  private void accept() {
    ServerSocket s = socket;
    acceptor =
        Thread.ofVirtual()
            .start(
                () -> {
                  while (!s.isClosed()) {
                    try (Socket c = s.accept()) {
                      c.getOutputStream().flush();
                    } catch (IOException e) {
                      return;
                    }
                  }
                });
  }

  int port() {
    return port;
  }

  /** Stops accepting: connections are refused. */
  void stop() throws IOException {
    socket.close();
  }

  /** Accepts again on the same port. */
  void restart() throws IOException {
    socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    accept();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
