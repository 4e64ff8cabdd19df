package dev.brigade.box.views;

import static dev.brigade.box.web.Html.escape;

import dev.brigade.box.web.Ask;
import dev.brigade.box.web.BoxPage;
import dev.brigade.box.web.Reply;
import dev.brigade.metrics.DataExport;
import dev.brigade.metrics.Event;
import dev.brigade.metrics.Graph;
import dev.brigade.metrics.GraphRenderer;
import dev.brigade.metrics.MetricsEngine;
import dev.brigade.metrics.SeriesId;
import java.time.Instant;
import java.util.NoSuchElementException;

/**
 * {@code /graphs}: Cacti-style graphs on demand. Pick series from the store (searchable), a range
 * (presets or from/to), overlay or stack them; the URL holds every choice, so it reproduces the
 * graph; drag across the picture to zoom (the page's script turns the drag into a from/to URL).
 * {@code /graphs.svg} and {@code /graphs.png} take the same parameters, for embedding, and {@code
 * /graphs.json} and {@code /graphs.csv} give the points.
 */
public final class GraphsPage implements BoxPage {
  @Override
  public String path() {
    return "/graphs";
  }

  @Override
  public String title() {
    return "Graphs";
  }

  @Override
  public Reply handle(Ask ask) {
    if (!ask.method().equals("GET") && !ask.method().equals("HEAD")) {
      throw new IllegalArgumentException("graphs are read with GET; save one on /dashboards");
    }
    Instant now = ask.box().clock().instant();
    return switch (ask.path()) {
      case "/graphs.svg" ->
          Reply.svg(GraphRenderer.svg(graph(ask.box().metrics(), request(ask), now)));
      case "/graphs.png" ->
          Reply.raw(
              200, "image/png", GraphRenderer.png(graph(ask.box().metrics(), request(ask), now)));
      case "/graphs.json" ->
          Reply.json(200, DataExport.json(graph(ask.box().metrics(), request(ask), now)));
      case "/graphs.csv" ->
          Reply.raw(
              200,
              "text/csv; charset=utf-8",
              DataExport.csv(graph(ask.box().metrics(), request(ask), now))
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      case "/graphs", "/graphs/" -> page(ask, now);
      default ->
          Reply.raw(
              404,
              "text/plain; charset=utf-8",
              "no such graph view\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    };
  }

  private static GraphRequest request(Ask ask) {
    if (ask.params("series").stream().allMatch(String::isBlank)) {
      throw new IllegalArgumentException(
          "a graph needs at least one series=HOST/SOURCE/LABEL; pick them on /graphs");
    }
    return GraphRequest.parse(ask.query());
  }

  /** The graph's data; a series the store does not have is the caller's mistake (400). */
  static Graph graph(MetricsEngine metrics, GraphRequest r, Instant now) {
    for (SeriesId s : r.series()) {
      if (metrics.info(s).isEmpty()) {
        throw new IllegalArgumentException(
            "no series '" + s + "' in the store; search for it on /graphs?q=" + s.host());
      }
    }
    try {
      return Graph.of(metrics, r.spec(), r.start(now), r.end(now));
    } catch (NoSuchElementException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  private static Reply page(Ask ask, Instant now) {
    boolean chosen = !ask.params("series").stream().allMatch(String::isBlank);
    GraphRequest r = chosen ? GraphRequest.parse(ask.query()) : null;
    StringBuilder b = new StringBuilder(32768);
    b.append(Views.STYLESHEET).append("<section class=\"views graphs-view\">\n<h1>Graphs</h1>\n");
    b.append(
        "<p class=\"lede\">Pick series, a range, overlay or stack them. The URL reproduces the"
            + " graph; drag across the picture to zoom.</p>\n");
    b.append("<div class=\"graph-form\">\n");
    b.append(GraphForm.form(ask, r, ask.box().metrics().series()));
    b.append("<div class=\"graph-pane\">\n");
    if (r == null) {
      b.append("<p class=\"note\">No series chosen yet: search on the left and tick some.</p>\n");
    } else {
      Graph g = graph(ask.box().metrics(), r, now);
      GraphRequest absolute = r.between(g.from(), g.to());
      b.append("<p class=\"presets\">");
      for (String p : GraphRequest.PRESETS.keySet()) {
        GraphRequest pr =
            new GraphRequest(r.series(), p, 0, 0, r.stacked(), r.width(), r.height(), r.title());
        b.append("<a href=\"")
            .append(escape(pr.url("/graphs")))
            .append("\">")
            .append(p)
            .append("</a>");
      }
      b.append(" \u00b7 ");
      link(b, "earlier", r.moved(now, -0.5, 1), "pan-earlier");
      link(b, "later", r.moved(now, 0.5, 1), "pan-later");
      link(b, "zoom out", r.moved(now, 0, 2), "zoom-out");
      b.append("</p>\n");
      b.append("<figure id=\"graph\" class=\"graph-figure\" data-from=\"")
          .append(g.from().toEpochMilli())
          .append("\" data-to=\"")
          .append(g.to().toEpochMilli())
          .append("\" data-query=\"")
          .append(escape(absolute.query()))
          .append("\" data-min-seconds=\"")
          .append(GraphRequest.MIN_RANGE.toSeconds())
          .append("\">\n")
          .append(GraphRenderer.svg(g))
          .append("<div class=\"zoom-band hidden\"></div>\n</figure>\n");
      b.append("<p class=\"links\"><a id=\"graph-link\" href=\"")
          .append(escape(r.url("/graphs")))
          .append("\">link to this graph</a> \u00b7 <a href=\"")
          .append(escape(absolute.url("/graphs")))
          .append("\">this exact range</a> \u00b7 <a href=\"")
          .append(escape(r.url("/graphs.svg")))
          .append("\">SVG</a> \u00b7 <a href=\"")
          .append(escape(r.url("/graphs.png")))
          .append("\">PNG</a> \u00b7 <a href=\"")
          .append(escape(r.url("/graphs.json")))
          .append("\">JSON</a> \u00b7 <a href=\"")
          .append(escape(r.url("/graphs.csv")))
          .append("\">CSV</a></p>\n");
      b.append(GraphForm.saveForm(ask, r));
      events(b, g);
    }
    b.append("</div>\n</div>\n</section>\n");
    return Reply.page("Graphs", b.toString(), Views.script("graphs.js"));
  }

  private static void link(StringBuilder b, String text, GraphRequest to, String id) {
    b.append("<a id=\"")
        .append(id)
        .append("\" href=\"")
        .append(escape(to.url("/graphs")))
        .append("\">")
        .append(text)
        .append("</a>");
  }

  private static void events(StringBuilder b, Graph g) {
    if (g.events().isEmpty()) {
      b.append("<p class=\"note\">No events (deploys, state changes) in this range.</p>\n");
      return;
    }
    b.append(
        "<h2>Events</h2>\n<table class=\"grid events\"><thead><tr><th>when</th><th>kind</th>"
            + "<th>host</th><th>what</th></tr></thead><tbody>\n");
    for (Event e : g.events()) {
      b.append("<tr><td>")
          .append(escape(e.at().toString()))
          .append("</td><td>")
          .append(escape(e.kind()))
          .append("</td><td>")
          .append(escape(e.host().orElse("all")))
          .append("</td><td>")
          .append(escape(e.text()))
          .append("</td></tr>\n");
    }
    b.append("</tbody></table>\n");
  }
}
