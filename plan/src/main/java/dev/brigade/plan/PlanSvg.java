package dev.brigade.plan;

import java.util.List;
import java.util.Locale;

/**
 * The plan as two pictures: a funnel of requests/s entering each layer at design load (the seed's
 * "layering: less traffic at each step"), and requests per hour over the whole period with the
 * typical and the absolute peak marked. Every text is escaped; nothing from a log is trusted.
 */
public final class PlanSvg {
  private static final int WIDTH = 960;

  private PlanSvg() {}

  /** The funnel: one bar per layer, as wide as the traffic entering it. */
  public static String funnel(PlanResult plan) {
    List<LayerLoad> layers = plan.layers();
    int row = 56;
    int top = 60;
    int height = top + row * Math.max(1, layers.size()) + 30;
    double max = layers.stream().mapToDouble(LayerLoad::incoming).max().orElse(0);
    int barMax = 520;
    int center = 200 + barMax / 2;
    StringBuilder s = header(height);
    text(
        s,
        20,
        30,
        18,
        "start",
        String.format(
            Locale.ROOT,
            "Requests/s entering each layer at design load: %s req/s (growth %s)",
            PlanText.rate(plan.design().perSecond()),
            PlanText.pct(plan.design().growth())));
    for (int i = 0; i < layers.size(); i++) {
      LayerLoad l = layers.get(i);
      int y = top + i * row;
      double w = max == 0 ? 2 : Math.max(2, l.incoming() / max * barMax);
      boolean short_ = l.headroom() != null && l.headroom() < 0;
      s.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"4\" fill=\"%s\"/>%n",
              center - w / 2,
              y,
              w,
              row - 16,
              short_ ? "#d9534f" : "#4a90d9"));
      text(s, 20, y + 18, 15, "start", l.name());
      text(s, 20, y + 34, 11, "start", String.join(", ", l.roles()));
      text(
          s,
          center + barMax / 2 + 20,
          y + 18,
          13,
          "start",
          PlanText.rate(l.incoming()) + " req/s in, " + PlanText.rate(l.passedOn()) + " on");
      text(
          s,
          center + barMax / 2 + 20,
          y + 34,
          11,
          "start",
          l.needed() == null
              ? "no servers of ours"
              : l.needed() + " needed (N+1), " + l.current() + " in the model");
    }
    return s.append("</svg>\n").toString();
  }

  /** Requests per hour over the period; the typical peak hour green, the absolute peak red. */
  public static String hourly(PlanResult plan) {
    TrafficReport t = plan.traffic();
    List<TrafficReport.HourCount> hours = t.hours();
    int height = 320;
    int left = 70;
    int plotW = WIDTH - left - 20;
    int plotTop = 50;
    int plotH = 220;
    StringBuilder s = header(height);
    text(
        s,
        20,
        30,
        18,
        "start",
        "Requests per hour, "
            + (t.first() == null ? "no requests" : t.first() + " to " + t.last()));
    long max = hours.stream().mapToLong(TrafficReport.HourCount::requests).max().orElse(0);
    double bw = hours.isEmpty() ? 0 : (double) plotW / hours.size();
    String typical = t.typicalPeak() == null ? "" : t.typicalPeak().start();
    String absolute = t.absolutePeak() == null ? "" : t.absolutePeak().start();
    for (int i = 0; i < hours.size(); i++) {
      TrafficReport.HourCount h = hours.get(i);
      if (h.requests() == 0) {
        continue;
      }
      double bh = (double) h.requests() / max * plotH;
      String fill =
          h.start().equals(absolute)
              ? "#d9534f"
              : h.start().equals(typical) ? "#2e8b57" : "#4a90d9";
      s.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"/>%n",
              left + i * bw,
              plotTop + plotH - bh,
              Math.max(bw, 1.0),
              bh,
              fill));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
            left,
            plotTop + plotH,
            left + plotW,
            plotTop + plotH));
    text(s, left - 6, plotTop + 10, 11, "end", PlanText.n(max));
    text(s, left - 6, plotTop + plotH, 11, "end", "0");
    int step = Math.max(1, hours.size() / 24 / 8) * 24;
    for (int i = 0; i < hours.size(); i += step) {
      text(
          s,
          (int) (left + i * bw),
          plotTop + plotH + 16,
          10,
          "start",
          hours.get(i).start().substring(0, Math.min(10, hours.get(i).start().length())));
    }
    if (t.typicalPeak() != null) {
      text(
          s,
          left,
          height - 12,
          12,
          "start",
          "typical peak (p"
              + t.percentile()
              + ", green): "
              + t.typicalPeak().start()
              + " "
              + PlanText.n(t.typicalPeak().requests())
              + " requests; absolute peak (red): "
              + t.absolutePeak().start()
              + " "
              + PlanText.n(t.absolutePeak().requests()));
    }
    return s.append("</svg>\n").toString();
  }

  private static StringBuilder header(int height) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d"
                + " %d\" font-family=\"sans-serif\">%n",
            WIDTH,
            height,
            WIDTH,
            height));
    s.append(
        String.format(
            Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", WIDTH, height));
    return s;
  }

  private static void text(StringBuilder s, int x, int y, int size, String anchor, String text) {
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" font-size=\"%d\" text-anchor=\"%s\">%s</text>%n",
            x,
            y,
            size,
            anchor,
            escape(text)));
  }

  /** XML text and attribute escaping; control characters (not allowed in XML 1.0) dropped. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&apos;");
        default -> {
          if (c >= 0x20 || c == '\t') {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
