package dev.brigade.box.pages;

import static dev.brigade.box.web.Html.escape;

import dev.brigade.box.web.Ask;
import dev.brigade.box.web.BoxPage;
import dev.brigade.box.web.FieldProblem;
import dev.brigade.box.web.Reply;
import dev.brigade.box.web.Role;
import dev.brigade.model.Cluster;
import dev.brigade.monitor.CheckView;
import java.time.Instant;
import java.util.List;

/**
 * {@code /}: problems first. Every host and service check, unhandled problems on top, filtered by
 * role, stage, state and text from the URL, a page of {@value #PAGE} rows at a time; each row and
 * any ticked rows (or all matching the filter) can be acknowledged, re-checked, muted or commented,
 * and a downtime scheduled for them or for a whole role or stage. {@code /static/problems.js}
 * updates rows and the counter from {@code /api/stream} without a reload.
 */
public final class ProblemsPage implements BoxPage {
  static final int PAGE = 200;

  @Override
  public String path() {
    return "/";
  }

  @Override
  public String title() {
    return "Problems";
  }

  @Override
  public Reply handle(Ask ask) {
    if (!ask.method().equals("GET") && !ask.method().equals("HEAD")) {
      throw new IllegalArgumentException(
          "the problems page is read with GET; act through /actions");
    }
    CheckFilter filter = CheckFilter.of(ask.query(), "");
    int page = page(ask);
    Cluster cluster = ask.box().cluster();
    List<CheckView> all = ask.box().monitor().checks();
    List<CheckView> shown = filter.apply(cluster, all);
    int problems = 0;
    int unhandled = 0;
    for (CheckView v : all) {
      if (v.isProblem()) {
        problems++;
        if (CheckFilter.unhandled(v)) {
          unhandled++;
        }
      }
    }
    Instant now = ask.box().clock().instant();
    StringBuilder b = new StringBuilder(64 * 1024);
    b.append("<section class=\"summary\"><h1>Problems</h1><p><span id=\"problem-count\"")
        .append(" class=\"count\">")
        .append(unhandled)
        .append("</span> unhandled of <span id=\"problem-total\">")
        .append(problems)
        .append("</span> problems; ")
        .append(all.size())
        .append(" checks of ")
        .append(cluster.hosts().size())
        .append(" hosts</p><p id=\"live\" class=\"live\" hidden></p>");
    String done = ask.param("done").filter(d -> d.matches("[a-z-]{1,32}")).orElse("");
    String n = ask.param("n").filter(d -> d.matches("[0-9]{1,6}")).orElse("");
    if (!done.isEmpty() && !n.isEmpty()) {
      b.append("<p class=\"flash\" role=\"status\">Done: ")
          .append(done)
          .append(" for ")
          .append(n)
          .append(n.equals("1") ? " check" : " checks")
          .append("</p>");
    }
    b.append("</section>");
    filterForm(b, filter, cluster);
    boolean operator = ask.role().allows(Role.OPERATOR);
    String back = "/" + (filter.query("").isEmpty() ? "" : "?" + filter.query(""));
    if (operator) {
      groupDowntime(b, cluster, ask.csrf(), back);
      b.append("<form id=\"bulk\" method=\"post\" action=\"/actions/ack\">")
          .append(Rows.csrf(ask.csrf()))
          .append("<input type=\"hidden\" name=\"back\" value=\"")
          .append(escape(back))
          .append("\">")
          .append(filter.hiddenFields())
          .append("<fieldset class=\"bulk\"><legend>Ticked rows, or all ")
          .append(shown.size())
          .append(" matching</legend><label><input type=\"radio\" name=\"scope\" value=\"ticked\"")
          .append(" checked> ticked</label><label><input type=\"radio\" name=\"scope\"")
          .append(" value=\"filter\" id=\"scope-filter\"> all matching the filter</label>")
          .append("<input name=\"comment\" placeholder=\"comment\" maxlength=\"1024\">")
          .append("<input name=\"duration\" placeholder=\"30m\" size=\"5\" maxlength=\"16\">")
          .append("<button formaction=\"/actions/ack\" id=\"bulk-ack\">Acknowledge</button>")
          .append("<button formaction=\"/actions/downtime\" id=\"bulk-downtime\">Downtime</button>")
          .append("<button formaction=\"/actions/recheck\">Re-check now</button>")
          .append("<button formaction=\"/actions/notifications\" name=\"enabled\" value=\"false\">")
          .append("Mute</button><button formaction=\"/actions/notifications\" name=\"enabled\"")
          .append(" value=\"true\">Unmute</button><input name=\"text\" placeholder=\"note\"")
          .append(" maxlength=\"4096\"><button formaction=\"/actions/comment\">Comment</button>")
          .append("</fieldset>");
    }
    int from = Math.min(page * PAGE, shown.size());
    int to = Math.min(from + PAGE, shown.size());
    b.append("<table class=\"grid\" id=\"grid\"><thead><tr>")
        .append(
            operator
                ? "<th><input type=\"checkbox\" id=\"tick-all\" aria-label=\"tick all\"></th>"
                : "")
        .append("<th>State</th><th>Host</th><th>Check</th><th></th><th>For</th>")
        .append("<th>Last check</th><th>Output</th>")
        .append(operator ? "<th></th>" : "")
        .append("</tr></thead><tbody>");
    for (CheckView v : shown.subList(from, to)) {
      row(b, v, now, operator);
    }
    b.append("</tbody></table>");
    if (operator) {
      b.append("</form>");
    }
    pager(b, filter, page, shown.size());
    return Reply.page("Problems", b.toString(), "problems.js");
  }

