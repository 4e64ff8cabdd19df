package dev.brigade.monitor;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A TLS server on loopback presenting a self-signed certificate made by the JDK's keytool with a
 * chosen start date and validity, so that tests can have expired and soon-expiring certificates.
 */
final class TlsServer implements AutoCloseable {
  private static final char[] PASSWORD = "changeit".toCharArray();

  private final SSLServerSocket server;
  private final Thread acceptor;

  private TlsServer(SSLServerSocket server, byte[] reply) {
    this.server = server;
    this.acceptor =
        Thread.ofVirtual()
            .start(
                () -> {
                  while (!server.isClosed()) {
                    try (SSLSocket s = (SSLSocket) server.accept()) {
                      s.setSoTimeout(5000);
                      s.startHandshake();
                      InputStream in = s.getInputStream();
                      if (reply == null) {
                        in.read();
                      } else {
                        // an HTTP server: read the request head, answer, close
                        int matched = 0;
                        for (int c; matched < 4 && (c = in.read()) >= 0; ) {
                          matched = c == "\r\n\r\n".charAt(matched) ? matched + 1 : 0;
                        }
                        s.getOutputStream().write(reply);
                        s.getOutputStream().flush();
                      }
                    } catch (Exception e) {
                      // a client hanging up after the handshake is what checks do
                    }
                  }
                });
  }

  /**
   * Starts a server whose certificate for {@code cn} starts at {@code startDate} (keytool syntax,
   * e.g. {@code -400d}, or null for now) and is valid for {@code days}.
   */
  static TlsServer start(Path dir, String cn, String startDate, int days) throws Exception {
    return start(dir, cn, startDate, days, null);
  }

  /** Like {@link #start(Path, String, String, int)}, answering each request with {@code reply}. */
  static TlsServer start(Path dir, String cn, String startDate, int days, byte[] reply)
      throws Exception {
    Files.createDirectories(dir);
    Path store = dir.resolve(cn + "-" + days + ".p12");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-alias",
                "server",
                "-dname",
                "CN=" + cn,
                "-validity",
                Integer.toString(days),
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                new String(PASSWORD)));
    if (startDate != null) {
      cmd.add("-startdate");
      cmd.add(startDate);
    }
    Peers.run(cmd, Duration.ofSeconds(60));
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    SSLServerSocket s =
        (SSLServerSocket)
            ctx.getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
    return new TlsServer(s, reply);
  }

  int port() {
    return server.getLocalPort();
  }

  @Override
  public void close() throws java.io.IOException {
    server.close();
    try {
      acceptor.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A plain TCP port that is not TLS, for handshake failures. */
  static ServerSocket plain() throws Exception {
    return new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
  }
}
