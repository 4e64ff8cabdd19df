package dev.brigade.edge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** One HTTPS/1.1 keep-alive connection for tests, with the SNI name it is given. */
final class TlsClient implements AutoCloseable {
  /**
   * A response.
   *
   * @param status the status code
   * @param headers its fields, names in lower case
   * @param body its body as text
   */
  record Response(int status, Map<String, String> headers, String body) {}

  final SSLSocket socket;
  private final InputStream in;
  private final OutputStream out;

  /** Connects and handshakes; {@code sni} null sends no SNI. */
  TlsClient(SSLContext ctx, InetSocketAddress to, String sni, String... protocols)
      throws IOException {
    socket = (SSLSocket) ctx.getSocketFactory().createSocket();
    socket.setSoTimeout(20_000);
    SSLParameters p = socket.getSSLParameters();
    p.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
    if (protocols.length > 0) {
      p.setProtocols(protocols);
    }
    socket.setSSLParameters(p);
    socket.connect(to, 5_000);
    socket.startHandshake();
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** The subject of the certificate the edge sent, e.g. {@code CN=a.test}. */
  String peerSubject() throws IOException {
    return ((X509Certificate) socket.getSession().getPeerCertificates()[0])
        .getSubjectX500Principal()
        .getName();
  }

  /** The serial number of the certificate the edge sent. */
  java.math.BigInteger peerSerial() throws IOException {
    return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
  }

  Response get(String host, String path) throws IOException {
    out.write(
        ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return read(in);
  }

  /** Reads one response with a Content-Length (or none: an empty body). */
  static Response read(InputStream in) throws IOException {
    String status = line(in);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String l = line(in); !l.isEmpty(); l = line(in)) {
      int colon = l.indexOf(':');
      headers.put(l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    return new Response(
        Integer.parseInt(status.split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