  private static void row(StringBuilder b, CheckView v, Instant now, boolean operator) {
    String id = escape(v.id());
    b.append("<tr data-id=\"").append(id).append("\" class=\"").append(Rows.stateClass(v));
    if (CheckFilter.unhandled(v)) {
      b.append(" unhandled");
    }
    b.append("\">");
    if (operator) {
      b.append("<td><input type=\"checkbox\" name=\"target\" value=\"")
          .append(id)
          .append("\" aria-label=\"tick ")
          .append(id)
          .append("\"></td>");
    }
    b.append("<td class=\"state\">")
        .append(Rows.stateName(v))
        .append("</td><td>")
        .append(Rows.hostLink(v.host()))
        .append("</td><td>")
        .append(Rows.checkLink(v))
        .append("</td><td class=\"badges\">")
        .append(Rows.badges(v))
        .append("</td><td class=\"age\">")
        .append(v.since().map(s -> Rows.age(s, now)).orElse(""))
        .append("</td><td class=\"last\">")
        .append(v.lastCheck().map(s -> Rows.age(s, now) + " ago").orElse("never"))
        .append("</td><td class=\"output\">")
        .append(Rows.cut(v.output(), 300))
        .append("</td>");
    if (operator) {
      b.append("<td class=\"row-actions\">");
      if (v.isProblem() && !v.acknowledged()) {
        b.append("<button name=\"only\" value=\"")
            .append(id)
            .append("\" formaction=\"/actions/ack\" class=\"ack\">Ack</button>");
      }
      b.append("<button name=\"only\" value=\"")
          .append(id)
          .append("\" formaction=\"/actions/recheck\">Re-check</button></td>");
    }
    b.append("</tr>");
  }

  private static void filterForm(StringBuilder b, CheckFilter f, Cluster cluster) {
    b.append("<form class=\"filter\" method=\"get\" action=\"/\">");
    select(b, "role", "any role", cluster.roles().keySet(), f.role().orElse(""));
    select(b, "stage", "any stage", cluster.stages().keySet(), f.stage().orElse(""));
    select(
        b,
        "state",
        "any state",
        List.of(
            "problems",
            "unhandled",
            "critical",
            "warning",
            "unknown",
            "down",
            "unreachable",
            "ok",
            "up",
            "pending"),
        f.state().orElse(""));
    b.append("<input name=\"q\" placeholder=\"host, check or output\" maxlength=\"200\" value=\"")
        .append(escape(f.text().orElse("")))
        .append("\"><button type=\"submit\">Filter</button> <a href=\"/\">clear</a></form>");
  }

  private static void select(
      StringBuilder b, String name, String any, java.util.Collection<String> values, String now) {
    b.append("<select name=\"").append(name).append("\" aria-label=\"").append(name).append("\">");
    b.append("<option value=\"\">").append(any).append("</option>");
    for (String v : values) {
      b.append("<option value=\"")
          .append(escape(v))
          .append(v.equals(now) ? "\" selected>" : "\">")
          .append(escape(v))
          .append("</option>");
    }
    b.append("</select>");
  }

  private static void groupDowntime(StringBuilder b, Cluster cluster, String csrf, String back) {
    b.append("<form class=\"group-downtime\" method=\"post\" action=\"/actions/downtime\">")
        .append(Rows.csrf(csrf))
        .append("<input type=\"hidden\" name=\"back\" value=\"")
        .append(escape(back))
        .append("\"><label>Downtime for <select name=\"target\" id=\"group-target\">");
    for (String s : cluster.stages().keySet()) {
      b.append("<option value=\"stage:")
          .append(escape(s))
          .append("\">stage ")
          .append(escape(s))
          .append("</option>");
    }
    for (String r : cluster.roles().keySet()) {
      b.append("<option value=\"role:")
          .append(escape(r))
          .append("\">role ")
          .append(escape(r))
          .append("</option>");
    }
    b.append("</select></label><input name=\"duration\" value=\"1h\" size=\"5\" maxlength=\"16\"")
        .append(" aria-label=\"duration\"><input name=\"comment\" placeholder=\"why\"")
        .append(" maxlength=\"1024\"><button type=\"submit\" id=\"group-downtime\">")
        .append("Schedule downtime</button></form>");
  }

  private static void pager(StringBuilder b, CheckFilter f, int page, int total) {
    int pages = Math.max(1, (total + PAGE - 1) / PAGE);
    if (pages == 1) {
      return;
    }
    String q = f.query("");
    b.append("<nav class=\"pager\">Page ").append(page + 1).append(" of ").append(pages);
    if (page > 0) {
      b.append(" <a href=\"/?")
          .append(escape(q.isEmpty() ? "" : q + "&"))
          .append("page=")
          .append(page)
          .append("\">previous</a>");
    }
    if (page + 1 < pages) {
      b.append(" <a href=\"/?")
          .append(escape(q.isEmpty() ? "" : q + "&"))
          .append("page=")
          .append(page + 2)
          .append("\">next</a>");
    }
    b.append("</nav>");
  }

  private static int page(Ask ask) {
    String p = ask.param("page").orElse("1");
    try {
      int n = Integer.parseInt(p);
      if (n < 1 || n > 100_000) {
        throw new NumberFormatException();
      }
      return n - 1;
    } catch (NumberFormatException e) {
      throw new FieldProblem("page", "page '" + p + "' is not a number from 1");
    }
  }
}
