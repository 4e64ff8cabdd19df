package dev.brigade.plan;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The plan as a terminal report: peaks, weekday profile, hit distribution, layers. */
public final class PlanText {
  private static final String BARS = "▁▂▃▄▅▆▇█";
  private static final List<String> DAYS = List.of("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun");

  private PlanText() {}

  /** The whole report, lines ending in {@code \n}. */
  public static String render(PlanResult plan) {
    StringBuilder b = new StringBuilder();
    TrafficReport t = plan.traffic();
    reading(b, t);
    if (t.typicalPeak() == null) {
      b.append("No requests in the logs: nothing to plan.\n");
      return b.toString();
    }
    peaks(b, plan);
    profile(b, t);
    classes(b, t);
    layers(b, plan);
    return b.toString();
  }

  private static void reading(StringBuilder b, TrafficReport t) {
    b.append(
        String.format(
            Locale.ROOT,
            "Read %d %s (%s): %s lines, %s requests, %s malformed%n",
            t.files().size(),
            t.files().size() == 1 ? "file" : "files",
            String.join(", ", t.formats().values().stream().distinct().toList()),
            n(t.lines()),
            n(t.requests()),
            n(t.malformed())));
    for (TrafficReport.Malformed m : t.malformedExamples()) {
      b.append("  ").append(m).append('\n');
    }
    if (t.malformed() > t.malformedExamples().size()) {
      b.append("  ... and ").append(n(t.malformed() - t.malformedExamples().size()));
      b.append(" more malformed lines\n");
    }
    for (String p : t.problems()) {
      b.append("  problem: ").append(p).append('\n');
    }
    if (t.first() != null) {
      b.append(
          String.format(
              Locale.ROOT,
              "Period: %s to %s, %d days (local times %s)%n",
              t.first(),
              t.last(),
              t.days(),
              t.zone().equals("as logged") ? "as logged" : "in " + t.zone()));
    }
  }

  private static void peaks(StringBuilder b, PlanResult plan) {
    TrafficReport t = plan.traffic();
    b.append("\nPeak traffic\n");
    b.append(
        String.format(
            Locale.ROOT,
            "  %-22s %-30s %10s %10s %12s %12s%n",
            "",
            "hour (local)",
            "requests",
            "avg req/s",
            "peak minute",
            "peak second"));
    peakRow(b, "absolute peak", t.absolutePeak());
    peakRow(b, "typical peak (p" + t.percentile() + ")", t.typicalPeak());
    b.append(
        String.format(
            Locale.ROOT,
            "  the typical peak is the %s percentile of the %d daily peak hours, so one freak"
                + " day does not size the cluster%n",
            ordinal(t.percentile()),
            t.days()));
    DesignLoad d = plan.design();
    b.append(
        String.format(
            Locale.ROOT,
            "  design load: %s req/s (%s of the typical peak hour) x %.2f (growth %s) = %s req/s%n",
            rate(d.typicalPerSecond()),
            switch (d.basis()) {
              case "hour" -> "average";
              case "second" -> "busiest second";
              default -> "busiest minute";
            },
            1 + d.growth(),
            pct(d.growth()),
            rate(d.perSecond())));
  }

  private static void peakRow(StringBuilder b, String what, TrafficReport.Peak p) {
    b.append(
        String.format(
            Locale.ROOT,
            "  %-22s %-30s %10s %10s %12s %12s%n",
            what,
            p.weekday() + " " + p.start(),
            n(p.requests()),
            rate(p.perSecond()),
            p.peakMinutePerSecond() == null ? "-" : rate(p.peakMinutePerSecond()),
            p.peakSecond() == null ? "-" : n(p.peakSecond())));
  }

  private static void profile(StringBuilder b, TrafficReport t) {
    b.append("\nRequests per hour by weekday (average; local hours 00-23)\n");
    double max = 0;
    for (List<Double> row : t.weekdayHours()) {
      for (double v : row) {
        max = Math.max(max, v);
      }
    }
    for (int d = 0; d < 7; d++) {
      List<Double> row = t.weekdayHours().get(d);
      StringBuilder spark = new StringBuilder();
      int peak = 0;
      for (int h = 0; h < 24; h++) {
        double v = row.get(h);
        if (v > row.get(peak)) {
          peak = h;
        }
        int i = max == 0 ? 0 : (int) Math.round(v / max * (BARS.length() - 1));
        spark.append(BARS.charAt(i));
      }
      b.append(
          String.format(
              Locale.ROOT,
              "  %s %s  peak %02d:00 %s/h%n",
              DAYS.get(d),
              spark,
              peak,
              n(Math.round(row.get(peak)))));
    }
  }

