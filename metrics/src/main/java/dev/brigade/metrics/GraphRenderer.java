package dev.brigade.metrics;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws a {@link Graph} as SVG (every text escaped) or PNG (Java 2D, headless), from one layout so
 * both look the same.
 *
 * <pre>{@code
 * Files.writeString(Path.of("load.svg"), GraphRenderer.svg(graph));
 * Files.write(Path.of("load.png"), GraphRenderer.png(graph));
 * }</pre>
 */
public final class GraphRenderer {
  private GraphRenderer() {}

  /** The graph as an SVG document. */
  public static String svg(Graph g) {
    Plot.Image img = PlotLayout.layout(g);
    StringBuilder b = new StringBuilder(16384);
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(img.width())
        .append("\" height=\"")
        .append(img.height())
        .append("\" viewBox=\"0 0 ")
        .append(img.width())
        .append(' ')
        .append(img.height())
        .append("\" font-family=\"DejaVu Sans, Verdana, sans-serif\">\n");
    for (Plot p : img.items()) {
      switch (p) {
        case Plot.Box r ->
            b.append(
                String.format(
                    Locale.ROOT,
                    "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
                    r.role(),
                    r.x(),
                    r.y(),
                    r.w(),
                    r.h(),
                    r.color()));
        case Plot.Line l ->
            b.append(
                String.format(
                    Locale.ROOT,
                    "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"%s/>%n",
                    l.role(),
                    l.x1(),
                    l.y1(),
                    l.x2(),
                    l.y2(),
                    l.color(),
                    l.dashed() ? " stroke-dasharray=\"4 3\"" : ""));
        case Plot.Path p2 ->
            b.append("<polyline class=\"")
                .append(p2.role())
                .append("\" data-name=\"")
                .append(escape(p2.name()))
                .append("\" fill=\"none\" stroke=\"")
                .append(p2.color())
                .append("\" stroke-width=\"")
                .append(p2.width())
                .append("\" points=\"")
                .append(points(p2.xy()))
                .append("\"/>\n");
        case Plot.Area a ->
            b.append("<polygon class=\"")
                .append(a.role())
                .append("\" data-name=\"")
                .append(escape(a.name()))
                .append("\" fill=\"")
                .append(a.color())
                .append("\" fill-opacity=\"")
                .append(a.opacity())
                .append("\" stroke=\"none\" points=\"")
                .append(points(a.xy()))
                .append("\"/>\n");
        case Plot.Text t ->
            b.append(
                    String.format(
                        Locale.ROOT,
                        "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" fill=\"%s\">",
                        t.role(),
                        t.x(),
                        t.y(),
                        t.anchor(),
                        t.size(),
                        t.color()))
                .append(escape(t.text()))
                .append("</text>\n");
      }
    }
    return b.append("</svg>\n").toString();
  }

  /** The graph as a PNG image. */
  public static byte[] png(Graph g) {
    System.setProperty("java.awt.headless", "true");
    Plot.Image img = PlotLayout.layout(g);
    BufferedImage bi = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_RGB);
    Graphics2D gr = bi.createGraphics();
    try {
      gr.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      gr.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      for (Plot p : img.items()) {
        switch (p) {
          case Plot.Box r -> {
            gr.setColor(Color.decode(r.color()));
            gr.fill(new java.awt.geom.Rectangle2D.Double(r.x(), r.y(), r.w(), r.h()));
          }
          case Plot.Line l -> {
            gr.setColor(Color.decode(l.color()));
            gr.setStroke(
                l.dashed()
                    ? new BasicStroke(
                        1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4, 3}, 0)
                    : new BasicStroke(1));
            gr.draw(new java.awt.geom.Line2D.Double(l.x1(), l.y1(), l.x2(), l.y2()));
          }
          case Plot.Path p2 -> {
            gr.setColor(Color.decode(p2.color()));
            gr.setStroke(new BasicStroke((float) p2.width()));
            gr.draw(path(p2.xy(), false));
          }
          case Plot.Area a -> {
            Color c = Color.decode(a.color());
            gr.setColor(
                new Color(
                    c.getRed(), c.getGreen(), c.getBlue(), (int) Math.round(255 * a.opacity())));
            gr.fill(path(a.xy(), true));
          }
          case Plot.Text t -> {
            gr.setColor(Color.decode(t.color()));
            gr.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, t.size()));
            int tw = gr.getFontMetrics().stringWidth(t.text());
            double x =
                switch (t.anchor()) {
                  case "middle" -> t.x() - tw / 2.0;
                  case "end" -> t.x() - tw;
                  default -> t.x();
                };
            gr.drawString(t.text(), (float) x, (float) t.y());
          }
        }
      }
    } finally {
      gr.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(bi, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static Path2D path(double[] xy, boolean close) {
    Path2D.Double p = new Path2D.Double();
    for (int i = 0; i + 1 < xy.length; i += 2) {
      if (i == 0) {
        p.moveTo(xy[i], xy[i + 1]);
      } else {
        p.lineTo(xy[i], xy[i + 1]);
      }
    }
    if (close) {
      p.closePath();
    }
    return p;
  }

  private static String points(double[] xy) {
    StringBuilder b = new StringBuilder(xy.length * 6);
    for (int i = 0; i + 1 < xy.length; i += 2) {
      if (i > 0) {
        b.append(' ');
      }
      b.append(num(xy[i])).append(',').append(num(xy[i + 1]));
    }
    return b.toString();
  }

  private static String num(double d) {
    long r = Math.round(d * 10);
    return r % 10 == 0 ? Long.toString(r / 10) : (r / 10) + "." + Math.abs(r % 10);
  }

  /** XML text and attribute escaping, and no control characters. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c < 0x20 ? ' ' : c);
      }
    }
    return b.toString();
  }
}
