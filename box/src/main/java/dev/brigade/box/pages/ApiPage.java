package dev.brigade.box.pages;

import dev.brigade.box.BoxJson;
import dev.brigade.box.web.Ask;
import dev.brigade.box.web.BoxPage;
import dev.brigade.box.web.FieldProblem;
import dev.brigade.box.web.Reply;
import dev.brigade.model.Cluster;
import dev.brigade.model.Host;
import dev.brigade.monitor.CheckView;
import dev.brigade.monitor.Monitor;
import dev.brigade.monitor.MonitorJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /api/...}: the JSON API of everything the pages show and do, under the same sign-in and
 * roles (a session with its CSRF token, or {@code Authorization: Bearer TOKEN}); described by
 * {@code /api/openapi.json} (OpenAPI 3.1).
 *
 * <pre>{@code
 * curl -H "Authorization: Bearer $BOX_TOKEN" 'localhost:9190/api/checks?state=critical&role=app'
 * curl -H "Authorization: Bearer $BOX_TOKEN" -H 'Content-Type: application/json' \
 *      -d '{"targets":["stage:production"],"duration":"30m","comment":"deploy"}' \
 *      localhost:9190/api/downtime
 * }</pre>
 */
public final class ApiPage implements BoxPage {
  /** Every route this page answers, as {@code METHOD PATH} (OpenAPI path templates). */
  public static final List<String> ROUTES =
      List.of(
          "GET /api/status",
          "GET /api/checks",
          "GET /api/hosts",
          "GET /api/hosts/{name}",
          "GET /api/events",
          "GET /api/openapi.json",
          "POST /api/ack",
          "POST /api/downtime",
          "POST /api/recheck",
          "POST /api/notifications",
          "POST /api/comment");

  private static final int MAX_LIMIT = 5_000;
  private static volatile byte[] openapi;

  @Override
  public String path() {
    return "/api";
  }

  @Override
  public String title() {
    return "";
  }

  @Override
  public Reply handle(Ask ask) throws Exception {
    String rest = ask.path().substring("/api".length()).replaceFirst("^/", "");
    if (ask.method().equals("POST")) {
      if (!Actions.NAMES.contains(rest)) {
        return notFound(
            "no action /api/" + rest + "; POST to /api/" + String.join(", /api/", Actions.NAMES));
      }
      return json(Actions.run(rest, Actions.fields(ask), ask));
    }
    if (!ask.method().equals("GET") && !ask.method().equals("HEAD")) {
      throw new IllegalArgumentException("use GET to read and POST to act");
    }
    Monitor m = ask.box().monitor();
    Cluster cluster = ask.box().cluster();
    return switch (rest) {
      case "status" -> json(status(m, cluster));
      case "checks" -> json(checks(ask, m, cluster));
      case "hosts" ->
          json(cluster.hosts().values().stream().map(h -> host(h, cluster, m.checks())).toList());
      case "events" -> json(Timeline.page(ask));
      case "openapi.json" -> Reply.raw(200, "application/json", openapi());
      default -> {
        if (rest.startsWith("hosts/")) {
          String name = rest.substring(6);
          Host h =
              cluster
                  .host(name)
                  .orElseThrow(
                      () -> new FieldProblem("name", "no host '" + name + "' in the model"));
          yield json(host(h, cluster, m.checks()));
        }
        yield notFound("no API route /api/" + rest + "; see /api/openapi.json");
      }
    };
  }

  static BoxJson.Status status(Monitor m, Cluster cluster) {
    Map<String, Integer> byState = new TreeMap<>();
    int problems = 0;
    int unhandled = 0;
    List<CheckView> all = m.checks();
    for (CheckView v : all) {
      byState.merge(Rows.stateName(v), 1, Integer::sum);
      if (v.isProblem()) {
        problems++;
        unhandled += CheckFilter.unhandled(v) ? 1 : 0;
      }
    }
    return new BoxJson.Status(
        cluster.name(),
        all.size(),
        cluster.hosts().size(),
        problems,
        unhandled,
        byState,
        MonitorJson.LoadJson.of(m.load()));
  }

  private static BoxJson.Checks checks(Ask ask, Monitor m, Cluster cluster) {
    CheckFilter f = CheckFilter.of(ask.query(), "");
    int offset = integer(ask, "offset", 0, 0, Integer.MAX_VALUE);
    int limit = integer(ask, "limit", 500, 1, MAX_LIMIT);
    List<CheckView> matching = f.apply(cluster, m.checks());
    int from = Math.min(offset, matching.size());
    int to = Math.min(from + limit, matching.size());
    return new BoxJson.Checks(
        matching.size(),
        from,
        matching.subList(from, to).stream().map(MonitorJson.Check::of).toList());
  }

  private static BoxJson.Host host(Host h, Cluster cluster, List<CheckView> all) {
    List<MonitorJson.Check> checks = new ArrayList<>();
    String worst = "UP";
    int severity = -1;
    for (CheckView v : all) {
      if (v.host().equals(h.name())) {
        checks.add(MonitorJson.Check.of(v));
        if (v.isProblem() && v.status().severity() > severity) {
          severity = v.status().severity();
          worst = v.state();
        }
      }
    }
    return new BoxJson.Host(
        h.name(),
        h.address(),
        h.roles(),
        cluster.stagesOf(h).stream().map(s -> s.name()).toList(),
        severity < 0 ? "OK" : worst,
        checks);
  }

  private static int integer(Ask ask, String name, int fallback, int min, int max) {
    String s = ask.param(name).orElse(null);
    if (s == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(s);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new FieldProblem(name, "'" + name + "' is a number from " + min + " to " + max);
  }

  private static Reply notFound(String detail) {
    Map<String, Object> p = new java.util.LinkedHashMap<>();
    p.put("type", "about:blank");
    p.put("title", "Not Found");
    p.put("status", 404);
    p.put("detail", detail);
    return Reply.raw(
        404,
        "application/problem+json",
        BoxJson.write(p).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static Reply json(Object o) {
    return Reply.json(200, BoxJson.write(o));
  }

  /** The OpenAPI 3.1 document (a resource of the box). */
  static byte[] openapi() throws IOException {
    byte[] d = openapi;
    if (d == null) {
      try (InputStream in = ApiPage.class.getResourceAsStream("/dev/brigade/box/openapi.json")) {
        if (in == null) {
          throw new IOException("the box's openapi.json is missing from its jar");
        }
        d = in.readAllBytes();
      }
      openapi = d;
    }
    return d;
  }
}
