package dev.brigade.box.pages;

import static dev.brigade.box.web.Html.escape;

import dev.brigade.box.web.Ask;
import dev.brigade.box.web.Html;
import dev.brigade.box.web.Role;
import dev.brigade.metrics.Graph;
import dev.brigade.metrics.GraphRenderer;
import dev.brigade.metrics.GraphSpec;
import dev.brigade.metrics.SeriesId;
import dev.brigade.metrics.SeriesInfo;
import dev.brigade.monitor.CheckView;
import dev.brigade.monitor.Comment;
import dev.brigade.monitor.MonitorStore;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a host's and a service's page show of one check: state, output, its actions, comments, its
 * perfdata series as graphs (the last day, SVG), and its state history and notifications from the
 * monitor's event log.
 */
final class Detail {
  private static final int EVENTS_SCANNED = 5_000;
  private static final int GRAPHS = 6;

  private Detail() {}

  static void state(StringBuilder b, CheckView v, Instant now) {
    b.append("<table class=\"facts\" data-check=\"")
        .append(escape(v.id()))
        .append("\"><tr><th>State</th><td class=\"")
        .append(Rows.stateClass(v))
        .append(" state\" id=\"state\">")
        .append(Rows.stateName(v))
        .append("</td><td class=\"badges\">")
        .append(Rows.badges(v))
        .append("</td></tr><tr><th>Output</th><td colspan=\"2\" class=\"output\" id=\"output\">")
        .append(escape(v.output()))
        .append("</td></tr><tr><th>Type</th><td colspan=\"2\">")
        .append(escape(v.type()))
        .append("</td></tr><tr><th>Since</th><td colspan=\"2\">")
        .append(v.since().map(s -> s + " (" + Rows.age(s, now) + ")").orElse("—"))
        .append("</td></tr><tr><th>Last check</th><td colspan=\"2\">")
        .append(v.lastCheck().map(Object::toString).orElse("never"))
        .append("</td></tr><tr><th>Next check</th><td colspan=\"2\">")
        .append(v.nextCheck())
        .append("</td></tr><tr><th>Attempt</th><td colspan=\"2\">")
        .append(v.stateType())
        .append(' ')
        .append(v.attempt())
        .append('/')
        .append(v.maxAttempts())
        .append("</td></tr><tr><th>Notifications</th><td colspan=\"2\">")
        .append(v.notificationsEnabled() ? "on" : "off")
        .append(", ")
        .append(v.notificationNumber())
        .append(" sent for this problem</td></tr></table>");
  }

  static void actions(StringBuilder b, CheckView v, Ask ask) {
    if (!ask.role().allows(Role.OPERATOR)) {
      return;
    }
    String back = escape(ask.path());
    String common =
        Rows.csrf(ask.csrf())
            + "<input type=\"hidden\" name=\"only\" value=\""
            + escape(v.id())
            + "\"><input type=\"hidden\" name=\"back\" value=\""
            + back
            + "\">";
    b.append("<div class=\"actions\">");
    if (v.isProblem() && !v.acknowledged()) {
      b.append("<form method=\"post\" action=\"/actions/ack\">")
          .append(common)
          .append("<input name=\"comment\" placeholder=\"comment\" maxlength=\"1024\">")
          .append("<button type=\"submit\">Acknowledge</button></form>");
    }
    b.append("<form method=\"post\" action=\"/actions/downtime\">")
        .append(common)
        .append(
            "<input name=\"duration\" value=\"1h\" size=\"5\" maxlength=\"16\" aria-label=\"duration\">")
        .append("<input name=\"comment\" placeholder=\"why\" maxlength=\"1024\">")
        .append("<button type=\"submit\">Schedule downtime</button></form>")
        .append("<form method=\"post\" action=\"/actions/recheck\">")
        .append(common)
        .append("<button type=\"submit\">Re-check now</button></form>")
        .append("<form method=\"post\" action=\"/actions/notifications\">")
        .append(common)
        .append("<input type=\"hidden\" name=\"enabled\" value=\"")
        .append(!v.notificationsEnabled())
        .append("\"><button type=\"submit\">")
        .append(v.notificationsEnabled() ? "Mute notifications" : "Unmute notifications")
        .append("</button></form>")
        .append("<form method=\"post\" action=\"/actions/comment\">")
        .append(common)
        .append("<input name=\"text\" placeholder=\"comment\" required maxlength=\"4096\">")
        .append("<button type=\"submit\">Add comment</button></form></div>");
  }

