package dev.brigade.edge;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * A response in the cache, with what freshness needs (RFC 9111 section 4.2), in a compact form: the
 * headers encoded once into one byte array (their wire form, {@code Name: value} lines ending in
 * CRLF, ISO-8859-1 as Netty reads them), the body as stored (gzipped when the edge compressed it,
 * see {@link #encoding}), times as epoch seconds and no request headers (a background refresh
 * rebuilds the Host and the Vary fields from the key and {@link #variant}).
 */
final class StoredResponse {
  /** Stored as it came: no Content-Encoding. */
  static final byte IDENTITY = 0;

  /** Compressed by the edge: the stored headers are the origin's (no Content-Encoding). */
  static final byte EDGE_GZIP = 1;

  /** Gzipped by the origin and checked to decode within the object limit. */
  static final byte ORIGIN_GZIP = 2;

  /** Another Content-Encoding (or gzip that did not decode): served as it is. */
  static final byte OTHER = 3;

  private static final String[] NO_TAGS = {};

  private static final DefaultHttpHeadersFactory UNCHECKED =
      DefaultHttpHeadersFactory.headersFactory().withValidation(false);

  private final int status;
  private final byte[] head;
  private final byte[] body;
  private final String variant;
  private final long responseTime;
  private final long initialAge;
  private final long lifetime;
  private final long staleWhileRevalidate;
  private final long staleIfError;
  private final int fetchMillis;
  private final int identityLength;
  private final byte flags;
  private final byte encoding;
  private final String[] tags;

  /**
   * @param status the status code
   * @param headers the response's end-to-end headers
   * @param body the body, encoded as {@code encoding} says
   * @param encoding {@link #IDENTITY}, {@link #EDGE_GZIP}, {@link #ORIGIN_GZIP} or {@link #OTHER}
   * @param identityLength the decoded body's length (the body's own length unless gzipped)
   * @param variant the values of the request headers named by Vary, or "" without Vary
   * @param responseTime when it arrived
   * @param initialAge its age when it arrived, seconds
   * @param lifetime its freshness lifetime, seconds
   * @param staleWhileRevalidate seconds it may be served stale while refreshing
   * @param staleIfError seconds it may be served stale when the backends fail
   * @param mustRevalidate never served stale (must-revalidate, proxy-revalidate, no-cache)
   * @param sharedRevalidate s-maxage: proxy-revalidate for a shared cache (RFC 9111 5.2.2.10)
   * @param noCache stored, but revalidated before every use (no-cache for this cache)
   * @param fetchMillis how long the fetch took, for probabilistic early refresh
   * @param tags Surrogate-Key / Cache-Tag values, for bans by tag
   */
  StoredResponse(
      int status,
      HttpHeaders headers,
      byte[] body,
      byte encoding,
      int identityLength,
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
      List<String> tags) {
    this.status = status;
    this.head = encode(headers);
    this.body = body;
    this.encoding = encoding;
    this.identityLength = identityLength;
    this.variant = variant.isEmpty() ? "" : variant;
    this.responseTime = responseTime.getEpochSecond();
    this.initialAge = initialAge;
    this.lifetime = lifetime;
    this.staleWhileRevalidate = staleWhileRevalidate;
    this.staleIfError = staleIfError;
    this.flags = (byte) ((mustRevalidate ? 1 : 0) | (sharedRevalidate ? 2 : 0) | (noCache ? 4 : 0));
    this.fetchMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(0, fetchMillis));
    this.tags = tags.isEmpty() ? NO_TAGS : tags.toArray(String[]::new);
  }

  private static byte[] encode(HttpHeaders headers) {
    StringBuilder b = new StringBuilder(256);
    for (var e : headers) {
      b.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
    }
    return b.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  int status() {
    return status;
  }

  /**
   * The stored headers in a new mutable object (the caller's to change). Names and values are
   * {@link AsciiString} views of the stored bytes, not copies: a hit makes no strings, and the
   * encoder copies each view to the wire as one array copy (the head is never written after it was
   * encoded).
   */
  HttpHeaders headers() {
    HttpHeaders h = UNCHECKED.newHeaders(); // checked when they came from the backend
    int at = 0;
    while (at < head.length) {
      int colon = indexOf(head, (byte) ':', at);
      int end = indexOf(head, (byte) '\r', colon);
      h.add(
          new AsciiString(head, at, colon - at, false),
          new AsciiString(head, colon + 2, end - colon - 2, false));
      at = end + 2;
    }
    return h;
  }

  /** The first value of the stored header {@code name}, or null, without decoding the others. */
  String header(CharSequence name) {
    int n = name.length();
    int at = 0;
    while (at < head.length) {
      int end = indexOf(head, (byte) '\r', at);
      if (at + n < end && head[at + n] == ':' && nameAt(at, name)) {
        return new String(head, at + n + 2, end - at - n - 2, StandardCharsets.ISO_8859_1);
      }
      at = end + 2;
    }
    return null;
  }

  private boolean nameAt(int at, CharSequence name) {
    for (int i = 0; i < name.length(); i++) {
      if (Character.toLowerCase((char) (head[at + i] & 0xff))
          != Character.toLowerCase(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] a, byte b, int from) {
    for (int i = from; i < a.length; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    return a.length;
  }

  /** The body as stored (see {@link #encoding}). */
  byte[] body() {
    return body;
  }

  byte encoding() {
    return encoding;
  }

  /** The body's length once decoded. */
  int identityLength() {
    return identityLength;
  }

  String variant() {
    return variant;
  }

  Instant responseTime() {
    return Instant.ofEpochSecond(responseTime);
  }

  long initialAge() {
    return initialAge;
  }

  long lifetime() {
    return lifetime;
  }

  long staleWhileRevalidate() {
    return staleWhileRevalidate;
  }

  long staleIfError() {
    return staleIfError;
  }

  boolean mustRevalidate() {
    return (flags & 1) != 0;
  }

  boolean sharedRevalidate() {
    return (flags & 2) != 0;
  }

  boolean noCache() {
    return (flags & 4) != 0;
  }

  long fetchMillis() {
    return fetchMillis;
  }

  List<String> tags() {
    return List.of(tags);
  }

  boolean tagged(String tag) {
    for (String t : tags) {
      if (t.equals(tag)) {
        return true;
      }
    }
    return false;
  }

  long age(Instant now) {
    return initialAge + Math.max(0, now.getEpochSecond() - responseTime);
  }

  /** Seconds of freshness left; negative when stale. */
  long ttl(Instant now) {
    return lifetime - age(now);
  }

  /**
   * Bytes it takes on the heap (64-bit JVM, compressed references, 8-byte alignment): this object,
   * its two arrays, the variant and the tags. Checked against the heap by bench/store.
   */
  int weight() {
    int w = align(12 + 4 * 3 + 8 * 5 + 4 * 5 + 2) + array(head.length) + array(body.length);
    if (!variant.isEmpty()) {
      w += string(variant.length());
    }
    if (tags.length > 0) {
      w += array(4 * tags.length);
      for (String t : tags) {
        w += string(t.length());
      }
    }
    return w;
  }

  static int align(int n) {
    return (n + 7) & ~7;
  }

  static int array(int n) {
    return align(16 + n);
  }

  /** A Latin-1 string of {@code n} characters (UTF-16 ones take twice that for the bytes). */
  static int string(int n) {
    return 24 + array(n);
  }

  String etag() {
    return header(HttpHeaderNames.ETAG);
  }

  /**
   * The request headers a background refresh of {@code key} sends: the Host from the key and the
   * fields the response varies on, as this variant has them (never cookies or credentials).
   */
  HttpHeaders refreshHeaders(String key) {
    HttpHeaders h = new DefaultHttpHeaders();
    String host = key.substring(0, key.indexOf(' '));
    if (!host.isEmpty()) {
      h.set(HttpHeaderNames.HOST, host);
    }
    for (String line : variant.split("\n")) {
      int eq = line.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String name = line.substring(0, eq);
      String value = line.substring(eq + 1);
      if (!name.equals("cookie") && !name.equals("authorization") && !value.isEmpty()) {
        h.set(name, value);
      }
    }
    return h;
  }
}