  private static void classes(StringBuilder b, TrafficReport t) {
    b.append("\nHit distribution\n");
    b.append(
        String.format(
            Locale.ROOT,
            "  %-8s %12s %7s %10s  %s%n",
            "class",
            "requests",
            "share",
            "bytes",
            "edge hit rate (from the log's cache status)"));
    for (Map.Entry<String, TrafficReport.ClassStats> e : t.classes().entrySet()) {
      TrafficReport.ClassStats c = e.getValue();
      b.append(
          String.format(
              Locale.ROOT,
              "  %-8s %12s %7s %10s  %s%n",
              e.getKey(),
              n(c.requests()),
              pct(c.share()),
              size(c.bytes()),
              c.measuredHitRate() == null
                  ? "-"
                  : pct(c.measuredHitRate())
                      + " of "
                      + n(c.cacheHits() + c.cacheMisses())
                      + " with a status"));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "  cacheable (green + yellow): %s of requests, what the edge can absorb%n",
            pct(t.cacheableShare())));
    for (Map.Entry<String, TrafficReport.ClassStats> e : t.classes().entrySet()) {
      List<TrafficReport.UrlCount> top = e.getValue().top();
      if (top.isEmpty()) {
        continue;
      }
      b.append("  top ").append(e.getKey()).append(':');
      for (int i = 0; i < Math.min(5, top.size()); i++) {
        b.append(i == 0 ? " " : ", ").append(shorten(top.get(i).path()));
        b.append(' ').append(n(top.get(i).requests()));
      }
      b.append('\n');
    }
  }

  private static void layers(StringBuilder b, PlanResult plan) {
    b.append(
        String.format(
            Locale.ROOT,
            "%nLayers at design load (%s req/s; servers counted in stage %s)%n",
            rate(plan.design().perSecond()),
            plan.stage()));
    String fmt = "  %-9s %-22s %9s  %-38s %9s %10s %7s %8s %9s%n";
    b.append(
        String.format(
            Locale.ROOT,
            fmt,
            "layer",
            "roles",
            "in req/s",
            "hit rate",
            "passes on",
            "per server",
            "needed",
            "current",
            "headroom"));
    for (LayerLoad l : plan.layers()) {
      b.append(
          String.format(
              Locale.ROOT,
              fmt,
              l.name(),
              shorten(l.roles().isEmpty() ? "-" : String.join(", ", l.roles()), 22),
              rate(l.incoming()),
              hitRates(l),
              rate(l.passedOn()),
              l.capacity() == null ? "-" : rate(l.capacity()),
              l.needed() == null ? "-" : l.needed(),
              l.capacity() == null ? "-" : Integer.toString(l.current()),
              l.headroom() == null
                  ? "-"
                  : l.headroom() < 0
                      ? l.headroom() + " SHORT"
                      : (l.headroom() > 0 ? "+" : "") + l.headroom()));
    }
    b.append(
        "  needed = servers for the load entering the layer, plus one (N+1);"
            + " per server = requests/s one server handles\n");
  }

  private static String hitRates(LayerLoad l) {
    List<Double> h = l.hitRates();
    if (h.stream().allMatch(v -> v == 0)) {
      return "-";
    }
    String s =
        h.get(0).equals(h.get(1)) && h.get(1).equals(h.get(2))
            ? pct(h.get(0))
            : "g " + pct(h.get(0)) + " y " + pct(h.get(1)) + " r " + pct(h.get(2));
    return s + " (" + l.hitRateSource() + ")";
  }

  static String n(long v) {
    return String.format(Locale.ROOT, "%,d", v);
  }

  static String rate(double v) {
    return v >= 100
        ? String.format(Locale.ROOT, "%,.0f", v)
        : String.format(Locale.ROOT, "%.1f", v);
  }

  static String pct(double v) {
    return String.format(Locale.ROOT, "%.1f%%", v * 100);
  }

  private static String size(long bytes) {
    String[] units = {"B", "KB", "MB", "GB", "TB"};
    double v = bytes;
    int u = 0;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
  }

  private static String ordinal(int p) {
    int teen = p % 100;
    String suffix =
        teen >= 11 && teen <= 13
            ? "th"
            : switch (p % 10) {
              case 1 -> "st";
              case 2 -> "nd";
              case 3 -> "rd";
              default -> "th";
            };
    return p + suffix;
  }

  private static String shorten(String s) {
    return shorten(s, 48);
  }

  private static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }
}
