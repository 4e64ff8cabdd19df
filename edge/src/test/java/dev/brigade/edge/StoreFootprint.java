package dev.brigade.edge;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Heap per stored page, measured (not a test: bench/store/run.sh runs it): fills an {@link
 * HttpCache} with N 512-byte HTML pages as a demo origin sends them and compares the used heap
 * after full collections before and after, beside the weigher's own count.
 *
 * <p>Usage: {@code StoreFootprint N gzip|identity}
 */
public final class StoreFootprint {
  private StoreFootprint() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    boolean gzip = args.length < 2 || args[1].equals("gzip");
    Instant now = Instant.parse("2026-12-01T12:00:00Z");
    CachePolicy policy = new CachePolicy(InstantSource.fixed(now));
    CacheSettings settings =
        new CacheSettings(
                4L << 30,
                1L << 20,
                java.time.Duration.ZERO,
                java.time.Duration.ofSeconds(10),
                java.time.Duration.ofSeconds(10),
                "",
                CacheSettings.DEFAULT.sessionCookies(),
                CacheSettings.DEFAULT.trackingCookies())
            .withCompression(gzip ? Compression.DEFAULT : Compression.OFF);
    HttpCache cache = new HttpCache(settings);
    HttpHeaders request = new DefaultHttpHeaders().set("Host", "127.0.0.1:18080");
    long before = usedAfterGc();
    for (int i = 1; i <= n; i++) {
      byte[] body = page(i);
      HttpHeaders h = new DefaultHttpHeaders();
      h.set("Date", "Tue, 01 Dec 2026 12:00:00 GMT");
      h.set("Content-Type", "text/html; charset=utf-8");
      h.set("Cache-Control", "public, max-age=3600");
      h.set("Content-Length", body.length);
      StoredResponse s =
          policy.stored(
              settings.compression(),
              settings.maxObjectBytes(),
              200,
              h,
              body,
              request,
              now,
              now,
              1);
      cache.put("127.0.0.1:18080 /products/" + i, HttpCache.varyNames(h), s);
    }
    long after = usedAfterGc();
    System.out.printf(
        "%s: %d pages of 512 bytes, heap %.0f bytes/page, weigher %.0f bytes/page, %d objects%n",
        gzip ? "gzip" : "identity",
        n,
        (after - before) / (double) n,
        cache.bytes() / (double) n,
        cache.objects());
  }

  /** A 512-byte HTML page that differs per id, like the demo's product pages. */
  static byte[] page(int id) {
    StringBuilder b =
        new StringBuilder("<!doctype html><html><head><title>Product ")
            .append(id)
            .append("</title></head><body class=\"yellow\"><h1>Product ")
            .append(id)
            .append("</h1><p>A dynamic page that every visitor sees the same way: cacheable.</p>")
            .append("<p>Product ")
            .append(id)
            .append(" costs ")
            .append(id % 97 + 3)
            .append(" euros. <a href=\"/products/")
            .append(id + 1)
            .append("\">next product</a></p><ul>");
    for (int i = 0; b.length() < 490; i++) {
      b.append("<li>").append((id * 31 + i * 7) % 1000).append("</li>");
    }
    b.setLength(Math.min(b.length(), 497));
    b.append("</ul>");
    while (b.length() < 512) {
      b.append('\n');
    }
    return b.substring(0, 512).getBytes(StandardCharsets.UTF_8);
  }

  private static long usedAfterGc() throws InterruptedException {
    var mem = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100); // lets a concurrent collector finish its cycle; not synchronization
      used = Math.min(used, mem.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
