package dev.brigade.box.views;

import static dev.brigade.box.web.Html.escape;

import dev.brigade.box.views.LayerDiagram.Step;
import dev.brigade.box.web.Ask;
import dev.brigade.box.web.BoxContext;
import dev.brigade.box.web.BoxPage;
import dev.brigade.box.web.Reply;
import dev.brigade.plan.PlanResult;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code /cluster}: the layers of the model as a live diagram (the seed's "layering: less traffic
 * at each step"), also as {@code /cluster.svg} and {@code /cluster.json}; the page's script reloads
 * the picture every few seconds.
 */
public final class ClusterPage implements BoxPage {
  /**
   * How long one reading of the metrics and the monitor serves: every open page polls, and a 2-core
   * box with 1,000 hosts should read them once, not once per tab.
   */
  static final java.time.Duration REUSE = java.time.Duration.ofSeconds(2);

  private record Reading(BoxContext box, Instant at, LayerDiagram diagram, String problem) {}

  private volatile Reading last;

  @Override
  public String path() {
    return "/cluster";
  }

  @Override
  public String title() {
    return "Cluster";
  }

  @Override
  public Reply handle(Ask ask) {
    if (!ask.method().equals("GET") && !ask.method().equals("HEAD")) {
      throw new IllegalArgumentException("the cluster page only reads: use GET");
    }
    Reading r = reading(ask.box());
    LayerDiagram d = r.diagram();
    String problem = r.problem();
    if (ask.wantsJson()) {
      return Reply.json(200, ViewsJson.write(d));
    }
    return switch (ask.path()) {
      case "/cluster.svg" -> Reply.svg(ClusterSvg.render(d));
      case "/cluster.json" -> Reply.json(200, ViewsJson.write(d));
      case "/cluster", "/cluster/" ->
          Reply.page("Cluster", page(d, problem), Views.script("cluster.js"));
      default ->
          Reply.raw(
              404,
              "text/plain; charset=utf-8",
              "no such view\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    };
  }

  private Reading reading(BoxContext box) {
    Instant now = box.clock().instant();
    Reading r = last;
    if (r != null && r.box() == box && !now.isBefore(r.at()) && now.isBefore(r.at().plus(REUSE))) {
      return r;
    }
    String problem = "";
    Optional<PlanResult> plan;
    try {
      plan = PlanFile.read(box.dataDirectory());
    } catch (IOException | RuntimeException e) {
      plan = Optional.empty();
      problem = "the plan in " + PlanFile.NAME + " cannot be read: " + e.getMessage();
    }
    r = new Reading(box, now, diagram(box, plan), problem);
    last = r;
    return r;
  }

  static LayerDiagram diagram(BoxContext box, Optional<PlanResult> plan) {
    Instant now = box.clock().instant();
    return LayerDiagram.build(
        box.cluster(),
        HostStates.of(box.monitor().checks()),
        LiveTraffic.read(box.cluster(), box.metrics(), now),
        plan,
        now);
  }

  private static String page(LayerDiagram d, String problem) {
    StringBuilder b = new StringBuilder(16384);
    b.append(Views.STYLESHEET);
    b.append("<section class=\"views cluster-view\">\n<h1>Cluster ")
        .append(escape(d.cluster()))
        .append(
            "</h1>\n<p class=\"lede\">Each layer answers what it can and passes the rest down."
                + " Live from the metrics and the monitor; refreshes every 5 s."
                + " <a href=\"/cluster.svg\">SVG</a> \u00b7 <a href=\"/cluster.json\">JSON</a></p>\n");
    if (!problem.isEmpty()) {
      b.append("<p class=\"problem\">").append(escape(problem)).append("</p>\n");
    }
    b.append(
            "<div id=\"cluster-live\" class=\"cluster-live\" data-src=\"/cluster.svg\""
                + " data-every=\"5000\">")
        .append(ClusterSvg.render(d))
        .append("</div>\n");
    b.append(
        "<table class=\"grid layers\"><thead><tr><th>layer</th><th>role</th>"
            + "<th class=\"num\">req/s in</th><th class=\"num\">hit rate</th>"
            + "<th class=\"num\">req/s down</th><th>servers</th><th class=\"num\">design req/s</th>"
            + "</tr></thead><tbody>\n");
    for (Step s : d.layers()) {
      b.append("<tr data-layer=\"")
          .append(escape(s.name()))
          .append("\"><td>")
          .append(escape(s.name()))
          .append("</td><td>")
          .append(escape(s.role()))
          .append("</td><td class=\"num\">")
          .append(s.incoming() == null ? "no data" : ClusterSvg.rate(s.incoming()))
          .append("</td><td class=\"num\">")
          .append(s.hitRate() == null ? "no data" : ClusterSvg.percent(s.hitRate()))
          .append("</td><td class=\"num\">")
          .append(s.passedOn() == null ? "\u2014" : ClusterSvg.rate(s.passedOn()))
          .append("</td><td>");
      s.counts()
          .forEach(
              (dot, n) -> {
                if (n > 0) {
                  b.append("<span class=\"state ")
                      .append(dot.name().toLowerCase(Locale.ROOT))
                      .append("\">")
                      .append(n)
                      .append(' ')
                      .append(dot.name().toLowerCase(Locale.ROOT))
                      .append("</span> ");
                }
              });
      b.append("</td><td class=\"num\">")
          .append(s.design() == null ? "\u2014" : ClusterSvg.rate(s.design().incoming()))
          .append("</td></tr>\n");
    }
    b.append("</tbody></table>\n</section>\n");
    return b.toString();
  }
}
