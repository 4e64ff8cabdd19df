package dev.brigade.edge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The edge's admin API, on its own port (loopback by default).
 *
 * <pre>
 * GET  /health                                  200 while the edge runs
 * GET  /pools                                   pools and backends as JSON
 * GET  /metrics                                 Prometheus text
 * POST /pools/POOL/backends/HOST/SERVICE/drain  no new requests; running ones finish
 * POST /pools/POOL/backends/HOST/SERVICE/maint  out of service; probes do not bring it back
 * POST /pools/POOL/backends/HOST/SERVICE/ready  back to normal (health decides)
 * POST /reload                                  re-read the model, keep connections
 * </pre>
 *
 * Every POST needs {@code Authorization: Bearer TOKEN} with the model's {@code edge.admin.token};
 * without a token in the model, POSTs are refused.
 */
final class AdminApi implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EdgeRuntime rt;
  private final byte[] token;
  private final Supplier<String> reload;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  AdminApi(EdgeRuntime rt, InetSocketAddress address, String token, Supplier<String> reload)
      throws IOException {
    this.rt = rt;
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.reload = reload;
    this.server = HttpServer.create(address, 64);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  InetSocketAddress address() {
    return server.getAddress();
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      String path = x.getRequestURI().getPath();
      String method = x.getRequestMethod();
      if (method.equals("GET")) {
        switch (path) {
          case "/health" -> send(x, 200, "text/plain; charset=utf-8", "ok\n");
          case "/pools" -> send(x, 200, "application/json", AdminJson.write(MetricsText.pools(rt)));
          case "/metrics" ->
              send(x, 200, "text/plain; version=0.0.4; charset=utf-8", MetricsText.prometheus(rt));
          default -> error(x, 404, "no such resource: " + path);
        }
        return;
      }
      if (!method.equals("POST")) {
        x.getResponseHeaders().set("Allow", "GET, POST");
        error(x, 405, "use GET to read and POST to change");
        return;
      }
      if (token.length == 0) {
        error(x, 403, "state changes are disabled: set edge.admin.token in the model");
        return;
      }
      String auth = Optional.ofNullable(x.getRequestHeaders().getFirst("Authorization")).orElse("");
      byte[] given =
          auth.startsWith("Bearer ")
              ? auth.substring(7).strip().getBytes(StandardCharsets.UTF_8)
              : new byte[0];
      if (!MessageDigest.isEqual(given, token)) {
        x.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"brigade edge\"");
        error(x, 401, "a valid 'Authorization: Bearer TOKEN' header is required");
        return;
      }
      if (path.equals("/cache/ban")) {
        ban(x);
        return;
      }
      if (path.equals("/reload")) {
        String result = reload.get();
        if (result.startsWith("error:")) {
          error(x, 400, result.substring(6).strip());
        } else {
          send(
              x,
              200,
              "application/json",
              JSON.writeValueAsString(Map.of("reloaded", true, "summary", result)));
        }
        return;
      }
      changeState(x, path);
    }
  }

  /** POST /cache/ban?prefix=/news or ?regex=... or ?tag=product-42: removes matching objects. */
  private void ban(HttpExchange x) throws IOException {
    if (rt.cache == null) {
      error(x, 404, "this edge has no cache");
      return;
    }
    String query = Optional.ofNullable(x.getRequestURI().getRawQuery()).orElse("");
    String[] kv = query.split("=", 2);
    if (kv.length != 2 || kv[1].isEmpty()) {
      error(x, 400, "give one of prefix=, regex= or tag=");
      return;
    }
    String value = java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
    int n;
    try {
      n =
          switch (kv[0]) {
            case "prefix" -> rt.cache.banPrefix(value);
            case "regex" -> rt.cache.banRegex(value);
            case "tag" -> rt.cache.banTag(value);
            default -> -1;
          };
    } catch (java.util.regex.PatternSyntaxException e) {
      error(x, 400, "invalid regex: " + e.getDescription());
      return;
    }
    if (n < 0) {
      error(x, 400, "unknown ban '" + kv[0] + "'; give prefix=, regex= or tag=");
      return;
    }
    send(x, 200, "application/json", JSON.writeValueAsString(Map.of("banned", n)));
  }

  private void changeState(HttpExchange x, String path) throws IOException {
    // /pools/POOL/backends/ID.../ACTION, where ID is host/service
    String[] parts = path.split("/");
    if (parts.length < 6 || !parts[1].equals("pools") || !parts[3].equals("backends")) {
      error(x, 404, "expected /pools/POOL/backends/HOST/SERVICE/(drain|maint|ready)");
      return;
    }
    String action = parts[parts.length - 1];
    String id = String.join("/", java.util.Arrays.copyOfRange(parts, 4, parts.length - 1));
    BackendState target =
        switch (action) {
          case "drain" -> BackendState.DRAIN;
          case "maint" -> BackendState.MAINT;
          case "ready" -> BackendState.UP;
          default -> null;
        };
    if (target == null) {
      error(x, 404, "unknown action '" + action + "'; use drain, maint or ready");
      return;
    }
    BackendPool pool = rt.snapshot().pools().get(parts[2]);
    if (pool == null) {
      error(
          x,
          404,
          "no pool '"
              + parts[2]
              + "'; pools: "
              + String.join(", ", rt.snapshot().pools().keySet()));
      return;
    }
    Optional<Backend> b = pool.backend(id);
    if (b.isEmpty()) {
      error(x, 404, "no backend '" + id + "' in pool '" + pool.name() + "'");
      return;
    }
    b.get().setOperatorState(target);
    send(
        x,
        200,
        "application/json",
        JSON.writeValueAsString(
            Map.of(
                "pool",
                pool.name(),
                "backend",
                id,
                "state",
                b.get().state().name().toLowerCase(java.util.Locale.ROOT),
                "active",
                b.get().active.get())));
  }

  private static void error(HttpExchange x, int status, String message) throws IOException {
    send(x, status, "application/json", JSON.writeValueAsString(Map.of("error", message)));
  }

  private static void send(HttpExchange x, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", type);
    x.getResponseHeaders().set("Cache-Control", "no-store");
    x.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
