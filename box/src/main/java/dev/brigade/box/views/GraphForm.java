package dev.brigade.box.views;

import static dev.brigade.box.web.Html.escape;

import dev.brigade.box.web.Ask;
import dev.brigade.box.web.Dashboards;
import dev.brigade.metrics.SeriesId;
import dev.brigade.metrics.SeriesInfo;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The graph page's forms: the series search and choices, and saving to a dashboard. */
final class GraphForm {
  /** Most matches listed for a search; narrow the search for more. */
  static final int MAX_MATCHES = 200;

  private GraphForm() {}

  /**
   * A search's answer.
   *
   * @param shown the first {@link #MAX_MATCHES} matches, in the store's order
   * @param total how many series match
   */
  record Matches(List<SeriesId> shown, int total) {}

  /** Series whose name contains {@code q} (any case). */
  static Matches search(List<SeriesInfo> all, String q) {
    String needle = q.strip().toLowerCase(Locale.ROOT);
    List<SeriesId> out = new ArrayList<>();
    int n = 0;
    for (SeriesInfo s : all) {
      if (needle.isEmpty() || s.id().toString().toLowerCase(Locale.ROOT).contains(needle)) {
        n++;
        if (out.size() < MAX_MATCHES) {
          out.add(s.id());
        }
      }
    }
    return new Matches(List.copyOf(out), n);
  }

  static String form(Ask ask, GraphRequest r, List<SeriesInfo> all) {
    String q = ask.param("q").orElse("");
    if (q.length() > 200) {
      throw new IllegalArgumentException("a search is at most 200 characters");
    }
    StringBuilder b = new StringBuilder(16384);
    b.append("<form id=\"graph-form\" method=\"get\" action=\"/graphs\">\n");
    b.append("<fieldset><legend>Series</legend>\n");
    b.append(
            "<input type=\"search\" name=\"q\" id=\"series-search\" placeholder=\"search: web1, load, edge\" value=\"")
        .append(escape(q))
        .append("\"> <button type=\"submit\" name=\"find\" value=\"1\">Find</button>\n");
    Set<SeriesId> chosen = new LinkedHashSet<>(r == null ? List.of() : r.series());
    Matches found = search(all, q);
    List<SeriesId> matches = found.shown();
    b.append("<p class=\"note\">")
        .append(found.total())
        .append(" of ")
        .append(all.size())
        .append(" series match")
        .append(
            found.total() > matches.size() ? "; the first " + matches.size() + " are listed" : "")
        .append(".</p>\n<div class=\"series-list\" id=\"series-list\">\n");
    for (SeriesId s : chosen) {
      checkbox(b, s, true);
    }
    for (SeriesId s : matches) {
      if (!chosen.contains(s)) {
        checkbox(b, s, false);
      }
    }
    b.append(
        "</div>\n</fieldset>\n<fieldset><legend>Range</legend>\n<select name=\"range\" id=\"range\">");
    String range = r == null ? "1d" : r.range();
    for (String p : GraphRequest.PRESETS.keySet()) {
      b.append("<option value=\"")
          .append(p)
          .append('"')
          .append(p.equals(range) ? " selected" : "")
          .append(">last ")
          .append(p)
          .append("</option>");
    }
    b.append("<option value=\"\"")
        .append(range.isEmpty() ? " selected" : "")
        .append(">from/to below</option></select>\n");
    String from =
        r != null && range.isEmpty() ? java.time.Instant.ofEpochSecond(r.from()).toString() : "";
    String to =
        r != null && range.isEmpty() ? java.time.Instant.ofEpochSecond(r.to()).toString() : "";
    b.append(
            "<label>from <input name=\"from\" id=\"from\" size=\"22\" placeholder=\"2026-12-01T08:00:00Z\" value=\"")
        .append(escape(from))
        .append("\"></label>\n<label>to <input name=\"to\" id=\"to\" size=\"22\" value=\"")
        .append(escape(to))
        .append("\"></label>\n</fieldset>\n<fieldset><legend>Drawing</legend>\n");
    b.append("<label><input type=\"checkbox\" name=\"stack\" value=\"1\"")
        .append(r != null && r.stacked() ? " checked" : "")
        .append("> stack</label>\n<label>title <input name=\"title\" size=\"24\" value=\"")
        .append(escape(r == null ? "" : r.title()))
        .append("\"></label>\n");
    if (r != null && r.width() != 800) {
      b.append("<input type=\"hidden\" name=\"width\" value=\"").append(r.width()).append("\">");
    }
    if (r != null && r.height() != 300) {
      b.append("<input type=\"hidden\" name=\"height\" value=\"").append(r.height()).append("\">");
    }
    b.append(
        "</fieldset>\n<button type=\"submit\" class=\"primary\" id=\"draw\">Draw</button>\n</form>\n");
    return b.toString();
  }

  private static void checkbox(StringBuilder b, SeriesId s, boolean checked) {
    b.append("<label><input type=\"checkbox\" name=\"series\" value=\"")
        .append(escape(s.toString()))
        .append('"')
        .append(checked ? " checked" : "")
        .append("> ")
        .append(escape(s.toString()))
        .append("</label>\n");
  }

  /** Save this graph (its relative or absolute URL, as shown) to a dashboard. */
  static String saveForm(Ask ask, GraphRequest r) {
    StringBuilder b = new StringBuilder();
    b.append("<form class=\"save-graph\" method=\"post\" action=\"/dashboards\">")
        .append("<input type=\"hidden\" name=\"csrf\" value=\"")
        .append(escape(ask.csrf()))
        .append("\"><input type=\"hidden\" name=\"graph\" value=\"")
        .append(escape(r.url("/graphs")))
        .append(
            "\"><label>Save to dashboard <input name=\"name\" list=\"dashboard-names\" required"
                + " maxlength=\"80\" size=\"18\"></label><datalist id=\"dashboard-names\">");
    for (Dashboards.Dashboard d : ask.box().dashboards().list()) {
      b.append("<option value=\"").append(escape(d.name())).append("\">");
    }
    b.append("</datalist> <button type=\"submit\">Save</button></form>\n");
    return b.toString();
  }
}
