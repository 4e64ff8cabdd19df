package dev.brigade.edge;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend that misbehaves on purpose: answers with raw bytes of our choosing, or hangs. Made with
 * {@link #framing}, it is instead a strict HTTP/1.1 origin that frames every request itself
 * (Content-Length or chunked, keep-alive) and records each request line it parses, so a test sees
 * whether a body was ever read as a request.
 */
final class RawBackend implements AutoCloseable {
  /** How a framing backend answers one parsed request. */
  interface Responder {
    /** The raw response for a request line, its headers (lower-case names) and body. */
    String respond(String requestLine, java.util.Map<String, String> headers, byte[] body);
  }

  /** Every request line a framing backend parsed, with its Host: {@code "GET /a HTTP/1.1 @a"}. */
  final java.util.List<String> requestLines =
      java.util.Collections.synchronizedList(new java.util.ArrayList<>());

  /** Connections accepted. */
  final AtomicInteger connections = new AtomicInteger();

  /** What to do with one connection after its request head arrived. */
  interface Behaviour {
    void answer(OutputStream out) throws IOException, InterruptedException;
  }

  private final ServerSocket server;
  final AtomicInteger requests = new AtomicInteger();

  RawBackend(Behaviour behaviour) throws IOException {
    closeAfterEach = false;
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

  private final boolean closeAfterEach;

  private RawBackend(Responder responder, boolean closeAfterEach) throws IOException {
    this.closeAfterEach = closeAfterEach;
    server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    Thread.ofVirtual()
        .start(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket s = server.accept();
                  connections.incrementAndGet();
                  Thread.ofVirtual().start(() -> frame(s, responder));
                } catch (IOException e) {
                  return;
                }
              }
            });
  }

  /** A strict origin: frames requests itself, records their lines, answers with {@code r}. */
  static RawBackend framing(Responder r) throws IOException {
    return new RawBackend(r, false);
  }

  /**
   * A strict origin that closes every connection after one response, without saying so first (no
   * {@code Connection: close}): what a backend with a short keep-alive limit does.
   */
  static RawBackend closingAfterEach(Responder r) throws IOException {
    return new RawBackend(r, true);
  }

  /** 200 with a short body naming the request line; keeps the connection. */
  static String ok(String requestLine, java.util.Map<String, String> headers, byte[] body) {
    String b = "ok " + requestLine + " " + body.length + "\n";
    return "HTTP/1.1 200 OK\r\nContent-Length: " + b.length() + "\r\n\r\n" + b;
  }

  private void frame(Socket s, Responder responder) {
    try (s) {
      InputStream in = new java.io.BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      while (true) {
        String requestLine = line(in);
        if (requestLine == null) {
          return;
        }
        if (requestLine.isEmpty()) {
          continue;
        }
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        String h;
        while ((h = line(in)) != null && !h.isEmpty()) {
          int colon = h.indexOf(':');
          if (colon > 0) {
            headers.merge(
                h.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT),
                h.substring(colon + 1).strip(),
                (a, b) -> a + ", " + b);
          }
        }
        requestLines.add(requestLine + " @" + headers.getOrDefault("host", "-"));
        requests.incrementAndGet();
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
          java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
          while (true) {
            String size = line(in);
            if (size == null) {
              return;
            }
            int n = Integer.parseInt(size.split(";")[0].strip(), 16);
            if (n == 0) {
              while ((h = line(in)) != null && !h.isEmpty()) {
                // trailers
              }
              break;
            }
            b.write(in.readNBytes(n));
            line(in);
          }
          body = b.toByteArray();
        } else if (headers.containsKey("content-length")) {
          body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
          body = new byte[0];
        }
        String reply = responder.respond(requestLine, headers, body);
        if (reply == null) {
          return; // close without an answer
        }
        out.write(ascii(reply));
        out.flush();
        if (closeAfterEach
            || reply.toLowerCase(java.util.Locale.ROOT).contains("\r\nconnection: close")) {
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      // a broken connection ends it
    }
  }

  /** One CRLF-terminated line, or null at the end of the stream. */
  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int n = b.length();
        return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
      }
      b.append((char) c);
    }
    return null;
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
