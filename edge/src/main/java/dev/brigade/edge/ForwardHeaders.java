package dev.brigade.edge;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Rewrites headers crossing the edge: hop-by-hop removal (RFC 9110 7.6.1), Via, forwarding. */
final class ForwardHeaders {
  static final String VIA = "1.1 brigade";
  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  // AsciiString names: their (case-insensitive) hash is computed once, not on every remove
  private static final List<AsciiString> HOP_BY_HOP =
      List.of(
          HttpHeaderNames.CONNECTION,
          AsciiString.cached("keep-alive"),
          AsciiString.cached("proxy-connection"),
          AsciiString.cached("proxy-authenticate"),
          AsciiString.cached("proxy-authorization"),
          HttpHeaderNames.TE,
          HttpHeaderNames.TRAILER,
          HttpHeaderNames.TRANSFER_ENCODING,
          HttpHeaderNames.UPGRADE);

  static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
  static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
  static final AsciiString FORWARDED = AsciiString.cached("forwarded");
  static final AsciiString X_REQUEST_ID = AsciiString.cached("x-request-id");
  static final AsciiString VIA_VALUE = AsciiString.cached(VIA);

  /**
   * Fields a {@code Connection} option can never remove: the message's framing and routing. The
   * edge computes the framing of what it sends itself ({@link #frame}), so a client cannot make it
   * forward a body without the header that delimits it (request smuggling).
   */
  static final Set<String> PROTECTED =
      Set.of("content-length", "transfer-encoding", "host", "upgrade", "te", "trailer");

  private ForwardHeaders() {}

  /**
   * Removes hop-by-hop fields (RFC 9110 section 7.6.1), including every field named in Connection
   * except the {@link #PROTECTED} ones, and the framing fields: the sender frames anew.
   */
  static void removeHopByHop(HttpHeaders h) {
    List<String> named = null;
    if (h.contains(HttpHeaderNames.CONNECTION)) {
      named = new ArrayList<>();
      for (String c : h.getAll(HttpHeaderNames.CONNECTION)) {
        for (String token : c.split(",")) {
          String t = token.strip().toLowerCase(Locale.ROOT);
          if (!t.isEmpty() && !PROTECTED.contains(t)) {
            named.add(t);
          }
        }
      }
    }
    for (AsciiString name : HOP_BY_HOP) {
      h.remove(name);
    }
    if (named != null) {
      for (String name : named) {
        h.remove(name);
      }
    }
  }

  /**
   * Sets the framing of a message the edge sends: chunked, a Content-Length, or none at all for a
   * message without a body. Whatever framing fields {@code h} had are replaced (RFC 9112 section
   * 6.1: a proxy forwards the body it decoded, framed its own way).
   *
   * @param length the body's length, or -1 when it is sent chunked
   * @param bodyAllowed false for a request that has no body (neither header is sent)
   */
  static void frame(HttpHeaders h, long length, boolean bodyAllowed) {
    h.remove(HttpHeaderNames.TRANSFER_ENCODING);
    h.remove(HttpHeaderNames.CONTENT_LENGTH);
    if (!bodyAllowed) {
      return;
    }
    if (length < 0) {
      h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    } else {
      h.set(HttpHeaderNames.CONTENT_LENGTH, Long.toString(length));
    }
  }

  /** The client's X-Request-Id when it is sane, else a new random one. */
  static String requestId(HttpHeaders incoming) {
    String id = incoming.get(X_REQUEST_ID);
    if (id == null || !REQUEST_ID.matcher(id).matches()) {
      id = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }
    return id;
  }

  /**
   * Adds Via, X-Forwarded-For/-Proto, Forwarded (RFC 7239) and X-Request-Id to a request going to a
   * backend.
   */
  static void addForwarding(
      HttpHeaders h, InetSocketAddress client, String proto, String requestId) {
    String ip =
        client == null
            ? "unknown"
            : client.getAddress() == null
                ? client.getHostString()
                : client.getAddress().getHostAddress();
    h.add(HttpHeaderNames.VIA, VIA_VALUE);
    String xff = h.get(X_FORWARDED_FOR);
    h.set(X_FORWARDED_FOR, xff == null || xff.isBlank() ? ip : xff + ", " + ip);
    h.set(X_FORWARDED_PROTO, proto);
    String node = ip.contains(":") ? "\"[" + ip + "]\"" : ip;
    String host = h.get(HttpHeaderNames.HOST);
    String forwarded =
        "for="
            + node
            + ";proto="
            + proto
            + (host == null ? "" : ";host=\"" + host.replace("\"", "") + "\"");
    String before = h.get(FORWARDED);
    h.set(FORWARDED, before == null ? forwarded : before + ", " + forwarded);
    h.set(X_REQUEST_ID, requestId);
  }
}
