package dev.brigade.edge;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The cache's rules as functions of headers and a clock, with no connection in sight: what a stored
 * response is (freshness lifetime, age, validators, stale windows, tags), how a 304 freshens it,
 * and what its Cache-Status says. The decisions themselves live in {@link Freshness} (storability,
 * lifetime, age), {@link CacheRules} (fresh enough, stale allowed, validators) and {@link
 * HttpCache} (Vary); this class binds them to an {@link InstantSource} so tests can run them
 * without sockets or sleeps.
 */
final class CachePolicy {
  /** Fields only for this cache: used for freshness, never sent to clients. */
  private static final List<String> INTERNAL =
      List.of(Freshness.TARGETED[0], Freshness.TARGETED[1], "Surrogate-Key");

  private final InstantSource clock;

  CachePolicy(InstantSource clock) {
    this.clock = clock;
  }

  Instant now() {
    return clock.instant();
  }

  /**
   * A stored response from a backend's response: {@code requested} and {@code received} are when
   * the request went and the response came (RFC 9111 section 4.2.3). The targeted fields stay in
   * the stored headers (a 304 may need them again, 4.3.4) and are removed when served.
   */
  StoredResponse stored(
      int status,
      HttpHeaders headers,
      byte[] body,
      HttpHeaders requestHeaders,
      Instant requested,
      Instant received,
      long fetchMillis) {
    byte encoding = Compression.encoded(headers) ? StoredResponse.OTHER : StoredResponse.IDENTITY;
    return stored(
        status,
        headers,
        body,
        encoding,
        body.length,
        requestHeaders,
        requested,
        received,
        fetchMillis);
  }

  /**
   * A fetched response as the cache stores it: compressed once when {@code compression} applies, an
   * origin's gzip checked to decode within {@code maxObjectBytes} (so clients without gzip can get
   * it decoded), anything else as it came.
   */
  StoredResponse stored(
      Compression compression,
      long maxObjectBytes,
      int status,
      HttpHeaders headers,
      byte[] body,
      HttpHeaders requestHeaders,
      Instant requested,
      Instant received,
      long fetchMillis) {
    if (compression.compresses(status, headers, body.length)) {
      byte[] gz = Compression.gzip(body, compression.level());
      if (gz.length < body.length) {
        return stored(
            status,
            headers,
            gz,
            StoredResponse.EDGE_GZIP,
            body.length,
            requestHeaders,
            requested,
            received,
            fetchMillis);
      }
    }
    if (Compression.originGzip(headers)) {
      byte[] plain = Compression.gunzip(body, 0, body.length, maxObjectBytes);
      if (plain != null) {
        return stored(
            status,
            headers,
            body,
            StoredResponse.ORIGIN_GZIP,
            plain.length,
            requestHeaders,
            requested,
            received,
            fetchMillis);
      }
    }
    return stored(status, headers, body, requestHeaders, requested, received, fetchMillis);
  }

  private StoredResponse stored(
      int status,
      HttpHeaders headers,
      byte[] body,
      byte encoding,
      int identityLength,
      HttpHeaders requestHeaders,
      Instant requested,
      Instant received,
      long fetchMillis) {
    CacheControl cc = CacheControl.of(headers, Freshness.TARGETED);
    HttpHeaders kept = headers.copy();
    kept.remove(HttpHeaderNames.SET_COOKIE); // only stored at all with store-set-cookie
    kept.remove("Cache-Status"); // the upstream entries of this fetch are not for later hits
    kept.remove(HttpHeaderNames.CONTENT_LENGTH); // set for the form each client gets
    if (!kept.contains(HttpHeaderNames.DATE)) {
      // RFC 9110 section 6.6.1: a cache adds the Date it received the response at
      kept.set(HttpHeaderNames.DATE, HttpDates.format(received));
    }
    String vary =
        HttpCache.variant(
            HttpCache.keyVary(HttpCache.varyNames(headers), encoding), requestHeaders);
    List<String> tags = new ArrayList<>();
    for (String field : List.of("Surrogate-Key", "Cache-Tag")) {
      for (String v : headers.getAll(field)) {
        for (String t : v.split("[ ,]+")) {
          if (!t.isBlank()) {
            tags.add(t);
          }
        }
      }
    }
    return new StoredResponse(
        status,
        kept,
        body,
        encoding,
        identityLength,
        vary,
        received,
        Freshness.initialAge(headers, requested, received),
        Freshness.lifetime(status, headers, received),
        Math.max(0, cc.seconds("stale-while-revalidate")),
        Math.max(0, cc.seconds("stale-if-error")),
        cc.has("must-revalidate") || cc.has("proxy-revalidate") || cc.has("no-cache"),
        cc.has("s-maxage"),
        cc.has("no-cache"),
        fetchMillis,
        List.copyOf(tags));
  }

  /**
   * The stored response freshened by a 304 (RFC 9111 section 4.3.4): the 304's fields replace the
   * stored ones (but not Content-Length), and its own Date and Age, not the old ones, give the new
   * age. The caller checks that the result may still be stored ({@link #storable}).
   */
  StoredResponse freshened(
      StoredResponse old,
      HttpHeaders notModified,
      HttpHeaders requestHeaders,
      Instant requested,
      Instant received,
      long fetchMillis) {
    HttpHeaders merged = old.headers().copy();
    merged.remove(HttpHeaderNames.AGE);
    merged.remove(HttpHeaderNames.DATE);
    HttpHeaders fresh = notModified.copy();
    ForwardHeaders.removeHopByHop(fresh);
    for (String name : fresh.names()) {
      if (!name.equalsIgnoreCase("Content-Length")) {
        merged.set(name, fresh.getAll(name));
      }
    }
    return stored(
        old.status(),
        merged,
        old.body(),
        old.encoding(),
        old.identityLength(),
        requestHeaders,
        requested,
        received,
        fetchMillis);
  }

  /** Why the freshened or fetched response may not be stored, or null. */
  static String storable(
      io.netty.handler.codec.http.HttpRequest req, int status, HttpHeaders h, boolean setCookie) {
    return Freshness.notStorable(req, status, h, setCookie);
  }

  /** The headers a stored response is served with: without the fields meant for this cache. */
  static HttpHeaders served(StoredResponse s, Instant now) {
    HttpHeaders h = s.headers();
    INTERNAL.forEach(h::remove);
    h.set(HttpHeaderNames.AGE, Long.toString(Math.max(0, s.age(now))));
    return h;
  }

  /**
   * Adds this cache's entry to a Cache-Status field (RFC 9211 section 2): upstream caches' entries
   * come first, the one closest to the client last.
   */
  static void cacheStatus(HttpHeaders h, String entry) {
    String upstream = String.join(", ", h.getAll("Cache-Status"));
    h.set(
        "Cache-Status",
        upstream.isBlank() ? "brigade; " + entry : upstream + ", brigade; " + entry);
  }
}
