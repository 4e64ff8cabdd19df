package dev.brigade.edge;

import java.time.Duration;
import java.util.List;

/**
 * The edge's HTTP cache.
 *
 * <p>By default it follows RFC 9111: a stored response past its freshness lifetime is served only
 * within the origin's {@code stale-while-revalidate} or {@code stale-if-error} windows, within the
 * client's {@code max-stale}, or while the cache is disconnected from the origin (no healthy
 * backend, or the fetch failed: {@code staleIfDisconnected}). An explicit {@code grace} also serves
 * stale copies while the origin is reachable (one background refresh runs): Varnish's behaviour,
 * and a departure from RFC 9111 section 4.2.4 that the operator chooses.
 *
 * @param maxBytes memory for stored bodies and headers, in bytes
 * @param maxObjectBytes larger responses are streamed through and not stored
 * @param grace how long past its freshness a stored response is still served while one background
 *     refresh runs, and after a backend's error (zero: only what the origin allows)
 * @param staleIfDisconnected how long past its freshness a stored response may be served while no
 *     backend can be reached (RFC 9111 section 4.2.4's "disconnected"); zero never
 * @param coalesceWait how long a request waits for the head of the same URL's fetch in progress
 * @param hitForMiss how long a URL whose response was not storable skips coalescing
 * @param purgeToken token for PURGE requests ({@code X-Purge-Token}); empty for none
 * @param purgeFromLoopback whether PURGE from a loopback peer needs no token (off by default: a
 *     local TLS terminator or sidecar makes every client look like loopback)
 * @param storeSetCookie store responses carrying {@code Set-Cookie} (without the cookie, which only
 *     the client that caused the fetch gets); off by default, as in Varnish and nginx
 * @param ignoreClientNoCache answer requests with {@code Cache-Control: no-cache} from the cache
 *     (Varnish's and nginx's behaviour); off by default, so no-cache refetches (RFC 9111 5.2.1.4)
 * @param sessionCookies cookie names (or prefixes ending in {@code *}) that make a request red: per
 *     user, never from or into the cache
 * @param trackingCookies cookie names stripped from requests before lookup (and forwarding)
 * @param compression gzip of stored responses ({@code edge.compression}, on by default)
 */
public record CacheSettings(
    long maxBytes,
    long maxObjectBytes,
    Duration grace,
    Duration staleIfDisconnected,
    Duration coalesceWait,
    Duration hitForMiss,
    String purgeToken,
    boolean purgeFromLoopback,
    boolean storeSetCookie,
    boolean ignoreClientNoCache,
    List<String> sessionCookies,
    List<String> trackingCookies,
    Compression compression) {

  /** Served stale while disconnected, by default. */
  public static final Duration STALE_IF_DISCONNECTED = Duration.ofMinutes(10);

  /** 256 MiB, 1 MiB objects, no grace, 10 s coalescing wait, RFC 9111 rules. */
  public static final CacheSettings DEFAULT =
      new CacheSettings(
          256L << 20,
          1L << 20,
          Duration.ZERO,
          STALE_IF_DISCONNECTED,
          Duration.ofSeconds(10),
          Duration.ofSeconds(10),
          "",
          false,
          false,
          false,
          List.of("BRIGADE_SESSION", "PHPSESSID", "JSESSIONID", "SESS*", "SSESS*"),
          List.of("_ga", "_gid", "_gat", "_fbp", "__utma", "__utmz"),
          Compression.DEFAULT);

  /** All but compression, which is {@link Compression#DEFAULT}. */
  public CacheSettings(
      long maxBytes,
      long maxObjectBytes,
      Duration grace,
      Duration staleIfDisconnected,
      Duration coalesceWait,
      Duration hitForMiss,
      String purgeToken,
      boolean purgeFromLoopback,
      boolean storeSetCookie,
      boolean ignoreClientNoCache,
      List<String> sessionCookies,
      List<String> trackingCookies) {
    this(
        maxBytes,
        maxObjectBytes,
        grace,
        staleIfDisconnected,
        coalesceWait,
        hitForMiss,
        purgeToken,
        purgeFromLoopback,
        storeSetCookie,
        ignoreClientNoCache,
        sessionCookies,
        trackingCookies,
        Compression.DEFAULT);
  }

  /** The common settings; the rest as in {@link #DEFAULT}. */
  public CacheSettings(
      long maxBytes,
      long maxObjectBytes,
      Duration grace,
      Duration coalesceWait,
      Duration hitForMiss,
      String purgeToken,
      List<String> sessionCookies,
      List<String> trackingCookies) {
    this(
        maxBytes,
        maxObjectBytes,
        grace,
        STALE_IF_DISCONNECTED,
        coalesceWait,
        hitForMiss,
        purgeToken,
        false,
        false,
        false,
        sessionCookies,
        trackingCookies);
  }

  public CacheSettings {
    sessionCookies = List.copyOf(sessionCookies);
    trackingCookies = List.copyOf(trackingCookies);
  }

  /** These settings with PURGE from loopback allowed or not. */
  public CacheSettings withPurgeFromLoopback(boolean allowed) {
    return new CacheSettings(
        maxBytes,
        maxObjectBytes,
        grace,
        staleIfDisconnected,
        coalesceWait,
        hitForMiss,
        purgeToken,
        allowed,
        storeSetCookie,
        ignoreClientNoCache,
        sessionCookies,
        trackingCookies,
        compression);
  }

  /** These settings with {@code c} for compression. */
  public CacheSettings withCompression(Compression c) {
    return new CacheSettings(
        maxBytes,
        maxObjectBytes,
        grace,
        staleIfDisconnected,
        coalesceWait,
        hitForMiss,
        purgeToken,
        purgeFromLoopback,
        storeSetCookie,
        ignoreClientNoCache,
        sessionCookies,
        trackingCookies,
        c);
  }

  @Override
  public String toString() {
    return "CacheSettings[maxBytes="
        + maxBytes
        + ", maxObjectBytes="
        + maxObjectBytes
        + ", grace="
        + grace
        + ", compression="
        + compression
        + ", purgeToken="
        + (purgeToken.isEmpty() ? "none" : "***")
        + "]";
  }
}
