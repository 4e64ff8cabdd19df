package dev.brigade.edge;

import io.netty.handler.codec.http.HttpHeaders;
import java.time.Instant;
import java.util.List;

/**
 * A response in the cache, with what freshness needs (RFC 9111 section 4.2).
 *
 * @param status the status code
 * @param headers the response's end-to-end headers, read-only
 * @param body the body
 * @param variant the values of the request headers named by Vary, or "" without Vary
 * @param responseTime when it arrived
 * @param initialAge its age when it arrived, seconds
 * @param lifetime its freshness lifetime, seconds
 * @param staleWhileRevalidate seconds it may be served stale while refreshing
 * @param staleIfError seconds it may be served stale when the backends fail
 * @param mustRevalidate never served stale (must-revalidate, proxy-revalidate, no-cache)
 * @param sharedRevalidate s-maxage: proxy-revalidate for a shared cache (RFC 9111 5.2.2.10), so
 *     served stale only as the origin's own stale-while-revalidate or stale-if-error allow
 * @param noCache stored, but revalidated before every use (no-cache for this cache)
 * @param fetchMillis how long the fetch took, for probabilistic early refresh
 * @param tags Surrogate-Key / Cache-Tag values, for bans by tag
 * @param requestHeaders the request headers that produced it, for background refreshes
 */
record StoredResponse(
    int status,
    HttpHeaders headers,
    byte[] body,
    String variant,
    Instant responseTime,
    long initialAge,
    long lifetime,
    long staleWhileRevalidate,
    long staleIfError,
    boolean mustRevalidate,
    boolean sharedRevalidate,
    boolean noCache,
    long fetchMillis,
    List<String> tags,
    HttpHeaders requestHeaders) {

  long age(Instant now) {
    return initialAge + Math.max(0, now.getEpochSecond() - responseTime.getEpochSecond());
  }

  /** Seconds of freshness left; negative when stale. */
  long ttl(Instant now) {
    return lifetime - age(now);
  }

  /** Bytes it takes on the heap, estimated: strings as UTF-16, an entry object per header. */
  int weight() {
    int h = 48 + body.length + 16 + variant.length() * 2;
    for (var e : headers) {
      h += 2 * (e.getKey().length() + e.getValue().length()) + 64;
    }
    for (var e : requestHeaders) {
      h += 2 * (e.getKey().length() + e.getValue().length()) + 64;
    }
    return h;
  }

  String etag() {
    return headers.get("ETag");
  }
}
