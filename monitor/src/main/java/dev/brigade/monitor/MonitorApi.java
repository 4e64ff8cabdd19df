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
 * change needs {@code Authorization: Bearer TOKEN} with {@code monitor.api.token}. Changes take
 * form-encoded bodies, so a cron job needs nothing but curl:
 *
 * <pre>{@code
 * GET  /                               the status page (HTML, refreshed every 10 s)
 * GET  /status                         problems, engine load, last reload (JSON)
 * GET  /checks                         every check (JSON)
 * GET  /groups                         host and service groups with their aggregate state
 * GET  /events?limit=100               the event log, newest first (JSON)
 * POST /results   check=db1/backup status=0 output="BACKUP OK - 2 GB"
 * POST /recheck   target=app1/http author=            run now (even if checks are disabled)
 * POST /downtime  target=role:app@production duration=30m [start=ISO-8601] [flexible=true]
 *                 author= comment=
 * POST /downtime/cancel  target=app1 author=          ends its downtimes now
 * POST /ack       target=app1/http author= comment= [sticky=false]   (check= also taken)
 * POST /ack/remove       target= author=
 * POST /disable   target= what=checks|notifications|all author=
 * POST /enable    target= what=checks|notifications|all author=
 * POST /comments  target= author= text=
 * POST /comments/delete  id= author=
 * POST /annotations  kind=deploy text="production: r42 by alice, 4 hosts, ok" [host=] [at=ISO-8601]
 *                 a marker on the graphs (metrics run beside the monitor)
 * }</pre>
 *
 * <p>A target is a host, {@code host/service}, {@code role:R}, {@code stage:S}, {@code role:R@S} or
 * {@code label:K=V}, each optionally followed by {@code /SERVICE}. Every answer is one of the
 * records of {@link MonitorJson}.
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

  /** Starts the API at the model's {@code monitor.api} address, or at {@code override}. */
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
      Monitor m = monitor.get();
      if (method.equals("GET")) {
        switch (path) {
          case "/" ->
              page(x, m, reload.get().filter(r -> !r.ok()).map(r -> r.at() + ": " + r.message()));
          case "/status" -> send(x, 200, summary(m));
          case "/checks" -> send(x, 200, m.checks().stream().map(MonitorJson.Check::of).toList());
          case "/groups" -> send(x, 200, m.groups());
          case "/events" -> send(x, 200, events(m, query(x).getOrDefault("limit", "100")));
          default -> error(x, 404, "no such resource; try /, /status, /checks, /groups or /events");
        }
        return;
      }
      if (!method.equals("POST")) {
        error(x, 405, "use GET to read and POST to change");
        return;
      }
      if (token.length == 0) {
        error(x, 403, "changes are disabled: set monitor.api.token in the model");
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
      send(x, 200, change(path, form, m));
    } catch (NumberFormatException e) {
      error(x, 400, "bad number: " + e.getMessage());
    } catch (IllegalArgumentException | IllegalStateException | DateTimeParseException e) {
      error(x, 400, e.getMessage());
    } catch (NoSuchAction e) {
      error(x, 404, e.getMessage());
    } catch (SQLException e) {
      error(x, 500, "store: " + e.getMessage());
    } catch (RuntimeException e) {
      log.error("monitor API request {} {} failed", x.getRequestMethod(), x.getRequestURI(), e);
      error(x, 500, "internal error: " + e);
    }
  }

  /** An unknown POST path. */
  private static final class NoSuchAction extends Exception {
    private static final long serialVersionUID = 1L;

    NoSuchAction() {
      super(
          "no such action; POST to /results, /recheck, /downtime, /downtime/cancel, /ack,"
              + " /ack/remove, /disable, /enable, /comments, /comments/delete or /annotations");
    }
  }

  private static MonitorJson.Done change(String path, Map<String, String> form, Monitor m)
      throws NoSuchAction {
    Commands c = m.commands();
    return switch (path) {
      case "/results" -> {
        Status s = status(required(form, "status"));
        String check = required(form, "check");
        c.submit(check, s, form.getOrDefault("output", s + " - (no output)"));
        yield new MonitorJson.Done("result", List.of(check));
      }
      case "/recheck" ->
          new MonitorJson.Done(
              "recheck", c.recheck(required(form, "target"), required(form, "author")));
      case "/downtime" -> {
        Instant start =
            Optional.ofNullable(form.get("start")).map(Instant::parse).orElseGet(m::now);
        Duration d = Durations.parse(required(form, "duration"));
        boolean flexible = Boolean.parseBoolean(form.getOrDefault("flexible", "false"));
        Instant end =
            Optional.ofNullable(form.get("end")).map(Instant::parse).orElse(start.plus(d));
        yield new MonitorJson.Done(
            "downtime",
            c.scheduleDowntime(
                required(form, "target"),
                new CheckState.Downtime(
                    start,
                    end,
                    flexible,
                    d,
                    required(form, "author"),
                    form.getOrDefault("comment", ""))));
      }
      case "/downtime/cancel" ->
          new MonitorJson.Done(
              "cancel-downtime",
              c.cancelDowntime(required(form, "target"), required(form, "author")));
      case "/ack" ->
          new MonitorJson.Done(
              "ack",
              c.acknowledge(
                  form.containsKey("target") ? required(form, "target") : required(form, "check"),
                  Boolean.parseBoolean(form.getOrDefault("sticky", "true")),
                  required(form, "author"),
                  form.getOrDefault("comment", "")));
      case "/ack/remove" ->
          new MonitorJson.Done(
              "remove-ack", c.unacknowledge(required(form, "target"), required(form, "author")));
      case "/disable", "/enable" -> {
        boolean on = path.equals("/enable");
        String what = form.getOrDefault("what", "all");
        String target = required(form, "target");
        String author = required(form, "author");
        List<String> ids =
            switch (what) {
              case "checks" -> c.enable(target, Commands.Switch.CHECKS, on, author);
              case "notifications" -> c.enable(target, Commands.Switch.NOTIFICATIONS, on, author);
              case "all" -> {
                c.enable(target, Commands.Switch.CHECKS, on, author);
                yield c.enable(target, Commands.Switch.NOTIFICATIONS, on, author);
              }
              default ->
                  throw new IllegalArgumentException(
                      "what '" + what + "' is not checks, notifications or all");
            };
        yield new MonitorJson.Done(path.substring(1) + "-" + what, ids);
      }
      case "/comments" -> {
        Map<String, Comment> made =
            c.comment(required(form, "target"), required(form, "author"), required(form, "text"));
        yield new MonitorJson.Done(
            "comment",
            List.copyOf(made.keySet()),
            made.values().stream().map(MonitorJson.CommentJson::of).toList());
      }
      case "/comments/delete" -> {
        long id = Long.parseLong(required(form, "id"));
        if (!c.deleteComment(id, required(form, "author"))) {
          throw new IllegalArgumentException("no comment " + id);
        }
        yield new MonitorJson.Done("delete-comment", List.of());
      }
      case "/annotations" -> {
        Optional<String> host = Optional.ofNullable(form.get("host")).filter(h -> !h.isBlank());
        Instant at = Optional.ofNullable(form.get("at")).map(Instant::parse).orElseGet(m::now);
        m.annotate(at, required(form, "kind"), required(form, "text"), host);
        yield new MonitorJson.Done("annotation", List.of(host.orElse("cluster")));
      }
      default -> throw new NoSuchAction();
    };
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

  private MonitorJson.Summary summary(Monitor m) {
    return new MonitorJson.Summary(
        m.checks().size(),
        m.problems().stream().map(MonitorJson.Check::of).toList(),
        MonitorJson.LoadJson.of(m.load()),
        reload
            .get()
            .map(r -> new MonitorJson.ReloadJson(r.at().toString(), r.ok(), r.message()))
            .orElse(null));
  }

  private static List<MonitorJson.Event> events(Monitor m, String limit) throws SQLException {
    int n;
    try {
      n = Math.max(1, Math.min(10_000, Integer.parseInt(limit)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("limit '" + limit + "' is not a number");
    }
    return m.events(n).stream().map(MonitorJson.Event::of).toList();
  }

  private static void page(HttpExchange x, Monitor m, Optional<String> warning) throws IOException {
    byte[] body =
        StatusPage.render(m.clusterName(), m.checks(), m.groups(), m.load(), warning, m.now())
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
    send(x, code, new MonitorJson.Error(message == null ? "bad request" : message));
  }

  private static void send(HttpExchange x, int code, Object answer) throws IOException {
    byte[] body = (MonitorJson.write(answer) + "\n").getBytes(StandardCharsets.UTF_8);
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
