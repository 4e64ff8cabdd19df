package dev.brigade.box.pages;

import static dev.brigade.box.web.Html.escape;

import dev.brigade.box.BoxJson;
import dev.brigade.box.web.Ask;
import dev.brigade.box.web.BoxPage;
import dev.brigade.box.web.Html;
import dev.brigade.box.web.Reply;

/** {@code /events}: the timeline of the monitor and the annotations, newest first. */
public final class EventsPage implements BoxPage {
  @Override
  public String path() {
    return "/events";
  }

  @Override
  public String title() {
    return "Events";
  }

  @Override
  public Reply handle(Ask ask) throws Exception {
    BoxJson.Events events = Timeline.page(ask);
    String kind = ask.param("kind").orElse("");
    String host = ask.param("host").orElse("");
    StringBuilder b = new StringBuilder(32 * 1024);
    b.append("<h1>Events</h1><form class=\"filter\" method=\"get\" action=\"/events\">")
        .append("<select name=\"kind\" aria-label=\"kind\"><option value=\"\">every kind</option>");
    for (String k : Timeline.KINDS) {
      b.append("<option")
          .append(k.equals(kind) ? " selected" : "")
          .append(">")
          .append(k)
          .append("</option>");
    }
    b.append("</select><input name=\"host\" placeholder=\"host\" maxlength=\"200\" value=\"")
        .append(escape(host))
        .append("\"><button type=\"submit\">Filter</button></form>")
        .append("<table class=\"events\" id=\"events\"><thead><tr><th>Time</th><th>Kind</th>")
        .append("<th>Target</th><th>What</th></tr></thead><tbody>");
    for (BoxJson.TimelineEvent e : events.items()) {
      b.append("<tr class=\"ev-")
          .append(escape(e.kind()))
          .append("\"><td><time>")
          .append(escape(e.time()))
          .append("</time></td><td>")
          .append(escape(e.kind()))
          .append("</td><td>")
          .append(escape(e.target()))
          .append("</td><td>")
          .append(Rows.cut(e.text(), 500))
          .append("</td></tr>");
    }
    b.append("</tbody></table>");
    int page = events.offset() / Timeline.PAGE + 1;
    String q = "kind=" + Html.query(kind) + "&host=" + Html.query(host);
    b.append("<nav class=\"pager\">");
    if (page > 1) {
      b.append("<a href=\"/events?")
          .append(escape(q))
          .append("&amp;page=")
          .append(page - 1)
          .append("\">newer</a> ");
    }
    if (events.more()) {
      b.append("<a href=\"/events?")
          .append(escape(q))
          .append("&amp;page=")
          .append(page + 1)
          .append("\">older</a>");
    }
    b.append("</nav>");
    return Reply.page("Events", b.toString());
  }
}
