package dev.brigade.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brigade.box.web.Ask;
import dev.brigade.box.web.BoxPage;
import dev.brigade.box.web.Html;
import dev.brigade.box.web.Reply;
import dev.brigade.demo.DemoInstance;
import dev.brigade.demo.DemoTraffic;
import dev.brigade.demo.MemcachedServer;
import dev.brigade.demo.TrafficCounts;
import dev.brigade.traffic.HitClass;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * The box's {@code /demo} page while {@code brigade demo} runs: the application instances with
 * their state and requests, Stop and Start buttons (to watch the edge route around a stopped
 * instance, the monitor alert and the graphs show it), the traffic generator's counters and
 * memcached's hit rate; the same as JSON at {@code /demo.json} ({@link DemoStatus}).
 */
public final class DemoPage implements BoxPage {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String path() {
    return "/demo";
  }

  @Override
  public String title() {
    return "Demo";
  }

  @Override
  public Reply handle(Ask ask) throws JsonProcessingException {
    var demo = RunningDemo.current();
    if (demo.isEmpty()) {
      return Reply.page(
          "Demo", "<h1>Demo</h1><p>No demo runs in this process; start one with brigade demo.</p>");
    }
    if (ask.method().equals("POST")) {
      return change(ask, demo.get());
    }
    if (!ask.method().equals("GET") && !ask.method().equals("HEAD")) {
      throw new IllegalArgumentException("use GET to look and POST to stop or start");
    }
    if (ask.wantsJson()) {
      return Reply.json(200, JSON.writeValueAsString(DemoStatus.of(demo.get())));
    }
    return Reply.page("Demo", fragment(ask, demo.get()));
  }

  private static Reply change(Ask ask, RunningDemo demo) {
    String name =
        ask.field("instance")
            .orElseThrow(() -> new IllegalArgumentException("the form needs an 'instance'"));
    String action =
        ask.field("action")
            .orElseThrow(() -> new IllegalArgumentException("the form needs an 'action'"));
    DemoInstance instance =
        demo.app().instances().stream()
            .filter(i -> i.name().equals(name))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("there is no instance " + name));
    switch (action) {
      case "stop" -> instance.stop();
      case "start" -> instance.start();
      default -> throw new IllegalArgumentException("the action is stop or start, not " + action);
    }
    return Reply.redirect("/demo");
  }

  private static String fragment(Ask ask, RunningDemo demo) {
    StringBuilder b = new StringBuilder(4096);
    b.append("<h1>Demo</h1>\n<p>Stop an instance: the edge routes around it within seconds, the")
        .append(" monitor alerts, the graphs show it. Start it again on the same port.</p>\n");
    b.append("<table class=\"demo-instances\"><thead><tr><th>instance</th><th>address</th>")
        .append("<th>state</th><th>green</th><th>yellow</th><th>red</th>")
        .append("<th>memcached hits</th><th>misses</th><th></th></tr></thead><tbody>\n");
    for (DemoInstance i : demo.app().instances()) {
      boolean running = i.running();
      b.append("<tr><td>")
          .append(Html.escape(i.name()))
          .append("</td><td>")
          .append(Html.escape(i.uri().toString()))
          .append("</td><td class=\"")
          .append(running ? "state-up" : "state-down")
          .append("\">")
          .append(DemoStatus.state(i))
          .append("</td>");
      for (HitClass c : HitClass.values()) {
        b.append("<td>").append(i.requests(c)).append("</td>");
      }
      b.append("<td>")
          .append(i.usesMemcached() ? Long.toString(i.cacheHits()) : "-")
          .append("</td><td>")
          .append(i.usesMemcached() ? Long.toString(i.cacheMisses()) : "-")
          .append("</td><td>")
          .append(button(ask, i.name(), running ? "stop" : "start"))
          .append("</td></tr>\n");
    }
    b.append("</tbody></table>\n");
    demo.traffic().ifPresentOrElse(t -> traffic(b, t), () -> b.append("<p>No traffic.</p>\n"));
    demo.memcached()
        .ifPresentOrElse(
            m -> memcached(b, m),
            () -> b.append("<p>No cache layer: memcached is not installed.</p>\n"));
    return b.toString();
  }

  private static String button(Ask ask, String instance, String action) {
    return "<form method=\"post\" action=\"/demo\"><input type=\"hidden\" name=\"csrf\" value=\""
        + Html.escape(ask.csrf())
        + "\"><input type=\"hidden\" name=\"instance\" value=\""
        + Html.escape(instance)
        + "\"><input type=\"hidden\" name=\"action\" value=\""
        + action
        + "\"><button type=\"submit\">"
        + (action.equals("stop") ? "Stop" : "Start")
        + "</button></form>";
  }

  private static void traffic(StringBuilder b, DemoTraffic t) {
    TrafficCounts c = t.counts();
    b.append("<h2>Traffic</h2>\n<p>Simulated time ")
        .append(Html.escape(c.clock()))
        .append(", ")
        .append(String.format(Locale.ROOT, "%.0f", c.rate()))
        .append(" requests/s now (peak ")
        .append(String.format(Locale.ROOT, "%.0f", t.options().peakRate()))
        .append("), ")
        .append(c.sessions())
        .append(" sessions from logins, ")
        .append(c.skipped())
        .append(" skipped at the concurrency cap.</p>\n")
        .append("<table class=\"demo-traffic\"><thead><tr><th>class</th><th>sent</th><th>ok</th>")
        .append("<th>failed</th></tr></thead><tbody>\n");
    for (HitClass k : HitClass.values()) {
      TrafficCounts.PerClass p = c.of(k);
      b.append("<tr><td class=\"")
          .append(k.label())
          .append("\">")
          .append(k.label())
          .append("</td><td>")
          .append(p.sent())
          .append("</td><td>")
          .append(p.ok())
          .append("</td><td>")
          .append(p.failed())
          .append("</td></tr>\n");
    }
    b.append("</tbody></table>\n");
  }

  private static void memcached(StringBuilder b, MemcachedServer m) {
    b.append("<h2>memcached</h2>\n<p>")
        .append(Html.escape(m.address().getHostString() + ":" + m.address().getPort()))
        .append(": ");
    try {
      Map<String, String> s = m.stats();
      long hits = Long.parseLong(s.getOrDefault("get_hits", "0"));
      long misses = Long.parseLong(s.getOrDefault("get_misses", "0"));
      b.append(hits)
          .append(" hits, ")
          .append(misses)
          .append(" misses")
          .append(
              hits + misses == 0
                  ? ""
                  : String.format(
                      Locale.ROOT, " (hit rate %.0f%%)", 100.0 * hits / (hits + misses)))
          .append(", ")
          .append(Html.escape(s.getOrDefault("curr_items", "0")))
          .append(" items.</p>\n");
    } catch (IOException | NumberFormatException e) {
      b.append("no stats: ").append(Html.escape(String.valueOf(e.getMessage()))).append("</p>\n");
    }
  }
}
