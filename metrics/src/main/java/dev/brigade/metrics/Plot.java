package dev.brigade.metrics;

import java.util.List;

/**
 * A graph laid out in pixels: the primitives both painters (SVG, PNG) draw, in order. Each has a
 * role ({@code axis}, {@code grid}, {@code series}, {@code band}, {@code threshold}, {@code event},
 * {@code label}, {@code legend}, {@code title}) that the SVG carries as its class.
 */
sealed interface Plot {
  /** Whose part of the graph it is. */
  String role();

  /** A straight line. */
  record Line(String role, double x1, double y1, double x2, double y2, String color, boolean dashed)
      implements Plot {}

  /** A connected line through points ({@code x0,y0,x1,y1,...}). */
  record Path(String role, double[] xy, String color, double width, String name) implements Plot {}

  /** A filled polygon ({@code x0,y0,x1,y1,...}). */
  record Area(String role, double[] xy, String color, double opacity, String name)
      implements Plot {}

  /** A filled rectangle. */
  record Box(String role, double x, double y, double w, double h, String color) implements Plot {}

  /** Text; {@code anchor} is start, middle or end. */
  record Text(String role, double x, double y, String text, String anchor, int size, String color)
      implements Plot {}

  /** The image size and what is drawn. */
  record Image(int width, int height, List<Plot> items) {}
}
