package dev.brigade.metrics;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Lays a {@link Graph} out in pixels: axes, grid, lines or stacked areas, bands, markers. Pure. */
final class PlotLayout {
  static final int LEFT = 70;
  static final int RIGHT = 24;
  static final int TOP = 30;
  static final int LEGEND_ROW = 16;
  static final String[] PALETTE = {
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"
  };

  private PlotLayout() {}

  static Plot.Image layout(Graph g) {
    GraphSpec spec = g.spec();
    int w = spec.width();
    int h = spec.height();
    int maxRows = Math.max(0, (h - TOP - 30 - 60) / LEGEND_ROW);
    int rows = Math.min(g.data().size(), maxRows);
    double plotTop = TOP;
    double plotBottom = h - 30 - rows * LEGEND_ROW - 6;
    double plotLeft = LEFT;
    double plotRight = w - RIGHT;
    List<Plot> out = new ArrayList<>();
    out.add(new Plot.Box("background", 0, 0, w, h, "#ffffff"));
    out.add(new Plot.Text("title", w / 2.0, 18, spec.title(), "middle", 14, "#000000"));

    // values to draw: stacked lines are cumulative
    int n = g.data().size();
    double[][] top = new double[n][];
    double[][] bottom = new double[n][];
    for (int i = 0; i < n; i++) {
      double[] v = g.data().get(i).values();
      top[i] = v.clone();
      bottom[i] = new double[v.length];
      if (spec.stacked() && i > 0) {
        for (int j = 0; j < v.length; j++) {
          double below = j < top[i - 1].length ? top[i - 1][j] : Double.NaN;
          below = Double.isNaN(below) ? 0 : below;
          bottom[i][j] = below;
          top[i][j] = Double.isNaN(v[j]) ? below : below + v[j];
        }
      }
    }
    double min = 0;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < top[i].length; j++) {
        max = Math.max(max, nz(top[i][j], max));
        min = Math.min(min, nz(top[i][j], min));
        if (spec.bands() && !spec.stacked()) {
          max = Math.max(max, nz(g.data().get(i).max()[j], max));
          min = Math.min(min, nz(g.data().get(i).min()[j], min));
        }
      }
    }
    for (GraphSpec.Threshold t : spec.thresholds()) {
      max = Math.max(max, t.value());
      min = Math.min(min, t.value());
    }
    boolean empty = max == Double.NEGATIVE_INFINITY;
    if (empty) {
      max = 1;
    }
    String unit = g.unit().orElse("");
    AxisScale.Scaled scale = AxisScale.scale(unit, Math.max(Math.abs(max), Math.abs(min)));
    double yMax = AxisScale.niceMax(max / scale.factor()) * scale.factor();
    double yMin = min < 0 ? -AxisScale.niceMax(-min / scale.factor()) * scale.factor() : 0;
    Mapper m = new Mapper(g.from(), g.to(), yMin, yMax, plotLeft, plotRight, plotTop, plotBottom);

    // grid and axes
    for (double t : AxisScale.ticks(yMin / scale.factor(), yMax / scale.factor(), 5)) {
      double y = m.y(t * scale.factor());
      out.add(new Plot.Line("grid", plotLeft, y, plotRight, y, "#e0e0e0", false));
      out.add(
          new Plot.Text("label", plotLeft - 6, y + 4, AxisScale.format(t), "end", 11, "#333333"));
    }
    Duration range = Duration.between(g.from(), g.to());
    DateTimeFormatter fmt = AxisScale.timeFormat(range, g.zone());
    int maxTicks = Math.max(2, (int) ((plotRight - plotLeft) / 90));
    for (Instant t : AxisScale.timeTicks(g.from(), g.to(), maxTicks, g.zone())) {
      double x = m.x(t);
      out.add(new Plot.Line("grid", x, plotTop, x, plotBottom, "#e0e0e0", false));
      out.add(new Plot.Text("label", x, plotBottom + 15, fmt.format(t), "middle", 11, "#333333"));
    }
    out.add(new Plot.Line("axis", plotLeft, plotBottom, plotRight, plotBottom, "#000000", false));
    out.add(new Plot.Line("axis", plotLeft, plotTop, plotLeft, plotBottom, "#000000", false));
    if (!scale.unit().isEmpty()) {
      out.add(new Plot.Text("unit", 8, plotTop - 8, scale.unit(), "start", 11, "#333333"));
    }
    if (empty) {
      out.add(
          new Plot.Text(
              "label",
              (plotLeft + plotRight) / 2,
              (plotTop + plotBottom) / 2,
              "no data",
              "middle",
              13,
              "#999999"));
    }

    // bands, then areas, then lines
    for (int i = 0; i < n; i++) {
      SeriesData d = g.data().get(i);
      GraphSpec.Line line = spec.lines().get(i);
      String color = line.color().orElse(PALETTE[i % PALETTE.length]);
      if (spec.stacked()) {
        for (int[] seg : segments(d.values())) {
          out.add(
              new Plot.Area(
                  "series-area", polygon(m, d, top[i], bottom[i], seg), color, 0.6, line.legend()));
        }
      } else if (spec.bands()) {
        for (int[] seg : segments(d.max())) {
          out.add(
              new Plot.Area(
                  "band", polygon(m, d, d.max(), d.min(), seg), color, 0.18, line.legend()));
        }
      }
    }
    for (int i = 0; i < n; i++) {
      SeriesData d = g.data().get(i);
      GraphSpec.Line line = spec.lines().get(i);
      String color = line.color().orElse(PALETTE[i % PALETTE.length]);
      for (int[] seg : segments(d.values())) {
        double[] xy = new double[2 * (seg[1] - seg[0])];
        for (int j = seg[0]; j < seg[1]; j++) {
          xy[2 * (j - seg[0])] = m.x(d.time(j));
          xy[2 * (j - seg[0]) + 1] = m.y(top[i][j]);
        }
        out.add(new Plot.Path("series", xy, color, 1.5, line.legend()));
      }
    }
    for (GraphSpec.Threshold t : spec.thresholds()) {
      double y = m.y(t.value());
      String c = t.color().isEmpty() ? "#d62728" : t.color();
      out.add(new Plot.Line("threshold", plotLeft, y, plotRight, y, c, true));
      out.add(new Plot.Text("threshold", plotRight - 2, y - 3, t.label(), "end", 10, c));
    }
    for (Event e : g.events()) {
      double x = m.x(e.at());
      out.add(new Plot.Line("event", x, plotTop, x, plotBottom, "#555555", true));
      out.add(
          new Plot.Text(
              "event", x + 3, plotTop + 10, e.kind() + ": " + e.text(), "start", 10, "#555555"));
    }

    // legend: name, then avg / min / max / last in the axis' unit
    for (int i = 0; i < rows; i++) {
      SeriesData d = g.data().get(i);
      GraphSpec.Line line = spec.lines().get(i);
      double y = plotBottom + 30 + i * LEGEND_ROW;
      out.add(
          new Plot.Box(
              "legend", plotLeft, y - 9, 10, 10, line.color().orElse(PALETTE[i % PALETTE.length])));
      double[] s = summary(d.values());
      String text =
          line.legend()
              + "   avg "
              + AxisScale.format(s[0] / scale.factor())
              + "  min "
              + AxisScale.format(s[1] / scale.factor())
              + "  max "
              + AxisScale.format(s[2] / scale.factor())
              + "  last "
              + AxisScale.format(s[3] / scale.factor())
              + (scale.unit().isEmpty() ? "" : " " + scale.unit());
      out.add(new Plot.Text("legend", plotLeft + 16, y, text, "start", 11, "#000000"));
    }
    return new Plot.Image(w, h, out);
  }

  /** avg, min, max, last of the known values. */
  static double[] summary(double[] v) {
    double sum = 0;
    double lo = Double.NaN;
    double hi = Double.NaN;
    double last = Double.NaN;
    int k = 0;
    for (double x : v) {
      if (!Double.isNaN(x) && !Double.isInfinite(x)) {
        sum += x;
        k++;
        lo = Double.isNaN(lo) ? x : Math.min(lo, x);
        hi = Double.isNaN(hi) ? x : Math.max(hi, x);
        last = x;
      }
    }
    return new double[] {k == 0 ? Double.NaN : sum / k, lo, hi, last};
  }

  /** Runs of known values: [start, end) index pairs. */
  static List<int[]> segments(double[] v) {
    List<int[]> out = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= v.length; i++) {
      boolean known = i < v.length && !Double.isNaN(v[i]) && !Double.isInfinite(v[i]);
      if (known && start < 0) {
        start = i;
      } else if (!known && start >= 0) {
        out.add(new int[] {start, i});
        start = -1;
      }
    }
    return out;
  }

  private static double[] polygon(
      Mapper m, SeriesData d, double[] upper, double[] lower, int[] seg) {
    int k = seg[1] - seg[0];
    double[] xy = new double[4 * k];
    for (int j = 0; j < k; j++) {
      int idx = seg[0] + j;
      xy[2 * j] = m.x(d.time(idx));
      xy[2 * j + 1] = m.y(nz(upper[idx], 0));
      int back = seg[1] - 1 - j;
      xy[2 * k + 2 * j] = m.x(d.time(back));
      xy[2 * k + 2 * j + 1] = m.y(nz(lower[back], 0));
    }
    return xy;
  }

  private static double nz(double v, double fallback) {
    return Double.isNaN(v) || Double.isInfinite(v) ? fallback : v;
  }

  /** Time and value to pixels. */
  record Mapper(
      Instant from,
      Instant to,
      double yMin,
      double yMax,
      double left,
      double right,
      double top,
      double bottom) {
    double x(Instant t) {
      double f =
          (double) Duration.between(from, t).toMillis()
              / Math.max(1, Duration.between(from, to).toMillis());
      return round(left + Math.max(0, Math.min(1, f)) * (right - left));
    }

    double y(double v) {
      double f = (v - yMin) / (yMax - yMin);
      return round(bottom - Math.max(0, Math.min(1, f)) * (bottom - top));
    }

    private static double round(double p) {
      return Math.round(p * 10) / 10.0;
    }
  }
}
