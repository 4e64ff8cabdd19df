package dev.brigade.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The usual graphs of a host, by name: load, CPU, memory, disk, network (from the SSH collector),
 * edge requests by hit class, cache hit ratio and backend latency (from an edge's {@code
 * /metrics}), memcached and replication lag (from the monitor's check perfdata). Series are found
 * by pattern among those stored, so a template draws whatever the host has.
 */
public final class GraphTemplates {
  private record Template(
      String title,
      List<String> patterns,
      boolean stacked,
      List<String> colors,
      List<GraphSpec.Threshold> thresholds) {}

  private static final Map<String, Template> TEMPLATES = new LinkedHashMap<>();

  static {
    TEMPLATES.put(
        "load",
        new Template(
            "Load average",
            List.of("ssh/load1", "ssh/load5", "ssh/load15"),
            false,
            List.of(),
            List.of()));
    TEMPLATES.put(
        "cpu",
        new Template(
            "CPU",
            List.of(
                "ssh/cpu.user",
                "ssh/cpu.nice",
                "ssh/cpu.system",
                "ssh/cpu.iowait",
                "ssh/cpu.irq",
                "ssh/cpu.softirq",
                "ssh/cpu.steal"),
            true,
            List.of(),
            List.of()));
    TEMPLATES.put(
        "memory",
        new Template(
            "Memory",
            List.of("ssh/mem.used", "ssh/mem.cached", "ssh/mem.available", "ssh/swap.used"),
            false,
            List.of(),
            List.of()));
    TEMPLATES.put(
        "disk",
        new Template(
            "Disk use",
            List.of("ssh/disk.pct[*]"),
            false,
            List.of(),
            List.of(new GraphSpec.Threshold(90, "90 %", ""))));
    TEMPLATES.put(
        "network",
        new Template(
            "Network", List.of("ssh/net.rx[*]", "ssh/net.tx[*]"), false, List.of(), List.of()));
    TEMPLATES.put(
        "edge-requests",
        new Template(
            "Edge requests/s by hit class",
            List.of(
                "*/brigade_edge_requests_by_class_total{class=\"green\"}",
                "*/brigade_edge_requests_by_class_total{class=\"yellow\"}",
                "*/brigade_edge_requests_by_class_total{class=\"red\"}"),
            true,
            List.of("#2ca02c", "#e6b800", "#d62728"),
            List.of()));
    TEMPLATES.put(
        "cache-hit-ratio",
        new Template(
            "Cache hit ratio",
            List.of("*/brigade_edge_cache_lookups_total{result=\"hit\"}"),
            false,
            List.of(),
            List.of()));
    TEMPLATES.put(
        "backend-latency",
        new Template(
            "Backend latency percentiles",
            List.of(
                "*/brigade_edge_request_duration_seconds{pool=*,quantile=\"0.5\"}",
                "*/brigade_edge_request_duration_seconds{pool=*,quantile=\"0.9\"}",
                "*/brigade_edge_request_duration_seconds{pool=*,quantile=\"0.99\"}"),
            false,
            List.of(),
            List.of()));
    TEMPLATES.put(
        "memcached",
        new Template(
            "memcached hit ratio and evictions",
            List.of("check.*/hit_ratio", "check.*/evictions"),
            false,
            List.of(),
            List.of()));
    TEMPLATES.put(
        "replication-lag",
        new Template("Replication lag", List.of("check.*/lag"), false, List.of(), List.of()));
  }

  private GraphTemplates() {}

  /** The templates' names. */
  public static List<String> names() {
    return List.copyOf(TEMPLATES.keySet());
  }

  /**
   * The template's graph for {@code host}, with the stored series its patterns find.
   *
   * @throws IllegalArgumentException for an unknown template, or when the host has none of its
   *     series
   */
  public static GraphSpec of(String name, String host, List<SeriesInfo> stored) {
    Template t = TEMPLATES.get(name);
    if (t == null) {
      throw new IllegalArgumentException(
          "no graph template '" + name + "'; the templates are " + String.join(", ", names()));
    }
    List<GraphSpec.Line> lines = new ArrayList<>();
    for (int i = 0; i < t.patterns().size(); i++) {
      for (SeriesId id : match(host + "/" + t.patterns().get(i), stored)) {
        GraphSpec.Line l = GraphSpec.Line.of(id);
        if (i < t.colors().size()) {
          l = l.withColor(t.colors().get(i));
        }
        if (name.equals("cache-hit-ratio")) {
          String all = id.toString().replace("{result=\"hit\"}", "{result=*}");
          l = new GraphSpec.Line(id, "hit ratio", l.color(), l.consolidation(), match(all, stored));
        }
        lines.add(l);
      }
    }
    if (lines.isEmpty()) {
      throw new IllegalArgumentException(
          "graph template '"
              + name
              + "' finds no series of host '"
              + host
              + "' (it looks for "
              + String.join(", ", t.patterns())
              + ")");
    }
    GraphSpec spec =
        new GraphSpec(
            t.title() + " - " + host, lines, t.stacked(), !t.stacked(), t.thresholds(), 800, 300);
    return spec;
  }

  /** The stored series whose name matches the pattern; {@code *} is any text. */
  public static List<SeriesId> match(String pattern, List<SeriesInfo> stored) {
    StringBuilder re = new StringBuilder();
    for (String part : pattern.split("\\*", -1)) {
      if (!re.isEmpty()) {
        re.append(".*");
      }
      re.append(Pattern.quote(part));
    }
    Pattern p = Pattern.compile(re.toString());
    return stored.stream()
        .map(SeriesInfo::id)
        .filter(id -> p.matcher(id.toString()).matches())
        .toList();
  }
}
