package dev.brigade.edge;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.time.Instant;
import java.util.Set;

/** The rules of a shared cache (RFC 9111): what may be stored, for how long, and its age. */
final class Freshness {
  /** Targeted fields for Brigade, most specific first (RFC 9213). */
  static final String[] TARGETED = {"CDN-Cache-Control", "Surrogate-Control"};

  /** RFC 9110 section 15.1: statuses cacheable by default (heuristically). */
  static final Set<Integer> HEURISTIC =
      Set.of(200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501);

  /** Statuses this cache understands and may store (RFC 9111 section 3, "understands"). */
  static final Set<Integer> UNDERSTOOD =
      Set.of(200, 203, 204, 300, 301, 302, 303, 307, 308, 404, 405, 410, 414, 501);

  private Freshness() {}

  /** Why a response is not stored, or null when it may be (RFC 9111 section 3). */
  static String notStorable(HttpRequest req, int status, HttpHeaders resp, boolean storeSetCookie) {
    if (!req.method().equals(HttpMethod.GET)) {
      return "method";
    }
    if (!UNDERSTOOD.contains(status)) {
      return "status";
    }
    CacheControl rq = CacheControl.parse(req.headers().getAll("Cache-Control"));
    CacheControl cc = CacheControl.of(resp, TARGETED);
    if (rq.has("no-store") || cc.has("no-store")) {
      return "no-store";
    }
    if (cc.has("private")) {
      return "private";
    }
    if (HttpCache.varyNames(resp).contains("*")) {
      return "vary-star";
    }
    if (req.headers().contains(HttpHeaderNames.AUTHORIZATION)
        && !(cc.has("public") || cc.has("s-maxage") || cc.has("must-revalidate"))) {
      return "authorization"; // RFC 9111 section 3.5
    }
    if (resp.contains(HttpHeaderNames.SET_COOKIE) && !storeSetCookie) {
      // Not an RFC rule (RFC 9111 section 7.3 leaves it to caches): one user's cookie must never
      // reach everyone, so such responses are not shared, as in Varnish's built-in VCL and nginx.
      return "set-cookie";
    }
    boolean explicit =
        cc.has("s-maxage") || cc.has("max-age") || resp.contains(HttpHeaderNames.EXPIRES);
    boolean heuristic = HEURISTIC.contains(status) && resp.contains(HttpHeaderNames.LAST_MODIFIED);
    if (!explicit && !heuristic && !cc.has("public") && !cc.has("no-cache")) {
      return "no-freshness";
    }
    return null;
  }

  /** Freshness lifetime in seconds (RFC 9111 section 4.2.1), for a shared cache. */
  static long lifetime(int status, HttpHeaders resp, Instant now) {
    CacheControl cc = CacheControl.of(resp, TARGETED);
    long s = cc.seconds("s-maxage");
    if (s >= 0) {
      return s;
    }
    long m = cc.seconds("max-age");
    if (m >= 0) {
      return m;
    }
    if (resp.contains(HttpHeaderNames.EXPIRES)) {
      if (resp.getAll(HttpHeaderNames.EXPIRES).size() > 1) {
        return 0;
      }
      Instant expires = HttpDates.parse(resp.get(HttpHeaderNames.EXPIRES), now);
      Instant date = HttpDates.parse(resp.get(HttpHeaderNames.DATE), now);
      if (expires == null) {
        return 0; // an invalid Expires means already expired (RFC 9111 section 5.3)
      }
      return Math.max(0, expires.getEpochSecond() - (date == null ? now : date).getEpochSecond());
    }
    Instant lm = HttpDates.parse(resp.get(HttpHeaderNames.LAST_MODIFIED), now);
    if (lm != null && HEURISTIC.contains(status)) {
      Instant date = HttpDates.parse(resp.get(HttpHeaderNames.DATE), now);
      long since = (date == null ? now : date).getEpochSecond() - lm.getEpochSecond();
      return Math.max(0, Math.min(since / 10, 86_400)); // 10% of the age, at most a day (4.2.2)
    }
    return 0;
  }

  /** The age of a stored response when it was received (RFC 9111 section 4.2.3). */
  static long initialAge(HttpHeaders resp, Instant requestTime, Instant responseTime) {
    long ageValue = 0;
    String age = resp.get(HttpHeaderNames.AGE);
    if (age != null && !age.isBlank() && age.strip().chars().allMatch(c -> c >= '0' && c <= '9')) {
      ageValue = CacheControl.deltaSeconds(age.strip()); // 10+ digits: 2^31 (RFC 9111 1.2.2)
    }
    Instant date = HttpDates.parse(resp.get(HttpHeaderNames.DATE), responseTime);
    long apparent =
        date == null ? 0 : Math.max(0, responseTime.getEpochSecond() - date.getEpochSecond());
    long delay = Math.max(0, responseTime.getEpochSecond() - requestTime.getEpochSecond());
    return Math.max(apparent, ageValue + delay);
  }
}
