package dev.brigade.edge;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Instant;

/** A single byte range asked of a stored 200 (RFC 9110 section 14). */
final class RangeRequest {
  private RangeRequest() {}

  /**
   * The first and last byte to send; an empty array when the range cannot be satisfied (416); null
   * when the whole response is sent: no Range, several ranges (a cache MAY ignore Range, 14.2), a
   * unit other than bytes, or an If-Range that does not match (13.1.5).
   */
  static long[] of(HttpHeaders request, StoredResponse s, Instant now) {
    return of(request, s, s.body().length, now);
  }

  /** As {@link #of(HttpHeaders, StoredResponse, Instant)} for a body of {@code length} bytes. */
  static long[] of(HttpHeaders request, StoredResponse s, long length, Instant now) {
    String range = request.get(HttpHeaderNames.RANGE);
    if (range == null || s.status() != 200) {
      return null;
    }
    String ifRange = request.get(HttpHeaderNames.IF_RANGE);
    if (ifRange != null && !ifRangeMatches(ifRange.strip(), s, now)) {
      return null;
    }
    String r = range.strip();
    if (!r.regionMatches(true, 0, "bytes=", 0, 6) || r.indexOf(',') >= 0) {
      return null;
    }
    String spec = r.substring(6).strip();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    String first = spec.substring(0, dash).strip();
    String last = spec.substring(dash + 1).strip();
    try {
      if (first.isEmpty()) {
        long suffix = Long.parseLong(last); // bytes=-N: the last N bytes
        if (suffix <= 0 || length == 0) {
          return new long[0];
        }
        return new long[] {Math.max(0, length - suffix), length - 1};
      }
      long from = Long.parseLong(first);
      long to = last.isEmpty() ? length - 1 : Math.min(Long.parseLong(last), length - 1);
      if (from >= length || !last.isEmpty() && Long.parseLong(last) < from) {
        return from >= length ? new long[0] : null;
      }
      return new long[] {from, to};
    } catch (NumberFormatException e) {
      return null; // an invalid Range is ignored
    }
  }

  /** A strong ETag equal to the stored one, or the stored Last-Modified exactly (13.1.5). */
  private static boolean ifRangeMatches(String v, StoredResponse s, Instant now) {
    if (v.startsWith("\"") || v.startsWith("W/")) {
      String etag = s.etag();
      return etag != null && !etag.startsWith("W/") && etag.equals(v);
    }
    Instant date = HttpDates.parse(v, now);
    Instant lm = HttpDates.parse(s.header(HttpHeaderNames.LAST_MODIFIED), now);
    return date != null && date.equals(lm);
  }
}
