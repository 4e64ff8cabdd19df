package dev.brigade.edge;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One kept-alive client connection to an edge, request after request (so every request is handled
 * on the same event loop), reading responses framed by Content-Length or chunked.
 */
final class EdgeClientSocket implements AutoCloseable {
  /** A response: status, headers (lower-case names) and body. */
  record Response(int status, Map<String, String> headers, String body) {}

  final Socket socket;
  private final InputStream in;
  private final int port;

  EdgeClientSocket(int port) throws IOException {
    this.port = port;
    this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(30_000);
    this.in = new BufferedInputStream(socket.getInputStream());
  }

  /** Sends a GET of {@code path} with the given header names and values, reads the response. */
  Response get(String path, String... headers) throws IOException {
    send(path, headers);
    return read();
  }

  void send(String path, String... headers) throws IOException {
    StringBuilder b = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port);
    for (int i = 0; i < headers.length; i += 2) {
      b.append("\r\n").append(headers[i]).append(": ").append(headers[i + 1]);
    }
    socket.getOutputStream().write((b + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
  }

  /** Reads one response head. */
  Response readHead() throws IOException {
    String status = line();
    if (status == null) {
      throw new IOException("closed before a response");
    }
    Map<String, String> h = new LinkedHashMap<>();
    String l;
    while ((l = line()) != null && !l.isEmpty()) {
      int colon = l.indexOf(':');
      h.merge(
          l.substring(0, colon).strip().toLowerCase(Locale.ROOT),
          l.substring(colon + 1).strip(),
          (a, x) -> a + ", " + x);
    }
    return new Response(Integer.parseInt(status.split(" ")[1]), h, "");
  }

  /** Reads one response, head and body. */
  Response read() throws IOException {
    Response head = readHead();
    String body;
    if ("chunked".equalsIgnoreCase(head.headers().get("transfer-encoding"))) {
      StringBuilder b = new StringBuilder();
      while (true) {
        int n = Integer.parseInt(line().split(";")[0].strip(), 16);
        if (n == 0) {
          line();
          break;
        }
        b.append(new String(in.readNBytes(n), StandardCharsets.ISO_8859_1));
        line();
      }
      body = b.toString();
    } else {
      int n = Integer.parseInt(head.headers().getOrDefault("content-length", "0"));
      body = new String(in.readNBytes(n), StandardCharsets.ISO_8859_1);
    }
    return new Response(head.status(), head.headers(), body);
  }

  private String line() throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int n = b.length();
        return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
      }
      b.append((char) c);
    }
    return b.isEmpty() ? null : b.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
