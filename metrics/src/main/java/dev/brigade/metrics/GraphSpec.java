package dev.brigade.metrics;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a graph shows: its lines (any set of series), overlaid or stacked, with min/max bands and
 * threshold lines; the same spec is drawn as SVG or PNG and exported as CSV or JSON.
 *
 * <pre>{@code
 * GraphSpec spec = GraphSpec.of("load", List.of(SeriesId.parse("web1/ssh/load1")))
 *     .withThresholds(List.of(new GraphSpec.Threshold(4, "cores", "")));
 * String svg = GraphRenderer.svg(Graph.of(engine, spec, now.minus(Duration.ofDays(7)), now));
 * }</pre>
 *
 * @param title the title
 * @param lines the lines, drawn in order (bottom first when stacked)
 * @param stacked whether each line is drawn on top of the ones before (an area)
 * @param bands whether each line gets its min/max band
 * @param thresholds horizontal lines, e.g. a check's warning and critical levels
 * @param width the image's width in pixels
 * @param height the image's height in pixels
 */
public record GraphSpec(
    String title,
    List<Line> lines,
    boolean stacked,
    boolean bands,
    List<Threshold> thresholds,
    int width,
    int height) {

  /** Widest and tallest image drawn. */
  public static final int MAX_PIXELS = 8000;

  public GraphSpec {
    Objects.requireNonNull(title, "title");
    lines = List.copyOf(lines);
    thresholds = List.copyOf(thresholds);
    if (lines.isEmpty() || lines.size() > 100) {
      throw new IllegalArgumentException("a graph has 1 to 100 lines, not " + lines.size());
    }
    if (width < 200 || height < 100 || width > MAX_PIXELS || height > MAX_PIXELS) {
      throw new IllegalArgumentException(
          "a graph is 200 to " + MAX_PIXELS + " pixels wide and 100 to " + MAX_PIXELS + " high");
    }
  }

  /** Overlaid lines of these series, 800 by 300 pixels, with bands. */
  public static GraphSpec of(String title, List<SeriesId> series) {
    return new GraphSpec(
        title, series.stream().map(Line::of).toList(), false, true, List.of(), 800, 300);
  }

  public GraphSpec withStacked(boolean s) {
    return new GraphSpec(title, lines, s, bands && !s, thresholds, width, height);
  }

  public GraphSpec withThresholds(List<Threshold> t) {
    return new GraphSpec(title, lines, stacked, bands, t, width, height);
  }

  public GraphSpec withSize(int w, int h) {
    return new GraphSpec(title, lines, stacked, bands, thresholds, w, h);
  }

  public GraphSpec withBands(boolean b) {
    return new GraphSpec(title, lines, stacked, b, thresholds, width, height);
  }

  /**
   * One line.
   *
   * @param series the series drawn
   * @param legend its name in the legend
   * @param color {@code #rrggbb}, or empty for the palette's next
   * @param consolidation which archive the line reads where rows are combined
   * @param percentOf when not empty, the line is {@code 100 * series / sum(percentOf)}: e.g. cache
   *     hits as a percentage of hits and misses
   */
  public record Line(
      SeriesId series,
      String legend,
      Optional<String> color,
      Consolidation consolidation,
      List<SeriesId> percentOf) {
    public Line {
      Objects.requireNonNull(series, "series");
      percentOf = List.copyOf(percentOf);
      if (color.isPresent() && !color.get().matches("#[0-9a-fA-F]{6}")) {
        throw new IllegalArgumentException("a color is #rrggbb, not '" + color.get() + "'");
      }
    }

    /** The series' average, named by its label. */
    public static Line of(SeriesId series) {
      return new Line(series, series.label(), Optional.empty(), Consolidation.AVERAGE, List.of());
    }

    public Line withLegend(String l) {
      return new Line(series, l, color, consolidation, percentOf);
    }

    public Line withColor(String c) {
      return new Line(series, legend, Optional.of(c), consolidation, percentOf);
    }
  }

  /**
   * A horizontal line at a value, e.g. a warning level.
   *
   * @param value where, in the series' unit
   * @param label its label
   * @param color {@code #rrggbb}, or empty for red
   */
  public record Threshold(double value, String label, String color) {}
}
