package dev.brigade.edge;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Locale;

/**
 * When a client's request asks to switch protocols (RFC 9110 section 7.8) and the edge lets it: an
 * HTTP/1.1 GET without a body, {@code Connection: upgrade} and an {@code Upgrade} list of sane
 * protocol tokens, none of them {@code h2c} (the edge speaks HTTP/2 to clients itself, over TLS; a
 * cleartext upgrade to it is dropped, RFC 9113 section 3.1). Anything else keeps the edge's
 * hop-by-hop rules: the Upgrade field is removed and the request is an ordinary one. HTTP/2 streams
 * never upgrade (RFC 9113 section 8.2.2: connection-specific fields are malformed there).
 *
 * <pre>{@code
 * String token = UpgradeRequest.token(req, hasBody, false); // "websocket", or null
 * }</pre>
 */
final class UpgradeRequest {
  /** The longest Upgrade field value taken. */
  static final int MAX_VALUE = 256;

  private UpgradeRequest() {}

  /**
   * The Upgrade value to forward, or null when the request is not forwarded as an upgrade.
   *
   * @param hasBody the request has a body (a Content-Length above zero, or chunked)
   * @param stream the request came on an HTTP/2 stream
   */
  static String token(HttpRequest req, boolean hasBody, boolean stream) {
    if (stream
        || hasBody
        || !req.protocolVersion().equals(HttpVersion.HTTP_1_1)
        || !req.method().equals(HttpMethod.GET)
        || req.headers().contains(HttpHeaderNames.CONTENT_LENGTH)
        || req.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
      return null;
    }
    HttpHeaders h = req.headers();
    if (!connectionUpgrade(h)) {
      return null;
    }
    java.util.List<String> all = h.getAll(HttpHeaderNames.UPGRADE);
    if (all.size() != 1) {
      return null;
    }
    String value = all.get(0).strip();
    if (value.isEmpty() || value.length() > MAX_VALUE) {
      return null;
    }
    for (String p : value.split(",", -1)) {
      String protocol = p.strip();
      if (!protocol(protocol) || name(protocol).equals("h2c")) {
        return null;
      }
    }
    return value;
  }

  /**
   * True when a backend's 101 names a protocol the client asked for (RFC 9110 section 7.8: the
   * server's Upgrade says which one it switched to).
   */
  static boolean accepted(String asked, String answered) {
    if (answered == null || answered.isBlank() || answered.length() > MAX_VALUE) {
      return false;
    }
    for (String a : answered.split(",", -1)) {
      String chosen = a.strip();
      for (String q : asked.split(",", -1)) {
        if (name(q.strip()).equals(name(chosen)) && !chosen.isEmpty()) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean connectionUpgrade(HttpHeaders h) {
    for (String c : h.getAll(HttpHeaderNames.CONNECTION)) {
      for (String t : c.split(",", -1)) {
        if (t.strip().equalsIgnoreCase("upgrade")) {
          return true;
        }
      }
    }
    return false;
  }

  /** {@code protocol-name ["/" protocol-version]}, both tokens. */
  private static boolean protocol(String p) {
    int slash = p.indexOf('/');
    return slash < 0 ? token(p) : token(p.substring(0, slash)) && token(p.substring(slash + 1));
  }

  private static String name(String p) {
    int slash = p.indexOf('/');
    return (slash < 0 ? p : p.substring(0, slash)).toLowerCase(Locale.ROOT);
  }

  private static boolean token(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c > 0x7f || !HttpSyntax.tchar((byte) c)) {
        return false;
      }
    }
    return true;
  }
}
