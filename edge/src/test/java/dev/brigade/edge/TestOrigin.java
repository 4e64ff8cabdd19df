package dev.brigade.edge;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An origin whose responses the test sets per path (status, headers, body, delay), counting hits.
 */
final class TestOrigin implements AutoCloseable {
  /** One path's response. */
  record Reply(int status, Map<String, String> headers, String body, long delayMillis) {
    static Reply ok(String body, String... headers) {
      Map<String, String> h = new java.util.LinkedHashMap<>();
      for (int i = 0; i < headers.length; i += 2) {
        h.put(headers[i], headers[i + 1]);
      }
      return new Reply(200, h, body, 0);
    }

    Reply delayed(long millis) {
      return new Reply(status, headers, body, millis);
    }

    Reply status(int s) {
      return new Reply(s, headers, body, delayMillis);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  final Map<String, Reply> replies = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  final Map<String, List<String>> lastRequestHeaders = new ConcurrentHashMap<>();

  /** Bodies as bytes (e.g. gzip) by path, sent instead of the reply's text body. */
  final Map<String, byte[]> rawBodies = new ConcurrentHashMap<>();

  TestOrigin() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    server.setExecutor(executor);
    server.createContext(
        "/",
        x -> {
          try (x) {
            String path = x.getRequestURI().getPath();
            counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            lastRequestHeaders.put(
                path,
                List.of(
                    "if-none-match=" + x.getRequestHeaders().getFirst("If-None-Match"),
                    "cookie=" + x.getRequestHeaders().getFirst("Cookie")));
            Reply r = replies.getOrDefault(path, new Reply(404, Map.of(), "no reply set\n", 0));
            if (r.delayMillis() > 0) {
              Thread.sleep(r.delayMillis());
            }
            if (path.equals("/health")) {
              r = Reply.ok("OK\n");
            }
            String inm = x.getRequestHeaders().getFirst("If-None-Match");
            if (inm != null && inm.equals(r.headers().get("ETag"))) {
              r = new Reply(304, r.headers(), "", 0);
            }
            r.headers().forEach((k, v) -> x.getResponseHeaders().add(k, v));
            if (!x.getResponseHeaders().containsKey("Date")) {
              x.getResponseHeaders()
                  .set(
                      "Date",
                      java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                          java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)));
            }
            byte[] body = rawBodies.getOrDefault(path, r.body().getBytes(StandardCharsets.UTF_8));
            boolean noBody =
                x.getRequestMethod().equals("HEAD") || r.status() == 304 || r.status() == 204;
            x.sendResponseHeaders(r.status(), noBody ? -1 : body.length == 0 ? -1 : body.length);
            if (!noBody && body.length > 0) {
              try (OutputStream out = x.getResponseBody()) {
                out.write(body);
              }
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  int count(String path) {
    AtomicInteger n = counts.get(path);
    return n == null ? 0 : n.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
