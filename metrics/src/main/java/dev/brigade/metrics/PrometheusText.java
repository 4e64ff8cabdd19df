package dev.brigade.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parses the Prometheus text exposition format (version 0.0.4): {@code # TYPE} lines and samples
 * {@code name{label="value",...} value [timestamp]}. Counters, and the {@code _count}, {@code _sum}
 * and {@code _bucket} series of summaries and histograms, become {@link Kind#DERIVE} samples (a
 * decrease is a reset: one unknown point); gauges, untyped series and quantiles are gauges. Each
 * sample's label is its name with its labels sorted: {@code
 * brigade_edge_responses_total{code="2xx",pool="app"}}.
 */
final class PrometheusText {
  static final int MAX_LINE = 16 * 1024;
  static final long MAX_BYTES = 16L << 20;
  static final int MAX_SERIES = 20_000;
  static final int MAX_LABELS = 64;

  private PrometheusText() {}

  /** Parses a whole exposition. */
  static List<Sample> parse(InputStream in, String where) throws IOException {
    BoundedLines lines = new BoundedLines(in, where, MAX_LINE, MAX_BYTES);
    Map<String, String> types = new HashMap<>();
    List<Sample> out = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    String line;
    while ((line = lines.next()) != null) {
      if (line.isBlank()) {
        continue;
      }
      if (line.startsWith("#")) {
        String[] f = line.split("\\s+", 4);
        if (f.length >= 4 && f[1].equals("TYPE")) {
          types.put(f[2], f[3].trim());
        }
        continue;
      }
      Sample s = sample(line, types, lines.at());
      if (!seen.add(s.label())) {
        continue; // a repeated series: the first one counts
      }
      if (out.size() == MAX_SERIES) {
        throw new InputLimitException(lines.at(), "more than " + MAX_SERIES + " series");
      }
      out.add(s);
    }
    return out;
  }

  static Sample sample(String line, Map<String, String> types, String at)
      throws InputLimitException {
    int i = 0;
    int n = line.length();
    while (i < n && nameChar(line.charAt(i), i == 0)) {
      i++;
    }
    if (i == 0) {
      throw new InputLimitException(at, "a sample must start with a metric name");
    }
    String name = line.substring(0, i);
    TreeMap<String, String> labels = new TreeMap<>();
    if (i < n && line.charAt(i) == '{') {
      i++;
      while (true) {
        while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == ',')) {
          i++;
        }
        if (i < n && line.charAt(i) == '}') {
          i++;
          break;
        }
        int start = i;
        while (i < n && nameChar(line.charAt(i), i == start)) {
          i++;
        }
        if (i == start || i + 1 >= n || line.charAt(i) != '=' || line.charAt(i + 1) != '"') {
          throw new InputLimitException(at, "expected label=\"value\" at column " + (i + 1));
        }
        String key = line.substring(start, i);
        i += 2;
        StringBuilder v = new StringBuilder();
        while (i < n && line.charAt(i) != '"') {
          char c = line.charAt(i++);
          if (c == '\\' && i < n) {
            char e = line.charAt(i++);
            v.append(e == 'n' ? '\n' : e);
          } else {
            v.append(c);
          }
        }
        if (i >= n) {
          throw new InputLimitException(at, "unterminated label value of '" + key + "'");
        }
        i++;
        if (labels.size() == MAX_LABELS) {
          throw new InputLimitException(at, "more than " + MAX_LABELS + " labels");
        }
        labels.put(key, v.toString());
      }
    }
    String[] rest = line.substring(i).trim().split("\\s+");
    if (rest.length < 1 || rest[0].isEmpty()) {
      throw new InputLimitException(at, "a sample needs a value");
    }
    double value = value(rest[0], at);
    String type = types.getOrDefault(name, family(name, types));
    boolean counting =
        type.equals("counter")
            || ((type.equals("summary") || type.equals("histogram"))
                && (name.endsWith("_count") || name.endsWith("_sum") || name.endsWith("_bucket")));
    String label = name + render(labels);
    if (label.length() > SeriesId.MAX_LABEL) {
      throw new InputLimitException(at, "series name longer than " + SeriesId.MAX_LABEL);
    }
    return new Sample(label, value, unit(name), counting ? Kind.DERIVE : Kind.GAUGE);
  }

  /** The type of a summary's or histogram's family, for its {@code _sum}-like series. */
  private static String family(String name, Map<String, String> types) {
    for (String suffix : List.of("_count", "_sum", "_bucket")) {
      if (name.endsWith(suffix)) {
        String t = types.get(name.substring(0, name.length() - suffix.length()));
        if (t != null) {
          return t;
        }
      }
    }
    return "untyped";
  }

  /** Units from the naming conventions: {@code _seconds}, {@code _bytes}. */
  private static String unit(String name) {
    String base = name.replaceAll("_(total|count|sum|bucket)$", "");
    if (base.endsWith("_seconds")) {
      return "s";
    }
    if (base.endsWith("_bytes")) {
      return "B";
    }
    return "";
  }

  private static String render(TreeMap<String, String> labels) {
    if (labels.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("{");
    labels.forEach(
        (k, v) -> {
          if (b.length() > 1) {
            b.append(',');
          }
          b.append(k)
              .append("=\"")
              .append(v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
              .append('"');
        });
    return b.append('}').toString();
  }

  private static double value(String s, String at) throws InputLimitException {
    switch (s) {
      case "+Inf", "Inf" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-Inf" -> {
        return Double.NEGATIVE_INFINITY;
      }
      case "NaN" -> {
        return Double.NaN;
      }
      default -> {
        try {
          return Double.parseDouble(s);
        } catch (NumberFormatException e) {
          throw new InputLimitException(at, "'" + s + "' is not a number");
        }
      }
    }
  }

  private static boolean nameChar(char c, boolean first) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || c == '_'
        || c == ':'
        || (!first && c >= '0' && c <= '9');
  }
}
