package dev.brigade.box.views;

import static dev.brigade.box.web.Html.escape;

import dev.brigade.box.views.LayerDiagram.Dot;
import dev.brigade.box.views.LayerDiagram.Step;
import java.util.Locale;
import java.util.Map;

/**
 * Draws a {@link LayerDiagram} as SVG: one band per layer, outermost at the top; on the left a bar
 * as wide as the traffic entering the layer (so the picture narrows at each step, as the seed draws
 * it), then the layer's hit rate, its servers as dots in their monitor state, and the plan's design
 * load. Colours are presentation attributes, so the box's CSP needs no inline style.
 */
final class ClusterSvg {
  static final int WIDTH = 1180;
  private static final int TOP = 92;
  private static final int DOTS_PER_ROW = 24;
  private static final int MAX_DOT_ROWS = 4;
  private static final int BAR_X = 24;
  private static final int BAR_W = 260;
  private static final String FONT = "DejaVu Sans, Verdana, sans-serif";

  private ClusterSvg() {}

  static String color(Dot d) {
    return switch (d) {
      case OK -> "#2e9d4f";
      case WARNING -> "#e8a317";
      case CRITICAL -> "#d3302f";
      case UNKNOWN -> "#a0a4ab";
    };
  }

  static String render(LayerDiagram d) {
    double max = 0;
    for (Step s : d.layers()) {
      max = Math.max(max, s.incoming() == null ? 0 : s.incoming());
    }
    int height = TOP;
    for (Step s : d.layers()) {
      height += rowHeight(s);
    }
    height += 34;
    StringBuilder b = new StringBuilder(8192);
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"cluster-diagram\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(height)
        .append("\" font-family=\"")
        .append(FONT)
        .append("\" data-at=\"")
        .append(escape(d.at()))
        .append("\">\n");
    b.append("<rect width=\"100%\" height=\"100%\" fill=\"#f7f8fa\"/>\n");
    text(b, 24, 36, 22, "#1d2733", "bold", "start", d.cluster(), "title");
    text(
        b,
        24,
        60,
        13,
        "#5b6675",
        "normal",
        "start",
        "layering: less traffic at each step \u2014 requests/s entering each layer, the share it"
            + " answers itself, its servers",
        "subtitle");
    legend(b);
    int y = TOP;
    StringBuilder arrows = new StringBuilder();
    for (int i = 0; i < d.layers().size(); i++) {
      Step s = d.layers().get(i);
      int h = rowHeight(s);
      layer(b, s, y, h, max, d.planned());
      if (i + 1 < d.layers().size()) {
        Step next = d.layers().get(i + 1);
        if (next.depth() > s.depth()) {
          arrow(arrows, s, y + h - 36, y + h + 4);
        } else {
          sibling(arrows, y + h - 36, y + h + 4); // both beneath the same layer
        }
      }
      y += h;
    }
    b.append(arrows); // over the bands, so the heads show
    text(
        b,
        24,
        height - 12,
        11,
        "#8a93a0",
        "normal",
        "start",
        "read "
            + d.at()
            + (d.planned()
                ? ""
                : " \u00b7 no plan: write brigade plan --json to plan.json in the box's data directory"),
        "footer");
    return b.append("</svg>\n").toString();
  }

  private static int rowHeight(Step s) {
    int rows =
        Math.min(MAX_DOT_ROWS, Math.max(1, (s.servers().size() + DOTS_PER_ROW - 1) / DOTS_PER_ROW));
    return Math.max(132, 70 + rows * 18);
  }

  private static void legend(StringBuilder b) {
    int[] widths = {48, 82, 76, 80};
    int x = WIDTH - 330;
    for (Dot d : Dot.values()) {
      b.append(
          String.format(
              Locale.ROOT, "<circle cx=\"%d\" cy=\"31\" r=\"6\" fill=\"%s\"/>", x, color(d)));
      text(b, x + 11, 35, 12, "#3b4654", "normal", "start", d.name().toLowerCase(Locale.ROOT), "");
      x += widths[d.ordinal()];
    }
    b.append('\n');
  }

