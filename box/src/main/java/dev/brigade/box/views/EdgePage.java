package dev.brigade.box.views;

import static dev.brigade.box.web.Html.escape;

import dev.brigade.box.views.EdgeTargets.Target;
import dev.brigade.box.web.Ask;
import dev.brigade.box.web.BoxPage;
import dev.brigade.box.web.Reply;
import dev.brigade.box.web.Role;
import dev.brigade.edge.AdminJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code /edge}: every edge node's pools and backends with their state and health, and the cache's
 * hit classes, read from each node's admin API ({@code GET /pools}); an operator drains, puts in
 * maintenance or readies a backend with the buttons ({@code POST /edge}: edge, pool, backend,
 * action), which the page passes to that node's API with the model's token. Also {@code
 * /edge.json}.
 */
public final class EdgePage implements BoxPage {
  /**
   * What one edge node said.
   *
   * @param edge the host
   * @param admin its admin API, or empty
   * @param pools its answer, or null when it could not be asked
   * @param problem why not, or empty
   */
  record Node(String edge, String admin, AdminJson.Pools pools, String problem) {}

  @Override
  public String path() {
    return "/edge";
  }

  @Override
  public String title() {
    return "Edge";
  }

  @Override
  public Reply handle(Ask ask) throws InterruptedException {
    if (ask.method().equals("POST")) {
      return change(ask);
    }
    if (!ask.method().equals("GET") && !ask.method().equals("HEAD")) {
      throw new IllegalArgumentException("use GET to read the edge and POST to change a backend");
    }
    List<Node> nodes = read(EdgeTargets.of(ask.box().cluster()));
    if (ask.wantsJson()) {
      return Reply.json(200, ViewsJson.write(nodes));
    }
    return switch (ask.path()) {
      case "/edge.json" -> Reply.json(200, ViewsJson.write(nodes));
      case "/edge", "/edge/" -> Reply.page("Edge", page(ask, nodes));
      default ->
          Reply.raw(
              404,
              "text/plain; charset=utf-8",
              "no such view\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    };
  }

  /** Asks every node at once (each call is bounded by the client's timeouts). */
  static List<Node> read(List<Target> targets) throws InterruptedException {
    List<Node> out = new ArrayList<>();
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Node>> futures = new ArrayList<>();
      for (Target t : targets) {
        futures.add(ex.submit(() -> ask(t)));
      }
      for (Future<Node> f : futures) {
        try {
          out.add(f.get());
        } catch (ExecutionException e) {
          throw new IllegalStateException(e.getCause());
        }
      }
    }
    return out;
  }

  private static Node ask(Target t) throws InterruptedException {
    if (t.admin() == null) {
      return new Node(t.host(), "", null, t.problem());
    }
    try {
      return new Node(t.host(), t.admin().toString(), EdgeAdminClient.pools(t.admin()), "");
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return new Node(t.host(), t.admin().toString(), null, "cannot read its pools: " + why);
    }
  }

  private static Reply change(Ask ask) throws InterruptedException {
    String edge = ask.field("edge").orElse("");
    String pool = ask.field("pool").orElse("");
    String backend = ask.field("backend").orElse("");
    String action = ask.field("action").orElse("");
    if (!EdgeAdminClient.ACTIONS.contains(action)) {
      throw new IllegalArgumentException("action is drain, maint or ready, not '" + action + "'");
    }
    Target t =
        EdgeTargets.find(ask.box().cluster(), edge)
            .orElseThrow(
                () -> new IllegalArgumentException("'" + edge + "' is no edge node of the model"));
    if (t.admin() == null) {
      throw new IllegalArgumentException(edge + ": " + t.problem());
    }
    if (t.token().isEmpty()) {
      throw new IllegalArgumentException(
          edge + " takes no changes: the model has no edge.admin.token");
    }
    String state;
    try {
      state = EdgeAdminClient.change(t.admin(), t.token(), pool, backend, action);
    } catch (IOException e) {
      return Reply.raw(
          502,
          "text/plain; charset=utf-8",
          (edge + ": " + e.getMessage() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return Reply.redirect(
        "/edge?changed="
            + escapeQuery(backend)
            + "&state="
            + escapeQuery(state)
            + "&on="
            + escapeQuery(edge));
  }

  private static String escapeQuery(String s) {
    return dev.brigade.box.web.Html.query(s);
  }

  private static String page(Ask ask, List<Node> nodes) {
    boolean operator = ask.role().allows(Role.OPERATOR);
    StringBuilder b = new StringBuilder(16384);
    b.append(Views.STYLESHEET).append("<section class=\"views edge-view\">\n<h1>Edge</h1>\n");
    b.append(
        "<p class=\"lede\">Pools and backends of every edge node, from its admin API. Drain before"
            + " a deploy; maintenance keeps health checks from bringing a backend back."
            + " <a href=\"/edge.json\">JSON</a></p>\n");
    ask.param("changed")
        .ifPresent(
            c ->
                b.append("<p class=\"done\" id=\"changed\">")
                    .append(escape(c))
                    .append(" on ")
                    .append(escape(ask.param("on").orElse("")))
                    .append(" is now ")
                    .append(escape(ask.param("state").orElse("")))
                    .append(".</p>\n"));
    if (nodes.isEmpty()) {
      b.append("<p class=\"note\">The model has no layer with pools, so no edge node.</p>\n");
    }
    for (Node n : nodes) {
      b.append("<section class=\"edge-node\" data-edge=\"")
          .append(escape(n.edge()))
          .append("\">\n<h2>")
          .append(escape(n.edge()))
          .append(" <span class=\"note\">")
          .append(escape(n.admin()))
          .append("</span></h2>\n");
      if (n.pools() == null) {
        b.append("<p class=\"problem\">").append(escape(n.problem())).append("</p>\n</section>\n");
        continue;
      }
      n.pools()
          .cacheCounters()
          .ifPresentOrElse(
              c -> cache(b, c),
              () ->
                  b.append(
                      "<p class=\"note\">No cache on this edge: every request goes to a backend.</p>\n"));
      for (AdminJson.Pool p : n.pools().pools()) {
        pool(b, ask, n.edge(), p, operator);
      }
      b.append("</section>\n");
    }
    return b.append("</section>\n").toString();
  }

  /** The seed's hit classes as a bar (SVG: widths need no inline style) and the hit ratio. */
  private static void cache(StringBuilder b, AdminJson.Cache c) {
    long all = c.green() + c.yellow() + c.red();
    b.append(
            "<div class=\"hit-classes\"><svg class=\"classes\" width=\"360\" height=\"16\" viewBox=\"0 0 360 16\">")
        .append("<rect width=\"360\" height=\"16\" rx=\"4\" fill=\"#e6e9ee\"/>");
    double x = 0;
    long[] counts = {c.green(), c.yellow(), c.red()};
    String[] colors = {"#2e9d4f", "#e8a317", "#d3302f"};
    for (int i = 0; i < 3 && all > 0; i++) {
      double w = 360.0 * counts[i] / all;
      b.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" width=\"%.1f\" height=\"16\" fill=\"%s\"/>",
              x,
              w,
              colors[i]));
      x += w;
    }
    b.append("</svg> <span class=\"classes-text\">green ")
        .append(c.green())
        .append(" \u00b7 yellow ")
        .append(c.yellow())
        .append(" \u00b7 red ")
        .append(c.red())
        .append(" \u00b7 hit ratio <strong class=\"hit-ratio\">")
        .append(c.hitRatio().map(ClusterSvg::percent).orElse("no lookups yet"))
        .append("</strong> (")
        .append(c.hits())
        .append(" hits, ")
        .append(c.stale())
        .append(" stale, ")
        .append(c.misses())
        .append(" misses, ")
        .append(c.passes())
        .append(" passes)</span></div>\n");
  }

  private static void pool(
      StringBuilder b, Ask ask, String edge, AdminJson.Pool p, boolean operator) {
    b.append("<h3>pool ")
        .append(escape(p.name()))
        .append(" <span class=\"note\">")
        .append(escape(p.algorithm()))
        .append(" \u00b7 ")
        .append(p.requests())
        .append(" requests \u00b7 p50 ")
        .append(String.format(Locale.ROOT, "%.1f", p.p50Millis()))
        .append(" ms \u00b7 p99 ")
        .append(String.format(Locale.ROOT, "%.1f", p.p99Millis()))
        .append(" ms</span></h3>\n");
    b.append(
        "<table class=\"grid backends\"><thead><tr><th>backend</th><th>address</th><th>state</th>"
            + "<th>health</th><th class=\"num\">active</th><th class=\"num\">requests</th>"
            + "<th class=\"num\">connect errors</th><th class=\"num\">timeouts</th>"
            + (operator ? "<th>change</th>" : "")
            + "</tr></thead><tbody>\n");
    for (AdminJson.Backend be : p.backends()) {
      String state = be.state().toLowerCase(Locale.ROOT);
      b.append("<tr data-backend=\"")
          .append(escape(be.id()))
          .append("\" data-state=\"")
          .append(escape(state))
          .append("\"><td>")
          .append(escape(be.id()))
          .append(be.backup() ? " <span class=\"note\">backup</span>" : "")
          .append("</td><td>")
          .append(escape(be.address()))
          .append("</td><td><span class=\"state ")
          .append(escape(state.replaceAll("[^a-z]", "")))
          .append("\">")
          .append(escape(state))
          .append("</span></td><td>")
          .append(escape(be.health()))
          .append("</td><td class=\"num\">")
          .append(be.active())
          .append("</td><td class=\"num\">")
          .append(be.requests())
          .append("</td><td class=\"num\">")
          .append(be.connectErrors())
          .append("</td><td class=\"num\">")
          .append(be.timeouts())
          .append("</td>");
      if (operator) {
        b.append("<td><form class=\"inline\" method=\"post\" action=\"/edge\">")
            .append(hidden("csrf", ask.csrf()))
            .append(hidden("edge", edge))
            .append(hidden("pool", p.name()))
            .append(hidden("backend", be.id()));
        for (String a : List.of("drain", "maint", "ready")) {
          b.append("<button type=\"submit\" name=\"action\" value=\"")
              .append(a)
              .append("\"")
              .append(isCurrent(a, state) ? " disabled" : "")
              .append(">")
              .append(a)
              .append("</button> ");
        }
        b.append("</form></td>");
      }
      b.append("</tr>\n");
    }
    b.append("</tbody></table>\n");
  }

  private static boolean isCurrent(String action, String state) {
    return action.equals(state) || (action.equals("ready") && state.equals("up"));
  }

  private static String hidden(String name, String value) {
    return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + escape(value) + "\">";
  }
}
