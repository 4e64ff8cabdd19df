package dev.brigade.edge;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.List;
import java.util.Locale;

/**
 * Refuses request heads that are malformed or could smuggle a second request past the edge (RFC
 * 9112 sections 6.1 and 6.3): each refusal is a status and a one-line reason.
 */
final class RequestGuard {
  private RequestGuard() {}

  /**
   * Why the request must be refused.
   *
   * @param status the status to answer
   * @param reason what was wrong, for the error page and the log
   */
  record Refusal(HttpResponseStatus status, String reason) {}

  /** Null when the request may pass. */
  static Refusal check(HttpRequest req) {
    DecoderResult result = req.decoderResult();
    if (result.isFailure()) {
      Throwable cause = result.cause();
      if (cause instanceof TooLongHttpHeaderException) {
        return new Refusal(
            HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request headers too large");
      }
      if (cause instanceof TooLongHttpLineException) {
        return new Refusal(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line too long");
      }
      if (cause instanceof TooLongFrameException) {
        return new Refusal(
            HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request head too large");
      }
      return new Refusal(HttpResponseStatus.BAD_REQUEST, "malformed request: " + oneLine(cause));
    }
    if (!req.protocolVersion().equals(HttpVersion.HTTP_1_1)
        && !req.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
      // RFC 9110 section 15.6.6; Netty accepts any HTTP/x.y
      return new Refusal(
          HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED,
          "HTTP version " + req.protocolVersion().text() + " is not supported");
    }
    HttpHeaders h = req.headers();
    // contains first: most requests have neither, and getAll builds a list either way
    List<String> te = all(h, HttpHeaderNames.TRANSFER_ENCODING);
    List<String> cl = all(h, HttpHeaderNames.CONTENT_LENGTH);
    if (!te.isEmpty() && !cl.isEmpty()) {
      return bad("both Content-Length and Transfer-Encoding");
    }
    if (!te.isEmpty()) {
      String codings = String.join(",", te).toLowerCase(Locale.ROOT).replace(" ", "");
      if (!codings.equals("chunked")) {
        return bad("Transfer-Encoding other than chunked: " + codings);
      }
      if (!req.protocolVersion().isKeepAliveDefault()) {
        return bad("Transfer-Encoding in an HTTP/1.0 request");
      }
    }
    if (cl.size() > 1 || cl.size() == 1 && cl.getFirst().contains(",")) {
      return bad("more than one Content-Length"); // lists too, even of equal values (6.3)
    }
    if (cl.size() == 1 && !cl.getFirst().matches("[0-9]{1,18}")) {
      return bad("invalid Content-Length");
    }
    List<String> hosts = h.getAll(HttpHeaderNames.HOST);
    if (hosts.size() > 1) {
      return bad("more than one Host");
    }
    if (hosts.isEmpty() && req.protocolVersion().isKeepAliveDefault()) {
      return bad("an HTTP/1.1 request without Host");
    }
    String uri = req.uri();
    if (uri.isEmpty()
        || !(uri.startsWith("/")
            || uri.startsWith("http://")
            || uri.startsWith("https://")
            || uri.equals("*"))) {
      return bad("request target must be a path");
    }
    for (String expect : all(h, HttpHeaderNames.EXPECT)) {
      if (!expect.strip().equalsIgnoreCase("100-continue")) {
        return new Refusal(
            HttpResponseStatus.EXPECTATION_FAILED, "only 100-continue can be expected");
      }
    }
    for (var it = h.iteratorCharSequence(); it.hasNext(); ) { // no String copies of the names
      var e = it.next();
      if (!validValue(e.getValue())) {
        return bad("invalid characters in header " + e.getKey());
      }
    }
    return null;
  }

  private static List<String> all(HttpHeaders h, CharSequence name) {
    return h.contains(name) ? h.getAll(name) : List.of();
  }

  /** Field values: visible ASCII, obs-text, spaces and tabs; never CR, LF or NUL. */
  private static boolean validValue(CharSequence v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        return false;
      }
    }
    return true;
  }

  private static Refusal bad(String reason) {
    return new Refusal(HttpResponseStatus.BAD_REQUEST, reason);
  }

  private static String oneLine(Throwable t) {
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    m = m.lines().findFirst().orElse(m);
    return m.length() > 120 ? m.substring(0, 120) : m;
  }
}
