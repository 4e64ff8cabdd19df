package dev.brigade.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses what a munin-node answers to {@code config PLUGIN} and {@code fetch PLUGIN}: graphs (one
 * per plugin, or several after {@code multigraph NAME} lines), their fields and the fields' types
 * and bounds. Pure.
 */
final class MuninGraphs {
  /** Fields in one answer at most. */
  static final int MAX_FIELDS = 5000;

  private MuninGraphs() {}

  /**
   * One field of a graph, from {@code FIELD.label}, {@code FIELD.type}, {@code FIELD.min} and
   * {@code FIELD.max}.
   */
  record Field(String label, Kind kind, double min, double max) {
    static final Field DEFAULT = new Field("", Kind.GAUGE, Double.NaN, Double.NaN);
  }

  /** A graph's settings: the title, vertical label, and fields by name. */
  record Graph(String title, String vlabel, String args, Map<String, Field> fields) {}

  /** The graphs of a {@code config} answer, by graph name ({@code plugin} unless multigraph). */
  static Map<String, Graph> config(String plugin, List<String> lines, String where)
      throws InputLimitException {
    Map<String, Map<String, String>> graphAttrs = new LinkedHashMap<>();
    Map<String, Map<String, Map<String, String>>> fieldAttrs = new LinkedHashMap<>();
    String graph = plugin;
    int n = 0;
    for (String line : lines) {
      n++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("multigraph ")) {
        graph = name(line.substring(11).trim(), where, n);
        continue;
      }
      int sp = line.indexOf(' ');
      String key = sp < 0 ? line : line.substring(0, sp);
      String value = sp < 0 ? "" : line.substring(sp + 1).trim();
      if (key.startsWith("graph_")) {
        graphAttrs.computeIfAbsent(graph, g -> new LinkedHashMap<>()).put(key, value);
        continue;
      }
      int dot = key.indexOf('.');
      if (dot <= 0) {
        continue; // "host_name", "update_rate" and other node-level lines
      }
      Map<String, Map<String, String>> fields =
          fieldAttrs.computeIfAbsent(graph, g -> new LinkedHashMap<>());
      if (fields.size() >= MAX_FIELDS) {
        throw new InputLimitException(where + " line " + n, "more than " + MAX_FIELDS + " fields");
      }
      fields
          .computeIfAbsent(key.substring(0, dot), f -> new LinkedHashMap<>())
          .put(key.substring(dot + 1), value);
    }
    Map<String, Graph> out = new LinkedHashMap<>();
    for (String g : union(graphAttrs.keySet(), fieldAttrs.keySet())) {
      Map<String, String> ga = graphAttrs.getOrDefault(g, Map.of());
      Map<String, Field> fields = new LinkedHashMap<>();
      fieldAttrs
          .getOrDefault(g, Map.of())
          .forEach(
              (f, a) ->
                  fields.put(
                      f,
                      new Field(
                          a.getOrDefault("label", f),
                          Kind.parse(a.getOrDefault("type", "GAUGE")).orElse(Kind.GAUGE),
                          number(a.get("min")),
                          number(a.get("max")))));
      out.put(
          g,
          new Graph(
              ga.getOrDefault("graph_title", g),
              ga.getOrDefault("graph_vlabel", ""),
              ga.getOrDefault("graph_args", ""),
              fields));
    }
    return out;
  }

  /** The values of a {@code fetch} answer: graph name -> field -> value (NaN for U). */
  static Map<String, Map<String, Double>> values(String plugin, List<String> lines, String where)
      throws InputLimitException {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    String graph = plugin;
    int n = 0;
    int fields = 0;
    for (String line : lines) {
      n++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("multigraph ")) {
        graph = name(line.substring(11).trim(), where, n);
        continue;
      }
      int sp = line.indexOf(' ');
      if (sp < 0 || !line.substring(0, sp).endsWith(".value")) {
        continue; // a dirtyconfig line, or "field.extinfo"
      }
      String field = line.substring(0, sp - 6);
      String v = line.substring(sp + 1).trim();
      int colon = v.indexOf(':');
      if (colon >= 0) {
        v = v.substring(colon + 1); // "EPOCH:VALUE": the node's own timestamp
      }
      if (++fields > MAX_FIELDS) {
        throw new InputLimitException(where + " line " + n, "more than " + MAX_FIELDS + " values");
      }
      out.computeIfAbsent(graph, g -> new LinkedHashMap<>()).put(field, number(v));
    }
    return out;
  }

  private static String name(String g, String where, int line) throws InputLimitException {
    if (g.isEmpty() || g.length() > 200 || g.contains("/")) {
      throw new InputLimitException(where + " line " + line, "bad multigraph name '" + g + "'");
    }
    return g;
  }

  private static double number(String s) {
    if (s == null || s.isBlank() || s.equals("U")) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
    java.util.Set<String> u = new java.util.LinkedHashSet<>(a);
    u.addAll(b);
    return u;
  }
}
