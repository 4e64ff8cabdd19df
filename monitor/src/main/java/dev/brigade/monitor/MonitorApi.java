package dev.brigade.monitor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.brigade.model.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The monitor's HTTP API, on loopback unless the model says otherwise. Reading is open; every
 * change needs {@code Authorization: Bearer TOKEN} with {@code monitor.get().api.token}. Changes
 * take form-encoded bodies, so a cron job needs nothing but curl:
 *
 * <pre>{@code
 * GET  /                               the status page (HTML, refreshed every 10 s)
 * GET  /status                         problems and engine load (JSON)
 * GET  /checks                         every check (JSON)
 * GET  /events?limit=100               the event log, newest first (JSON)
 * POST /results   check=db1/backup status=0 output="BACKUP OK - 2 GB"
 * POST /downtime  target=app1 duration=30m [start=ISO-8601] [flexible=true] author= comment=
 * POST /downtime/cancel  target=app1 author=       ends its downtimes now
 * POST /ack       check=app1/http author= comment= [sticky=false]
 * }</pre>
 */
public final class MonitorApi implements AutoCloseable {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MonitorApi.class);
  private static final int MAX_BODY = 64 * 1024;
  private final Supplier<Monitor> monitor;
  private final Supplier<Optional<MonitorService.Reload>> reload;
  private final byte[] token;
  private final HttpServer server;

  private MonitorApi(
      Supplier<Monitor> monitor,
      Supplier<Optional<MonitorService.Reload>> reload,
      InetSocketAddress address,
      String token)
      throws IOException {
    this.monitor = monitor;
    this.reload = reload;
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.server = HttpServer.create(address, 64);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
  }

  /** Starts the API at the model's {@code monitor.get().api} address, or at {@code override}. */
  public static MonitorApi start(Monitor monitor, Optional<InetSocketAddress> override)
      throws IOException {
    return start(() -> monitor, Optional::empty, override);
  }

  /**
   * The API of whichever engine {@code monitor} gives at each request (a reload swaps it), with the
   * token and address of the first one.
   */
  static MonitorApi start(
      Supplier<Monitor> monitor,
      Supplier<Optional<MonitorService.Reload>> reload,
      Optional<InetSocketAddress> override)
      throws IOException {
    MonitorSettings.Api api = monitor.get().settings().api();
    MonitorApi a =
        new MonitorApi(
            monitor,
            reload,
            override.orElseGet(() -> new InetSocketAddress(api.address(), api.port())),
            api.token());
    a.server.start();
    return a;
  }

  /** Where it listens. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      answer(x);
    }
  }

  private void answer(HttpExchange x) throws IOException {
    try {
      String path = x.getRequestURI().getPath();
      String method = x.getRequestMethod();
      if (method.equals("GET")) {
        switch (path) {
          case "/" -> page(x);
          case "/status" -> send(x, 200, status());
          case "/checks" -> send(x, 200, array(monitor.get().checks()));
          case "/events" -> send(x, 200, events(query(x).getOrDefault("limit", "100")));
          default -> error(x, 404, "no such resource; try /, /status, /checks or /events");
        }
        return;
      }
      if (!method.equals("POST")) {
        error(x, 405, "use GET to read and POST to change");
        return;
      }
      if (token.length == 0) {
        error(x, 403, "changes are disabled: set monitor.get().api.token in the model");
        return;
      }
      String auth = Optional.ofNullable(x.getRequestHeaders().getFirst("Authorization")).orElse("");
      byte[] given =
          auth.startsWith("Bearer ")
              ? auth.substring(7).getBytes(StandardCharsets.UTF_8)
              : new byte[0];
      if (!MessageDigest.isEqual(given, token)) {
        error(x, 401, "missing or wrong bearer token");
        return;
      }
      String length = x.getRequestHeaders().getFirst("Content-Length");
      if (length != null && length.length() > 9
          || length != null && Long.parseLong(length) > MAX_BODY) {
        error(x, 413, "body larger than " + MAX_BODY + " bytes");
        return;
      }
      Map<String, String> form = form(x.getRequestBody());
      switch (path) {
        case "/results" -> {
          Status s = status(required(form, "status"));
          String check = required(form, "check");
          monitor.get().submit(check, s, form.getOrDefault("output", s + " - (no output)"));
          send(x, 200, "{\"accepted\":" + Json.quote(check) + "}");
        }
        case "/downtime" -> {
          Instant start =
              Optional.ofNullable(form.get("start")).map(Instant::parse).orElse(Instant.now());
          Duration d = Durations.parse(required(form, "duration"));
          boolean flexible = Boolean.parseBoolean(form.getOrDefault("flexible", "false"));
          Instant end =
              Optional.ofNullable(form.get("end")).map(Instant::parse).orElse(start.plus(d));
          List<String> ids =
              monitor
                  .get()
                  .scheduleDowntime(
                      required(form, "target"),
                      new CheckState.Downtime(
                          start,
                          end,
                          flexible,
                          d,
                          required(form, "author"),
                          form.getOrDefault("comment", "")));
          send(x, 200, "{\"covers\":" + strings(ids) + "}");
        }
        case "/downtime/cancel" -> {
          List<String> ids =
              monitor.get().cancelDowntime(required(form, "target"), required(form, "author"));
          send(x, 200, "{\"cancelled\":" + strings(ids) + "}");
        }
        case "/ack" -> {
          String check = required(form, "check");
          monitor
              .get()
              .acknowledge(
                  check,
                  Boolean.parseBoolean(form.getOrDefault("sticky", "true")),
                  required(form, "author"),
                  form.getOrDefault("comment", ""));
          send(x, 200, "{\"acknowledged\":" + Json.quote(check) + "}");
        }
        default ->
            error(x, 404, "no such action; POST to /results, /downtime, /downtime/cancel or /ack");
      }
    } catch (NumberFormatException e) {
      error(x, 400, "bad number: " + e.getMessage());
    } catch (IllegalArgumentException | IllegalStateException | DateTimeParseException e) {
      error(x, 400, e.getMessage());
    } catch (SQLException e) {
      error(x, 500, "store: " + e.getMessage());
    } catch (RuntimeException e) {
      log.error("monitor API request {} {} failed", x.getRequestMethod(), x.getRequestURI(), e);
      error(x, 500, "internal error: " + e);
    }
  }

  private static Status status(String s) {
    return switch (s.toUpperCase(java.util.Locale.ROOT)) {
      case "0", "OK" -> Status.OK;
      case "1", "WARNING" -> Status.WARNING;
      case "2", "CRITICAL" -> Status.CRITICAL;
      case "3", "UNKNOWN" -> Status.UNKNOWN;
      default ->
          throw new IllegalArgumentException(
              "status '" + s + "' is not 0-3 or OK, WARNING, CRITICAL, UNKNOWN");
    };
  }

  private static String required(Map<String, String> form, String key) {
    String v = form.get(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("missing form field '" + key + "'");
    }
    return v;
  }

  static Map<String, String> form(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      throw new IllegalArgumentException("body larger than " + MAX_BODY + " bytes");
    }
    return decode(new String(body, StandardCharsets.UTF_8));
  }

  private static Map<String, String> query(HttpExchange x) {
    String q = x.getRequestURI().getRawQuery();
    return q == null ? Map.of() : decode(q);
  }

  private static Map<String, String> decode(String s) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : s.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  private String status() {
    Monitor m = monitor.get();
    Load l = m.load();
    List<CheckView> problems = m.problems();
    return "{\"checks\":"
        + m.checks().size()
        + ",\"problems\":"
        + array(problems)
        + ",\"load\":{\"rate\":"
        + num(l.rate())
        + ",\"latencyP99Millis\":"
        + num(l.latencyP99Millis())
        + ",\"demand\":"
        + num(l.demand())
        + ",\"capacity\":"
        + l.capacity()
        + ",\"pluginDemand\":"
        + num(l.pluginDemand())
        + ",\"pluginCapacity\":"
        + l.pluginCapacity()
        + ",\"overloaded\":"
        + l.overloaded()
        + ",\"summary\":"
        + Json.quote(l.describe())
        + "}"
        + reload
            .get()
            .map(
                r ->
                    ",\"reload\":{\"at\":"
                        + Json.quote(r.at().toString())
                        + ",\"ok\":"
                        + r.ok()
                        + ",\"message\":"
                        + Json.quote(r.message())
                        + "}")
            .orElse("")
        + "}";
  }

  private String events(String limit) throws SQLException {
    int n;
    try {
      n = Math.max(1, Math.min(10_000, Integer.parseInt(limit)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("limit '" + limit + "' is not a number");
    }
    StringBuilder b = new StringBuilder("[");
    for (MonitorStore.Event e : monitor.get().events(n)) {
      if (b.length() > 1) {
        b.append(',');
      }
      b.append("{\"time\":")
          .append(Json.quote(e.time().toString()))
          .append(",\"target\":")
          .append(Json.quote(e.target()))
          .append(",\"kind\":")
          .append(Json.quote(e.kind()))
          .append(",\"text\":")
          .append(Json.quote(e.text()))
          .append('}');
    }
    return b.append(']').toString();
  }

  static String array(List<CheckView> views) {
    StringBuilder b = new StringBuilder("[");
    for (CheckView v : views) {
      if (b.length() > 1) {
        b.append(',');
      }
      b.append("{\"id\":")
          .append(Json.quote(v.id()))
          .append(",\"host\":")
          .append(Json.quote(v.host()))
          .append(",\"service\":")
          .append(v.service().map(Json::quote).orElse("null"))
          .append(",\"type\":")
          .append(Json.quote(v.type()))
          .append(",\"state\":")
          .append(Json.quote(v.state()))
          .append(",\"stateType\":")
          .append(Json.quote(v.stateType().name()))
          .append(",\"attempt\":")
          .append(v.attempt())
          .append(",\"maxAttempts\":")
          .append(v.maxAttempts())
          .append(",\"output\":")
          .append(Json.quote(v.output()))
          .append(",\"lastCheck\":")
          .append(v.lastCheck().map(t -> Json.quote(t.toString())).orElse("null"))
          .append(",\"since\":")
          .append(v.since().map(t -> Json.quote(t.toString())).orElse("null"))
          .append(",\"acknowledged\":")
          .append(v.acknowledged())
          .append(",\"inDowntime\":")
          .append(v.inDowntime())
          .append(",\"flapping\":")
          .append(v.flapping())
          .append('}');
    }
    return b.append(']').toString();
  }

  private static String strings(List<String> ids) {
    return ids.stream()
        .map(Json::quote)
        .collect(java.util.stream.Collectors.joining(",", "[", "]"));
  }

  private static String num(double d) {
    return String.format(java.util.Locale.ROOT, "%.2f", d);
  }

  private void page(HttpExchange x) throws IOException {
    byte[] body =
        StatusPage.render(
                monitor.get().clusterName(),
                monitor.get().checks(),
                monitor.get().load(),
                java.time.Instant.now())
            .getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    x.getResponseHeaders().set("Cache-Control", "no-store");
    x.getResponseHeaders()
        .set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    x.sendResponseHeaders(200, body.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(body);
    }
  }

  private static void error(HttpExchange x, int code, String message) throws IOException {
    send(x, code, "{\"error\":" + Json.quote(message == null ? "bad request" : message) + "}");
  }

  private static void send(HttpExchange x, int code, String json) throws IOException {
    byte[] body = (json + "\n").getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    x.getResponseHeaders().set("Cache-Control", "no-store");
    x.sendResponseHeaders(code, body.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
