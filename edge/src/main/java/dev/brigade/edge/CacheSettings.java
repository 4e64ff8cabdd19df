package dev.brigade.edge;

import java.time.Duration;
import java.util.List;

/**
 * The edge's HTTP cache.
 *
 * @param maxBytes memory for stored bodies and headers, in bytes
 * @param maxObjectBytes larger responses are streamed through and not stored
 * @param grace how long past its freshness a stored response may still be served while one
 *     background refresh runs (at least the response's own {@code stale-while-revalidate})
 * @param coalesceWait how long a request waits for the same URL's fetch in progress
 * @param hitForMiss how long a URL whose response was not storable skips coalescing
 * @param purgeToken token for PURGE requests and bans; PURGE from loopback needs none
 * @param sessionCookies cookie names (or prefixes ending in {@code *}) that make a request red: per
 *     user, never from or into the cache
 * @param trackingCookies cookie names stripped from requests before lookup (and forwarding)
 */
public record CacheSettings(
    long maxBytes,
    long maxObjectBytes,
    Duration grace,
    Duration coalesceWait,
    Duration hitForMiss,
    String purgeToken,
    List<String> sessionCookies,
    List<String> trackingCookies) {

  /** 256 MiB, 1 MiB objects, 30 s grace, 10 s coalescing wait. */
  public static final CacheSettings DEFAULT =
      new CacheSettings(
          256L << 20,
          1L << 20,
          Duration.ofSeconds(30),
          Duration.ofSeconds(10),
          Duration.ofSeconds(10),
          "",
          List.of("BRIGADE_SESSION", "PHPSESSID", "JSESSIONID", "SESS*", "SSESS*"),
          List.of("_ga", "_gid", "_gat", "_fbp", "__utma", "__utmz"));

  public CacheSettings {
    sessionCookies = List.copyOf(sessionCookies);
    trackingCookies = List.copyOf(trackingCookies);
  }
}
