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
    socket = belowEphemeralRange();
    port = socket.getLocalPort();
    accept();
  }

  /**
   * A port below Linux's ephemeral range (32768 and up), so that after {@link #stop()} no outgoing
   * connection can be given it as its source port and connect to itself.
   */
  private static ServerSocket belowEphemeralRange() throws IOException {
    java.util.Random random = new java.util.Random();
    for (int i = 0; i < 200; i++) {
      try {
        return new ServerSocket(
            15_000 + random.nextInt(15_000), 50, InetAddress.getLoopbackAddress());
      } catch (java.net.BindException taken) {
        // try another
      }
    }
    throw new IOException("no free port from 15000 to 30000");
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
    // a socket closed while a virtual thread waits in accept() is released when that thread
    // leaves accept(): until then the kernel still takes connections
    try {
      acceptor.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
