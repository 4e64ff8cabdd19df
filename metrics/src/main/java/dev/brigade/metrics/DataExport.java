package dev.brigade.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * A graph's data as CSV (one row a point: time, then avg/min/max of each line) or JSON (the series
 * with their unit, start, step and values; events), for spreadsheets and the box's page.
 */
public final class DataExport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DataExport() {}

  /** {@code time,LINE,LINE min,LINE max,...}; times in ISO-8601 UTC, unknown values empty. */
  public static String csv(Graph g) {
    StringBuilder b = new StringBuilder("time");
    for (GraphSpec.Line l : g.spec().lines()) {
      String n = csvField(l.series().toString());
      b.append(',')
          .append(n)
          .append(',')
          .append(csvField(l.series() + " min"))
          .append(',')
          .append(csvField(l.series() + " max"));
    }
    b.append('\n');
    int rows = g.data().stream().mapToInt(SeriesData::size).max().orElse(0);
    for (int i = 0; i < rows; i++) {
      b.append(g.data().getFirst().time(i));
      for (SeriesData d : g.data()) {
        b.append(',').append(i < d.size() ? num(d.values()[i]) : "");
        b.append(',').append(i < d.size() ? num(d.min()[i]) : "");
        b.append(',').append(i < d.size() ? num(d.max()[i]) : "");
      }
      b.append('\n');
    }
    return b.toString();
  }

  /**
   * {@code {"from", "to", "series": [{"name", "unit", "start", "step", "values", "min", "max"}],
   * "events"}}.
   */
  public static String json(Graph g) {
    ObjectNode root = JSON.createObjectNode();
    root.put("title", g.spec().title());
    root.put("from", g.from().toString());
    root.put("to", g.to().toString());
    ArrayNode series = root.putArray("series");
    for (int i = 0; i < g.data().size(); i++) {
      SeriesData d = g.data().get(i);
      ObjectNode s = series.addObject();
      s.put("name", g.spec().lines().get(i).series().toString());
      s.put("legend", g.spec().lines().get(i).legend());
      s.put("unit", d.info().unit());
      s.put("start", d.start().toString());
      s.put("step", d.step().toSeconds());
      array(s.putArray("values"), d.values());
      array(s.putArray("min"), d.min());
      array(s.putArray("max"), d.max());
    }
    ArrayNode events = root.putArray("events");
    for (Event e : g.events()) {
      ObjectNode o = events.addObject();
      o.put("at", e.at().toString());
      o.put("kind", e.kind());
      o.put("text", e.text());
      e.host().ifPresent(h -> o.put("host", h));
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void array(ArrayNode a, double[] v) {
    for (double x : v) {
      if (Double.isNaN(x) || Double.isInfinite(x)) {
        a.addNull();
      } else {
        a.add(x);
      }
    }
  }

  private static String num(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "" : String.format(Locale.ROOT, "%s", v);
  }

  private static String csvField(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n")
        ? "\"" + s.replace("\"", "\"\"") + "\""
        : s;
  }
}
