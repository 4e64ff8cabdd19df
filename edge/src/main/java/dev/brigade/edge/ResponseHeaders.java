package dev.brigade.edge;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import io.netty.util.AsciiString;

/**
 * The one place where the headers of a response to a client are decided: hop-by-hop fields out,
 * Via, the cache's fields (Cache-Status, Age, targeted fields removed), the affinity cookie, the
 * framing, and whether the connection stays open after it.
 */
final class ResponseHeaders {
  /** {@link Freshness#TARGETED} and Surrogate-Key, as names hashed once. */
  private static final AsciiString[] TARGETED_AND_SURROGATE_KEY = targetedAndSurrogateKey();

  private ResponseHeaders() {}

  private static AsciiString[] targetedAndSurrogateKey() {
    AsciiString[] names = new AsciiString[Freshness.TARGETED.length + 1];
    for (int i = 0; i < Freshness.TARGETED.length; i++) {
      names[i] = AsciiString.cached(Freshness.TARGETED[i]);
    }
    names[Freshness.TARGETED.length] = AsciiString.cached("Surrogate-Key");
    return names;
  }

  /** The version to answer with: the client's, 1.0 or 1.1. */
  static HttpVersion version(Exchange e) {
    return e.clientRequest.protocolVersion().isKeepAliveDefault()
        ? HttpVersion.HTTP_1_1
        : HttpVersion.HTTP_1_0;
  }

  /**
   * True when the client connection closes after this response: the client asked so, or its request
   * body was not read to the end (the rest would be taken for a request), or the response is
   * delimited by the close itself.
   */
  static boolean closeAfter(Exchange e) {
    return !e.clientKeepAlive || !e.requestComplete && e.hasBody || e.closeDelimited;
  }

  /** Sets Connection for the decision of {@link #closeAfter}. */
  static void connection(Exchange e, HttpHeaders h) {
    if (closeAfter(e)) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (!e.clientRequest.protocolVersion().isKeepAliveDefault()) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    } else {
      h.remove(HttpHeaderNames.CONNECTION);
    }
  }

  /**
   * A backend's response head as it goes to the client: {@code resp}'s headers are rewritten in
   * place (the caller already removed hop-by-hop fields).
   */
  static void forwarded(Exchange e, HttpResponse resp, String cacheStatus) {
    HttpHeaders h = resp.headers();
    boolean backendChunked = HttpUtil.isTransferEncodingChunked(resp);
    boolean hasLength = h.contains(HttpHeaderNames.CONTENT_LENGTH);
    for (AsciiString f : TARGETED_AND_SURROGATE_KEY) {
      h.remove(f);
    }
    if (cacheStatus != null) {
      CachePolicy.cacheStatus(h, cacheStatus);
    }
    h.add(HttpHeaderNames.VIA, ForwardHeaders.VIA_VALUE);
    if (e.affinity != e.backend && !e.pool.config.affinityCookie().isEmpty()) {
      h.add(
          HttpHeaderNames.SET_COOKIE,
          ServerCookieEncoder.STRICT.encode(
                  e.pool.config.affinityCookie(), BackendPool.affinityValue(e.backend))
              + "; Path=/; HttpOnly");
    }
    boolean http10 = !e.clientRequest.protocolVersion().isKeepAliveDefault();
    boolean noBody =
        e.clientRequest.method().equals(HttpMethod.HEAD) || e.status == 204 || e.status == 304;
    h.remove(HttpHeaderNames.TRANSFER_ENCODING);
    if (!noBody && !hasLength) {
      // Chunked or close-delimited from the backend: chunked to HTTP/1.1 clients.
      if (http10) {
        e.closeDelimited = true;
      } else {
        h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      }
    } else if (backendChunked && noBody) {
      h.remove(HttpHeaderNames.CONTENT_LENGTH);
    }
    connection(e, h);
  }

  /** A stored response's headers for {@code e}, with its status and length already decided. */
  static HttpHeaders stored(
      Exchange e,
      StoredResponse s,
      boolean notModified,
      String cacheStatus,
      java.time.Instant now) {
    HttpHeaders h = CachePolicy.served(s, now);
    CachePolicy.cacheStatus(h, cacheStatus);
    h.add(HttpHeaderNames.VIA, ForwardHeaders.VIA);
    h.remove(HttpHeaderNames.TRANSFER_ENCODING);
    if (!notModified) {
      h.set(HttpHeaderNames.CONTENT_LENGTH, s.body().length);
    } else {
      h.remove(HttpHeaderNames.CONTENT_LENGTH);
    }
    connection(e, h);
    return h;
  }
}
