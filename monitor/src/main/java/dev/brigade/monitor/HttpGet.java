package dev.brigade.monitor;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 GET over a plain socket for checks that read a body (RFC 9112): the connect, the
 * request and the whole answer by one {@link Deadline}, headers and body bounded, chunked and
 * Content-Length bodies decoded. A check needs no connection pool, and the JDK's HTTP client spends
 * seconds starting up on a busy machine, out of the first check's time.
 */
final class HttpGet {
  /** Longest status or header line. */
  static final int MAX_LINE = 8192;

  /** Most header lines. */
  static final int MAX_HEADERS = 100;

  /** The answer was longer than the limit. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(int max) {
      super("answer over " + max + " bytes");
    }
  }

  /**
   * An answer.
   *
   * @param status its status code
   * @param body its body, decoded
   */
  record Response(int status, byte[] body) {}

  private HttpGet() {}

  /** GETs {@code path} from {@code host:port}, reading at most {@code maxBody} bytes of body. */
  static Response get(String host, int port, String path, Deadline deadline, int maxBody)
      throws IOException {
    try (Socket s = new Socket();
        Deadline.Guard _ = deadline.guard(s)) {
      s.connect(new InetSocketAddress(host, port), deadline.socketTimeoutMillis());
      s.setSoTimeout(deadline.socketTimeoutMillis());
      if (BuiltinChecks.selfConnected(s)) {
        throw new java.net.ConnectException("Connection refused (self-connect)");
      }
      String hostHeader = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET "
                  + path
                  + " HTTP/1.1\r\nHost: "
                  + hostHeader
                  + "\r\nUser-Agent: brigade-check\r\nAccept: application/json\r\n"
                  + "Connection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = new BufferedInputStream(s.getInputStream());
      String statusLine = line(in);
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[0-9]{3}")) {
        throw new ProtocolException("answered '" + Results.oneLine(statusLine, 60) + "', not HTTP");
      }
      int status = Integer.parseInt(parts[1]);
      long length = -1;
      boolean chunked = false;
      for (int n = 0; ; n++) {
        if (n > MAX_HEADERS) {
          throw new ProtocolException("answered more than " + MAX_HEADERS + " header lines");
        }
        String h = line(in);
        if (h.isEmpty()) {
          break;
        }
        int colon = h.indexOf(':');
        if (colon <= 0) {
          continue;
        }
        String name = h.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = h.substring(colon + 1).strip();
        if (name.equals("transfer-encoding")) {
          chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        } else if (name.equals("content-length")) {
          try {
            length = Long.parseLong(value);
          } catch (NumberFormatException e) {
            throw new ProtocolException(
                "answered Content-Length '" + Results.oneLine(value, 30) + "'");
          }
        }
      }
      byte[] body;
      if (chunked) {
        body = chunks(in, maxBody);
      } else if (length >= 0) {
        if (length > maxBody) {
          throw new TooLarge(maxBody);
        }
        body = in.readNBytes((int) length);
        if (body.length < length) {
          throw new EOFException("closed the connection in the middle of the body");
        }
      } else {
        body = in.readNBytes(maxBody + 1);
        if (body.length > maxBody) {
          throw new TooLarge(maxBody);
        }
      }
      return new Response(status, body);
    }
  }

  private static byte[] chunks(InputStream in, int maxBody) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    while (true) {
      String sizeLine = line(in);
      int semi = sizeLine.indexOf(';');
      String hex = (semi < 0 ? sizeLine : sizeLine.substring(0, semi)).strip();
      long size;
      try {
        size = Long.parseLong(hex, 16);
      } catch (NumberFormatException e) {
        throw new ProtocolException("answered chunk size '" + Results.oneLine(hex, 20) + "'");
      }
      if (size == 0) {
        for (int n = 0; n <= MAX_HEADERS && !line(in).isEmpty(); n++) {
          // trailer fields: not needed
        }
        return out.toByteArray();
      }
      if (size < 0 || out.size() + size > maxBody) {
        throw new TooLarge(maxBody);
      }
      byte[] chunk = in.readNBytes((int) size);
      if (chunk.length < size) {
        throw new EOFException("closed the connection in the middle of a chunk");
      }
      out.writeBytes(chunk);
      line(in); // the CRLF after the chunk
    }
  }

  private static String line(InputStream in) throws IOException {
    String l = Results.readLine(in, MAX_LINE);
    if (l == null) {
      throw new EOFException("closed the connection in the middle of the answer");
    }
    return l;
  }
}
