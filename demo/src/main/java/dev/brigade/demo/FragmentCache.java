package dev.brigade.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The application's cache of generated page fragments in memcached (the seed's "Page Cache +
 * memcached" layer): a hit skips the application's work. A broken or missing memcached is a miss,
 * never an error page; the site is slower without its cache, not down.
 */
final class FragmentCache {
  /** How long a fragment stays in memcached: longer than the edge keeps the page. */
  static final int TTL_SECONDS = 120;

  private final Optional<MemcachedClient> client;
  private final AppMetrics metrics;

  FragmentCache(Optional<MemcachedClient> memcached, AppMetrics metrics) {
    this.client = memcached;
    this.metrics = metrics;
  }

  /** Whether there is a memcached behind it. */
  boolean enabled() {
    return client.isPresent();
  }

  /** The fragment under {@code key}: from memcached, or made by {@code render} and stored. */
  String get(String key, Supplier<String> render) {
    if (client.isEmpty()) {
      return render.get();
    }
    MemcachedClient c = client.get();
    String k = "demo:" + key;
    try {
      Optional<byte[]> hit = c.get(k);
      if (hit.isPresent()) {
        metrics.cache(AppMetrics.CacheResult.HIT);
        return new String(hit.get(), StandardCharsets.UTF_8);
      }
      metrics.cache(AppMetrics.CacheResult.MISS);
    } catch (IOException e) {
      metrics.cache(AppMetrics.CacheResult.ERROR);
      return render.get();
    }
    String value = render.get();
    try {
      c.set(k, value.getBytes(StandardCharsets.UTF_8), TTL_SECONDS);
    } catch (IOException e) {
      metrics.cache(AppMetrics.CacheResult.ERROR);
    }
    return value;
  }
}
