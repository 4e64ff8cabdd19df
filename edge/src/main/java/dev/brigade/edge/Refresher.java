package dev.brigade.edge;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * Background refreshes of stored responses (grace, stale-while-revalidate, early refresh): one
 * conditional request per URL at a time, on a virtual thread, while clients get the stored copy.
 */
final class Refresher implements AutoCloseable {
  static {
    // The refresh must carry the original Host, which the JDK client guards by default.
    if (System.getProperty("jdk.httpclient.allowRestrictedHeaders") == null) {
      System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }
  }

  private static final Set<String> NOT_SENT =
      Set.of(
          "connection",
          "content-length",
          "expect",
          "upgrade",
          "keep-alive",
          "te",
          "trailer",
          "transfer-encoding",
          "proxy-connection",
          "if-none-match",
          "if-modified-since",
          "http2-settings");

  final LongAdder refreshes = new LongAdder();
  private final HttpCache cache;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .executor(Executors.newVirtualThreadPerTaskExecutor())
          .build();

  Refresher(HttpCache cache) {
    this.cache = cache;
  }

  /** Starts a refresh of {@code key} unless one is already running. */
  void refresh(BackendPool pool, String key, StoredResponse stored, Duration timeout) {
    if (cache.joinOrLead(key) != null) {
      return;
    }
    Thread.ofVirtual()
        .name("refresh " + key)
        .start(
            () -> {
              try {
                fetch(pool, key, stored, timeout);
              } finally {
                cache.finish(key).forEach(Runnable::run);
              }
            });
  }

  private void fetch(BackendPool pool, String key, StoredResponse stored, Duration timeout) {
    Backend b = pool.choose("", null, List.of());
    if (b == null) {
      return;
    }
    String uri = key.substring(key.indexOf(' ') + 1);
    String host =
        b.config.address().contains(":") ? "[" + b.config.address() + "]" : b.config.address();
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create("http://" + host + ":" + b.config.port() + uri))
            .timeout(timeout)
            .GET();
    for (var e : stored.requestHeaders()) {
      if (!NOT_SENT.contains(e.getKey().toLowerCase(Locale.ROOT))) {
        req.header(e.getKey(), e.getValue());
      }
    }
    if (stored.etag() != null) {
      req.header("If-None-Match", stored.etag());
    } else if (stored.headers().contains(HttpHeaderNames.LAST_MODIFIED)) {
      req.header("If-Modified-Since", stored.headers().get(HttpHeaderNames.LAST_MODIFIED));
    }
    Instant sent = Instant.now();
    long start = System.nanoTime();
    try {
      HttpResponse<byte[]> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
      refreshes.increment();
      Instant received = Instant.now();
      HttpHeaders headers = new DefaultHttpHeaders();
      resp.headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!name.startsWith(":")) {
                  headers.add(name, values);
                }
              });
      ForwardHeaders.removeHopByHop(headers);
      long took = (System.nanoTime() - start) / 1_000_000;
      if (resp.statusCode() == 304) {
        // RFC 9111 section 4.3.4: update the stored headers with those of the 304
        HttpHeaders merged = stored.headers().copy();
        for (var e : headers) {
          if (!e.getKey().equalsIgnoreCase("Content-Length")) {
            merged.set(e.getKey(), headers.getAll(e.getKey()));
          }
        }
        cache.put(
            key,
            HttpCache.varyNames(merged),
            ProxyFrontend.storedResponse(
                stored.status(),
                merged,
                stored.body(),
                stored.requestHeaders(),
                sent,
                received,
                took));
      } else if (Freshness.notStorable(
              new io.netty.handler.codec.http.DefaultHttpRequest(
                  HttpVersion.HTTP_1_1, HttpMethod.GET, uri, stored.requestHeaders()),
              resp.statusCode(),
              headers)
          == null) {
        cache.put(
            key,
            HttpCache.varyNames(headers),
            ProxyFrontend.storedResponse(
                resp.statusCode(),
                headers,
                resp.body(),
                stored.requestHeaders(),
                sent,
                received,
                took));
      } else {
        cache.invalidate(key);
      }
    } catch (IOException | IllegalArgumentException e) {
      b.passiveFailure("refresh: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
