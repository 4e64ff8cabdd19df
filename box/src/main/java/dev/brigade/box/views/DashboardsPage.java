package dev.brigade.box.views;

import static dev.brigade.box.web.Html.escape;

import dev.brigade.box.web.Ask;
import dev.brigade.box.web.BoxPage;
import dev.brigade.box.web.Dashboards;
import dev.brigade.box.web.Dashboards.Dashboard;
import dev.brigade.box.web.Reply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code /dashboards}: saved graphs. {@code POST /dashboards} (name, graph) adds a graph's URL to a
 * dashboard, creating it; {@code /dashboards/NAME} shows its graphs as a grid; {@code POST
 * /dashboards/NAME/delete} deletes it and {@code POST /dashboards/NAME/remove} (index) takes one
 * graph off.
 */
public final class DashboardsPage implements BoxPage {
  /** Most graphs on one dashboard: each is drawn on every view. */
  static final int MAX_GRAPHS = 24;

  static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._-]{0,79}");
  static final int TILE_WIDTH = 580;
  static final int TILE_HEIGHT = 280;

  @Override
  public String path() {
    return "/dashboards";
  }

  @Override
  public String title() {
    return "Dashboards";
  }

  @Override
  public Reply handle(Ask ask) {
    Dashboards store = ask.box().dashboards();
    String rest =
        ask.path().equals("/dashboards") ? "" : ask.path().substring("/dashboards".length());
    if (ask.method().equals("POST")) {
      return post(ask, store, rest);
    }
    if (!ask.method().equals("GET") && !ask.method().equals("HEAD")) {
      throw new IllegalArgumentException("use GET to read dashboards and POST to change them");
    }
    if (rest.isEmpty() || rest.equals("/")) {
      return Reply.page("Dashboards", list(ask, store.list()));
    }
    String name = name(rest.substring(1));
    Dashboard d =
        store
            .get(name)
            .orElseThrow(() -> new IllegalArgumentException("no dashboard '" + name + "'"));
    return Reply.page("Dashboard " + d.name(), show(ask, d));
  }

  private static Reply post(Ask ask, Dashboards store, String rest) {
    if (rest.isEmpty() || rest.equals("/")) {
      String name = name(ask.field("name").orElse(""));
      String graph = ask.field("graph").orElse("");
      GraphRequest r = GraphRequest.fromUrl(graph);
      String url = r.url("/graphs");
      List<String> graphs =
          new ArrayList<>(store.get(name).map(Dashboard::graphs).orElse(List.of()));
      if (!graphs.contains(url)) {
        if (graphs.size() >= MAX_GRAPHS) {
          throw new IllegalArgumentException(
              "dashboard '" + name + "' has " + MAX_GRAPHS + " graphs already; make another");
        }
        graphs.add(url);
      }
      store.save(new Dashboard(name, graphs, ask.user()));
      return Reply.redirect(link(name));
    }
    int slash = rest.lastIndexOf('/');
    String action = rest.substring(slash + 1);
    String name = name(rest.substring(1, Math.max(1, slash)));
    switch (action) {
      case "delete" -> {
        if (!store.delete(name)) {
          throw new IllegalArgumentException("no dashboard '" + name + "'");
        }
        return Reply.redirect("/dashboards");
      }
      case "remove" -> {
        Dashboard d =
            store
                .get(name)
                .orElseThrow(() -> new IllegalArgumentException("no dashboard '" + name + "'"));
        int i;
        try {
          i = Integer.parseInt(ask.field("index").orElse(""));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("index is the graph's number on the dashboard");
        }
        if (i < 0 || i >= d.graphs().size()) {
          throw new IllegalArgumentException("dashboard '" + name + "' has no graph " + i);
        }
        List<String> graphs = new ArrayList<>(d.graphs());
        graphs.remove(i);
        store.save(new Dashboard(name, graphs, ask.user()));
        return Reply.redirect(link(name));
      }
      default ->
          throw new IllegalArgumentException(
              "POST /dashboards (name, graph), /dashboards/NAME/delete or /dashboards/NAME/remove");
    }
  }

  static String name(String n) {
    String s = n.strip();
    if (!NAME.matcher(s).matches()) {
      throw new IllegalArgumentException(
          "a dashboard's name is 1 to 80 letters, digits, spaces and ._- (starting with a letter"
              + " or digit)");
    }
    return s;
  }

  static String link(String name) {
    return "/dashboards/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String list(Ask ask, List<Dashboard> all) {
    StringBuilder b = new StringBuilder();
    b.append(Views.STYLESHEET)
        .append("<section class=\"views dashboards-view\">\n<h1>Dashboards</h1>\n");
    if (all.isEmpty()) {
      b.append(
          "<p class=\"note\">No dashboards yet. Draw a graph on <a href=\"/graphs\">Graphs</a> and"
              + " save it to one.</p>\n");
    } else {
      b.append(
          "<table class=\"grid dashboards\"><thead><tr><th>name</th><th class=\"num\">graphs</th>"
              + "<th>saved by</th><th></th></tr></thead><tbody>\n");
      for (Dashboard d : all) {
        b.append("<tr><td><a href=\"")
            .append(escape(link(d.name())))
            .append("\">")
            .append(escape(d.name()))
            .append("</a></td><td class=\"num\">")
            .append(d.graphs().size())
            .append("</td><td>")
            .append(escape(d.owner()))
            .append("</td><td>")
            .append(deleteForm(ask, d.name()))
            .append("</td></tr>\n");
      }
      b.append("</tbody></table>\n");
    }
    return b.append("</section>\n").toString();
  }

  private static String deleteForm(Ask ask, String name) {
    return "<form class=\"inline\" method=\"post\" action=\""
        + escape(link(name) + "/delete")
        + "\"><input type=\"hidden\" name=\"csrf\" value=\""
        + escape(ask.csrf())
        + "\"><button type=\"submit\" class=\"delete\">Delete</button></form>";
  }

  private static String show(Ask ask, Dashboard d) {
    StringBuilder b = new StringBuilder();
    b.append(Views.STYLESHEET)
        .append("<section class=\"views dashboard-view\">\n<h1>")
        .append(escape(d.name()))
        .append("</h1>\n<div class=\"lede\">")
        .append(d.graphs().size())
        .append(d.graphs().size() == 1 ? " graph, saved by " : " graphs, saved by ")
        .append(escape(d.owner()))
        .append(" \u00b7 <a href=\"/dashboards\">all dashboards</a> ")
        .append(deleteForm(ask, d.name()))
        .append("</div>\n<div class=\"dashboard-grid\">\n");
    for (int i = 0; i < d.graphs().size(); i++) {
      String url = d.graphs().get(i);
      b.append("<figure class=\"tile\">");
      GraphRequest r;
      try {
        r = GraphRequest.fromUrl(url);
      } catch (IllegalArgumentException e) {
        b.append("<p class=\"problem\">")
            .append(escape(url))
            .append(": ")
            .append(escape(e.getMessage()))
            .append("</p>");
        r = null;
      }
      if (r != null) {
        GraphRequest tile = r.withSize(TILE_WIDTH, TILE_HEIGHT);
        b.append("<a href=\"")
            .append(escape(r.url("/graphs")))
            .append("\"><img alt=\"")
            .append(escape(r.spec().title()))
            .append("\" width=\"")
            .append(TILE_WIDTH)
            .append("\" height=\"")
            .append(TILE_HEIGHT)
            .append("\" src=\"")
            .append(escape(tile.url("/graphs.svg")))
            .append("\"></a>");
      }
      b.append("<form class=\"inline\" method=\"post\" action=\"")
          .append(escape(link(d.name()) + "/remove"))
          .append("\"><input type=\"hidden\" name=\"csrf\" value=\"")
          .append(escape(ask.csrf()))
          .append("\"><input type=\"hidden\" name=\"index\" value=\"")
          .append(i)
          .append("\"><button type=\"submit\">Remove</button></form></figure>\n");
    }
    return b.append("</div>\n</section>\n").toString();
  }
}
