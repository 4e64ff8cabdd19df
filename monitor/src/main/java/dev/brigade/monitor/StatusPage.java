package dev.brigade.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The monitor's status as one HTML page, the way Nagios users look at status.cgi: problems first,
 * then every host with its services, coloured by state, refreshed every 10 seconds. Every text from
 * outside (check output, names) is escaped.
 */
final class StatusPage {
  private StatusPage() {}

  static String render(
      String cluster,
      List<CheckView> checks,
      List<GroupView> groups,
      Load load,
      java.util.Optional<String> warning,
      Instant now) {
    StringBuilder b = new StringBuilder(16 * 1024);
    b.append("<!doctype html><html lang=en><head><meta charset=utf-8>")
        .append("<meta http-equiv=refresh content=10>")
        .append("<title>")
        .append(esc(cluster))
        .append(" - Brigade monitor</title><style>")
        .append("body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}")
        .append("table{border-collapse:collapse;width:100%;margin-bottom:1.5em}")
        .append("th,td{text-align:left;padding:.25em .6em;border-bottom:1px solid #ddd}")
        .append("td.s{font-weight:600;width:8em}.OK,.UP{background:#c8f0c8}")
        .append(".WARNING{background:#ffe9a8}.CRITICAL,.DOWN{background:#f7b4b4}")
        .append(".UNKNOWN,.UNREACHABLE{background:#e0c8f0}.PENDING{background:#eee}")
        .append("h2{font-size:1.1em;margin:.8em 0 .3em}.m{color:#666}</style></head><body>");
    List<CheckView> problems = checks.stream().filter(CheckView::isProblem).toList();
    b.append("<h1>")
        .append(esc(cluster))
        .append("</h1><p class=m>")
        .append(checks.size())
        .append(" checks, ")
        .append(problems.size())
        .append(problems.size() == 1 ? " problem" : " problems")
        .append(" &middot; ")
        .append(esc(load.describe()))
        .append("</p>");
    warning.ifPresent(w -> b.append("<p class=\"s CRITICAL\">").append(esc(w)).append("</p>"));
    if (!problems.isEmpty()) {
      b.append("<h2>Problems</h2>");
      table(b, problems, now);
    }
    groups(b, groups);
    Map<String, List<CheckView>> byHost = new LinkedHashMap<>();
    for (CheckView v : checks) {
      byHost.computeIfAbsent(v.host(), h -> new java.util.ArrayList<>()).add(v);
    }
    for (Map.Entry<String, List<CheckView>> h : byHost.entrySet()) {
      b.append("<h2>").append(esc(h.getKey())).append("</h2>");
      table(b, h.getValue(), now);
    }
    return b.append("</body></html>\n").toString();
  }

  private static void table(StringBuilder b, List<CheckView> rows, Instant now) {
    b.append("<table><tr><th>State<th>Check<th>Attempt<th>Since<th>Last check<th>Output</tr>");
    for (CheckView v : rows) {
      b.append("<tr><td class=\"s ")
          .append(esc(v.state()))
          .append("\">")
          .append(esc(v.state()))
          .append(v.stateType() == CheckState.Type.SOFT ? " (soft)" : "")
          .append("<td>")
          .append(esc(v.id()))
          .append(v.acknowledged() ? " <span class=m>[ack]</span>" : "")
          .append(v.inDowntime() ? " <span class=m>[downtime]</span>" : "")
          .append(v.flapping() ? " <span class=m>[flapping]</span>" : "")
          .append(v.checksEnabled() ? "" : " <span class=m>[checks disabled]</span>")
          .append(v.notificationsEnabled() ? "" : " <span class=m>[notifications disabled]</span>")
          .append(
              v.comments().isEmpty()
                  ? ""
                  : " <span class=m>[" + v.comments().size() + " comments]</span>")
          .append("<td>")
          .append(v.attempt())
          .append('/')
          .append(v.maxAttempts())
          .append("<td>")
          .append(v.since().map(t -> ago(t, now)).orElse("-"))
          .append("<td>")
          .append(v.lastCheck().map(t -> ago(t, now) + " ago").orElse("never"))
          .append("<td>")
          .append(esc(v.output()))
          .append("</tr>");
    }
    b.append("</table>");
  }

  /** The groups with their worst state and counts, as Nagios's hostgroup summary. */
  private static void groups(StringBuilder b, List<GroupView> groups) {
    if (groups.isEmpty()) {
      return;
    }
    b.append("<h2>Groups</h2><table><tr><th>State<th>Group<th>Hosts<th>Checks<th>Problems")
        .append("<th>Unhandled<th>States</tr>");
    for (GroupView g : groups) {
      StringBuilder states = new StringBuilder();
      g.states()
          .forEach(
              (k, v) ->
                  states.append(states.isEmpty() ? "" : ", ").append(v).append(' ').append(k));
      b.append("<tr><td class=\"s ")
          .append(esc(g.state()))
          .append("\">")
          .append(esc(g.state()))
          .append("<td>")
          .append(esc(g.name()))
          .append("<td>")
          .append(g.hosts().size())
          .append("<td>")
          .append(g.checks())
          .append("<td>")
          .append(g.problems())
          .append("<td>")
          .append(g.unhandled())
          .append("<td>")
          .append(esc(states.toString()))
          .append("</tr>");
    }
    b.append("</table>");
  }

  private static String ago(Instant t, Instant now) {
    long s = Math.max(0, Duration.between(t, now).toSeconds());
    return s < 120
        ? s + "s"
        : s < 7200 ? s / 60 + "m" : s < 172_800 ? s / 3600 + "h" : s / 86_400 + "d";
  }

  /** Escapes text for HTML element content and quoted attribute values. */
  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