  static void comments(StringBuilder b, List<Comment> comments) {
    if (comments.isEmpty()) {
      return;
    }
    b.append("<h2>Comments</h2><ul class=\"comments\">");
    for (Comment c : comments) {
      b.append("<li><time>")
          .append(c.time())
          .append("</time> <b>")
          .append(escape(c.author()))
          .append("</b>: ")
          .append(escape(c.text()))
          .append("</li>");
    }
    b.append("</ul>");
  }

  /** Graphs of the check's perfdata series ({@code HOST/check.NAME/LABEL}), the last day. */
  static void graphs(StringBuilder b, Ask ask, String host, String check) {
    String source = "check." + check.replace('/', '_');
    List<SeriesInfo> series =
        ask.box().metrics().series().stream()
            .filter(s -> s.id().host().equals(host) && s.id().source().equals(source))
            .toList();
    if (series.isEmpty()) {
      return;
    }
    b.append("<h2>Performance data</h2><div class=\"graphs\">");
    Instant to = ask.box().clock().instant();
    Instant from = to.minus(Duration.ofDays(1));
    for (SeriesInfo s : series.subList(0, Math.min(GRAPHS, series.size()))) {
      SeriesId id = s.id();
      Graph g =
          Graph.of(
              ask.box().metrics(),
              GraphSpec.of(
                      id.label() + (s.unit().isEmpty() ? "" : " (" + s.unit() + ")"), List.of(id))
                  .withSize(560, 200),
              from,
              to);
      b.append("<figure class=\"graph\">")
          .append(GraphRenderer.svg(g))
          .append("<figcaption><a href=\"/graphs?series=")
          .append(escape(Html.query(id.toString())))
          .append("\">")
          .append(escape(id.toString()))
          .append("</a></figcaption></figure>");
    }
    b.append("</div>");
  }

  /** The check's events (state changes, notifications, acknowledgements, ...), newest first. */
  static void history(StringBuilder b, Ask ask, List<String> ids) throws SQLException {
    List<MonitorStore.Event> events =
        ask.box().monitor().events(EVENTS_SCANNED).stream()
            .filter(e -> ids.contains(e.target()))
            .limit(200)
            .toList();
    List<MonitorStore.Event> told =
        events.stream().filter(e -> e.kind().startsWith("NOTIFY")).toList();
    b.append("<h2>Notifications sent</h2>");
    table(b, told, "no notifications in the recent log");
    b.append("<h2>State history and events</h2>");
    table(b, events, "no events in the recent log");
  }

  private static void table(StringBuilder b, List<MonitorStore.Event> events, String none) {
    if (events.isEmpty()) {
      b.append("<p class=\"none\">").append(none).append("</p>");
      return;
    }
    b.append("<table class=\"events\"><thead><tr><th>Time</th><th>Check</th><th>What</th>")
        .append("<th>Detail</th></tr></thead><tbody>");
    for (MonitorStore.Event e : events) {
      b.append("<tr><td><time>")
          .append(e.time())
          .append("</time></td><td>")
          .append(escape(e.target()))
          .append("</td><td>")
          .append(escape(e.kind()))
          .append("</td><td>")
          .append(Rows.cut(e.text(), 500))
          .append("</td></tr>");
    }
    b.append("</tbody></table>");
  }
}