  private static void layer(StringBuilder b, Step s, int y, int h, double max, boolean planned) {
    b.append("<g class=\"layer\" data-layer=\"").append(escape(s.name())).append("\">\n");
    b.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"12\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"10\" fill=\"#ffffff\""
                + " stroke=\"#dde1e7\"/>\n",
            y + 4,
            WIDTH - 24,
            h - 40));
    int barY = y + 22;
    if (s.incoming() == null) {
      b.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"44\" rx=\"8\" fill=\"none\""
                  + " stroke=\"#b8bec7\" stroke-dasharray=\"5 4\"/>\n",
              BAR_X + BAR_W / 2 - 60,
              barY,
              120));
      text(b, BAR_X + BAR_W / 2, barY + 28, 14, "#8a93a0", "normal", "middle", "no data", "rate");
    } else {
      double share = max <= 0 ? 0 : s.incoming() / max;
      int w = (int) Math.round(56 + (BAR_W - 56) * Math.sqrt(share));
      b.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"traffic\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"44\" rx=\"8\""
                  + " fill=\"#2f6db5\"/>\n",
              BAR_X + (BAR_W - w) / 2,
              barY,
              w));
      text(
          b,
          BAR_X + BAR_W / 2,
          barY + 28,
          15,
          "#ffffff",
          "bold",
          "middle",
          rate(s.incoming()) + " req/s",
          "rate");
    }
    int x = BAR_X + BAR_W + 28;
    text(b, x, y + 34, 19, "#1d2733", "bold", "start", s.name(), "name");
    String sub =
        "role "
            + s.role()
            + " \u00b7 "
            + s.servers().size()
            + (s.servers().size() == 1 ? " server" : " servers")
            + (s.pools().isEmpty() ? "" : " \u00b7 to " + String.join(", ", s.pools()));
    text(b, x, y + 53, 12, "#5b6675", "normal", "start", sub, "role");
    hitRate(b, s, x, y + 66);
    dots(b, s, 640, y + 26);
    design(b, s, WIDTH - 190, y + 30, planned);
    b.append("</g>\n");
  }

  private static void hitRate(StringBuilder b, Step s, int x, int y) {
    int w = 220;
    b.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"9\" rx=\"4\" fill=\"#e6e9ee\"/>",
            x,
            y,
            w));
    String label;
    if (s.hitRate() == null) {
      label = "hit rate: no data";
    } else {
      b.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"hit\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"9\" rx=\"4\""
                  + " fill=\"#2e9d4f\"/>",
              x,
              y,
              w * s.hitRate()));
      label =
          switch (s.hitRateSource()) {
            case "last" -> "answers all it receives";
            case "checks" -> "hit rate " + percent(s.hitRate()) + " (its checks)";
            default -> "answers " + percent(s.hitRate()) + " itself";
          };
    }
    b.append('\n');
    text(b, x, y + 24, 12, "#3b4654", "normal", "start", label, "hitrate");
  }

  private static void dots(StringBuilder b, Step s, int x0, int y0) {
    int shown = Math.min(s.servers().size(), DOTS_PER_ROW * MAX_DOT_ROWS);
    for (int i = 0; i < shown; i++) {
      LayerDiagram.Server srv = s.servers().get(i);
      int cx = x0 + (i % DOTS_PER_ROW) * 15;
      int cy = y0 + (i / DOTS_PER_ROW) * 18;
      String state = srv.state().name().toLowerCase(Locale.ROOT);
      b.append(
              String.format(
                  Locale.ROOT,
                  "<circle class=\"dot %s\" data-host=\"%s\" cx=\"%d\" cy=\"%d\" r=\"6\""
                      + " fill=\"%s\"><title>",
                  state,
                  escape(srv.host()),
                  cx,
                  cy,
                  color(srv.state())))
          .append(escape(srv.host()))
          .append(": ")
          .append(state)
          .append("</title></circle>");
    }
    b.append('\n');
    int rows = Math.max(1, (shown + DOTS_PER_ROW - 1) / DOTS_PER_ROW);
    StringBuilder counts = new StringBuilder();
    for (Map.Entry<Dot, Integer> e : s.counts().entrySet()) {
      if (e.getValue() > 0) {
        counts
            .append(counts.isEmpty() ? "" : " \u00b7 ")
            .append(e.getValue())
            .append(' ')
            .append(e.getKey().name().toLowerCase(Locale.ROOT));
      }
    }
    if (shown < s.servers().size()) {
      counts.append(" (").append(s.servers().size() - shown).append(" more not drawn)");
    }
    if (s.servers().isEmpty()) {
      counts.append("no servers with role ").append(s.role());
    }
    text(
        b,
        x0 - 6,
        y0 + rows * 18 + 8,
        12,
        "#5b6675",
        "normal",
        "start",
        counts.toString(),
        "counts");
  }

  private static void design(StringBuilder b, Step s, int x, int y, boolean planned) {
    LayerDiagram.Design d = s.design();
    if (d == null) {
      text(
          b,
          x,
          y,
          12,
          "#8a93a0",
          "normal",
          "start",
          planned ? "not in the plan" : "no plan",
          "design");
      return;
    }
    text(b, x, y, 11, "#5b6675", "normal", "start", "DESIGN LOAD", "design");
    text(b, x, y + 19, 15, "#1d2733", "bold", "start", rate(d.incoming()) + " req/s", "design");
    String servers =
        d.needed() == null
            ? "no servers planned"
            : "needs " + d.needed() + " \u00b7 has " + d.current();
    boolean shortfall = d.needed() != null && d.current() < d.needed();
    text(b, x, y + 37, 12, shortfall ? "#d3302f" : "#3b4654", "normal", "start", servers, "design");
    if (d.utilisation() != null) {
      text(
          b,
          x,
          y + 54,
          12,
          "#3b4654",
          "normal",
          "start",
          percent(d.utilisation()) + " of capacity",
          "design");
    }
  }

  private static void arrow(StringBuilder b, Step s, int y1, int y2) {
    int x = BAR_X + BAR_W / 2;
    b.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#7a8594\" stroke-width=\"2\"/>"
                + "<polygon points=\"%d,%d %d,%d %d,%d\" fill=\"#7a8594\"/>\n",
            x,
            y1,
            x,
            y2 - 6,
            x - 6,
            y2 - 8,
            x + 6,
            y2 - 8,
            x,
            y2));
    String label =
        s.passedOn() == null
            ? "passes down: no data"
            : "passes down " + rate(s.passedOn()) + " req/s";
    text(b, x + 12, (y1 + y2) / 2 + 4, 12, "#5b6675", "normal", "start", label, "passed");
  }

  private static void sibling(StringBuilder b, int y1, int y2) {
    int x = BAR_X + BAR_W / 2;
    b.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#b8bec7\""
                + " stroke-width=\"2\" stroke-dasharray=\"3 4\"/>\n",
            x,
            y1,
            x,
            y2));
  }

  private static void text(
      StringBuilder b,
      double x,
      double y,
      int size,
      String fill,
      String weight,
      String anchor,
      String text,
      String cls) {
    b.append(
            String.format(
                Locale.ROOT,
                "<text%s x=\"%.0f\" y=\"%.0f\" font-size=\"%d\" fill=\"%s\"%s text-anchor=\"%s\">",
                cls.isEmpty() ? "" : " class=\"" + cls + "\"",
                x,
                y,
                size,
                fill,
                weight.equals("normal") ? "" : " font-weight=\"" + weight + "\"",
                anchor))
        .append(escape(text))
        .append("</text>\n");
  }

  /** A rate as people read it: one decimal below 10, whole numbers with separators above. */
  static String rate(double v) {
    if (v < 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%,d", Math.round(v));
  }

  static String percent(double share) {
    return String.format(Locale.ROOT, "%.0f%%", share * 100);
  }
}
