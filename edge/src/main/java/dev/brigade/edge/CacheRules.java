package dev.brigade.edge;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.cookie.ClientCookieEncoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The cache's decisions that need no connection: hit classes, freshness checks, validators. */
final class CacheRules {
  /** The seed's classes of hits: static, dynamic but cacheable, dynamic per user. */
  static final int GREEN = 0;

  static final int YELLOW = 1;
  static final int RED = 2;

  private CacheRules() {}

  /**
   * The shared rule as GREEN/YELLOW/RED, by the snapshot's classifier (one per snapshot, built from
   * the cache's session cookies: none allocated per request).
   */
  static int hitClass(dev.brigade.traffic.HitClassifier rules, HttpRequest req, String path) {
    return rules
        .classify(req.method().name(), path, req.headers().get(HttpHeaderNames.COOKIE))
        .ordinal();
  }

  /** Removes tracking cookies (analytics) that would otherwise make every request unique. */
  static void stripTrackingCookies(CacheSettings settings, HttpHeaders headers) {
    String header = headers.get(HttpHeaderNames.COOKIE);
    if (header == null || settings.trackingCookies().isEmpty()) {
      return;
    }
    List<Cookie> kept = new ArrayList<>();
    boolean removed = false;
    for (Cookie c : ServerCookieDecoder.LAX.decode(header)) {
      if (settings.trackingCookies().contains(c.name())) {
        removed = true;
      } else {
        kept.add(c);
      }
    }
    if (!removed) {
      return;
    }
    if (kept.isEmpty()) {
      headers.remove(HttpHeaderNames.COOKIE);
    } else {
      headers.set(HttpHeaderNames.COOKIE, ClientCookieEncoder.LAX.encode(kept));
    }
  }

  /** Fresh, and fresh enough for the request's max-age and min-fresh (RFC 9111 5.2.1). */
  static boolean freshEnough(StoredResponse s, CacheControl request, Instant now) {
    long ttl = s.ttl(now);
    if (ttl <= 0 || s.noCache()) {
      return false;
    }
    long maxAge = request.seconds("max-age");
    // max-age=0 is what browsers send on reload: treat it as a request to revalidate, since ages
    // here have whole-second precision and "age <= 0" would depend on the clock's second boundary.
    if (maxAge == 0 || maxAge > 0 && s.age(now) > maxAge) {
      return false;
    }
    long minFresh = request.seconds("min-fresh");
    return minFresh < 0 || ttl >= minFresh;
  }

  /**
   * Stale, but it may be served while one background refresh runs (the origin still reachable):
   * within the origin's {@code stale-while-revalidate} (RFC 5861 section 3), the client's {@code
   * max-stale} (RFC 9111 section 5.2.1.2), or the operator's explicit {@code grace} (a departure
   * from RFC 9111 section 4.2.4). Never when the response must be revalidated (must-revalidate,
   * proxy-revalidate, no-cache; s-maxage implies proxy-revalidate, 5.2.2.10, and yields only to the
   * origin's own stale-while-revalidate) or the client asks for an age or freshness.
   */
  static boolean staleAllowed(StoredResponse s, CacheControl request, Instant now, Duration grace) {
    if (s.mustRevalidate() || request.has("max-age") || request.has("min-fresh")) {
      return false;
    }
    long staleFor = -s.ttl(now);
    if (s.staleWhileRevalidate() > 0 && staleFor <= s.staleWhileRevalidate()) {
      return true;
    }
    if (s.sharedRevalidate()) {
      return false;
    }
    if (request.has("max-stale")) {
      long maxStale = request.seconds("max-stale");
      return request.directives().get("max-stale").isEmpty() || staleFor <= maxStale;
    }
    return grace.toSeconds() > 0 && staleFor <= grace.toSeconds();
  }

  /**
   * Stale, but the fetch failed and the copy may stand in for an error: within the origin's {@code
   * stale-if-error} (RFC 5861 section 4), else within {@code window} (the operator's grace, or the
   * disconnected allowance of RFC 9111 section 4.2.4 when no backend could be reached). Never when
   * the response must be revalidated.
   */
  static boolean staleOnErrorAllowed(StoredResponse s, Instant now, Duration window) {
    if (s.mustRevalidate()) {
      return false;
    }
    long staleFor = -s.ttl(now);
    if (s.staleIfError() > 0 && staleFor <= s.staleIfError()) {
      return true;
    }
    if (s.sharedRevalidate()) {
      return false;
    }
    return window.toSeconds() > 0 && staleFor <= window.toSeconds();
  }

  /** The statuses a stale copy may replace (RFC 5861 section 4). */
  static boolean staleReplaces(int status) {
    return status == 500 || status == 502 || status == 503 || status == 504;
  }

  /** The client's own validators match the stored response (RFC 9110 13.1.2 and 13.1.3). */
  static boolean notModified(HttpHeaders request, StoredResponse s) {
    return notModified(request, s.headers());
  }

  /** The client's own validators match a response's (RFC 9110 13.1.2 and 13.1.3). */
  static boolean notModified(HttpHeaders request, HttpHeaders response) {
    List<String> inm = request.getAll(HttpHeaderNames.IF_NONE_MATCH);
    String etag = response.get(HttpHeaderNames.ETAG);
    if (!inm.isEmpty()) {
      if (etag == null) {
        return false;
      }
      String mine = etag.startsWith("W/") ? etag.substring(2) : etag;
      for (String line : inm) {
        for (String t : line.split(",")) {
          String tag = t.strip();
          if (tag.equals("*") || (tag.startsWith("W/") ? tag.substring(2) : tag).equals(mine)) {
            return true;
          }
        }
      }
      return false;
    }
    String ims = request.get(HttpHeaderNames.IF_MODIFIED_SINCE);
    if (ims == null) {
      return false;
    }
    Instant since = HttpDates.parse(ims, Instant.EPOCH);
    Instant modified = HttpDates.parse(response.get(HttpHeaderNames.LAST_MODIFIED), Instant.EPOCH);
    return since != null && modified != null && !modified.isAfter(since);
  }

  /**
   * After a successful unsafe request: the target, Location and Content-Location (RFC 9111 4.4).
   */
  static void invalidateAfterUnsafe(HttpCache cache, HttpRequest req, HttpHeaders response) {
    String host = req.headers().get(HttpHeaderNames.HOST, "").toLowerCase(Locale.ROOT);
    cache.invalidate(HttpCache.key(req));
    for (String field : List.of("Location", "Content-Location")) {
      String v = response.get(field);
      if (v == null) {
        continue;
      }
      try {
        URI u = URI.create(v.strip());
        if (u.getHost() == null
            || (u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "")).equalsIgnoreCase(host)) {
          String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
          cache.invalidate(
              host + " " + path + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
        }
      } catch (IllegalArgumentException e) {
        // an unparseable Location invalidates nothing
      }
    }
  }
}
