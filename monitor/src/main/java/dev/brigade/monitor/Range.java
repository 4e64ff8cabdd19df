package dev.brigade.monitor;

/**
 * A threshold range in the Nagios plugin syntax {@code [@][start:][end]}: a value alerts when it is
 * outside {@code start..end} (inclusive), or inside it with {@code @}. {@code ~} as start means
 * negative infinity; an empty end means positive infinity; a bare number {@code n} means {@code
 * 0:n}.
 *
 * <pre>{@code
 * Range.parse("10").alerts(11)     // true: outside 0..10
 * Range.parse("@10:20").alerts(15) // true: inside 10..20
 * }</pre>
 *
 * @param start the lower bound (may be negative infinity)
 * @param end the upper bound (may be positive infinity)
 * @param inside true for {@code @}: alert inside the range instead of outside
 */
public record Range(double start, double end, boolean inside) {
  /** Longest range text accepted. */
  static final int MAX_LENGTH = 64;

  public Range {
    if (start > end) {
      throw new IllegalArgumentException(
          "range start " + show(start) + " is greater than its end " + show(end));
    }
  }

  /**
   * Parses the plugin range syntax.
   *
   * @throws IllegalArgumentException with a one-line message saying what is wrong
   */
  public static Range parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty range; write e.g. 10, 10:, ~:10, 10:20 or @10:20");
    }
    String s = text.strip();
    if (s.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("range longer than " + MAX_LENGTH + " characters");
    }
    boolean inside = s.startsWith("@");
    if (inside) {
      s = s.substring(1);
    }
    double start = 0;
    String endText = s;
    int colon = s.indexOf(':');
    if (colon >= 0) {
      String startText = s.substring(0, colon);
      endText = s.substring(colon + 1);
      start = startText.equals("~") ? Double.NEGATIVE_INFINITY : number(startText, text);
    }
    double end = endText.isEmpty() && colon >= 0 ? Double.POSITIVE_INFINITY : number(endText, text);
    if (start > end) {
      throw new IllegalArgumentException(
          "range '" + text + "': start " + show(start) + " is greater than end " + show(end));
    }
    return new Range(start, end, inside);
  }

  private static double number(String s, String whole) {
    if (s.isEmpty()) {
      throw new IllegalArgumentException(
          "range '" + whole + "' has an empty bound; write e.g. 10:20");
    }
    try {
      double d = Double.parseDouble(s);
      if (Double.isNaN(d)
          || Double.isInfinite(d)
          || !s.matches("[+-]?[0-9]*\\.?[0-9]+([eE][+-]?[0-9]+)?")) {
        throw new NumberFormatException(s);
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("range '" + whole + "': '" + s + "' is not a number");
    }
  }

  /** True when {@code value} should raise an alert under this range. */
  public boolean alerts(double value) {
    boolean within = value >= start && value <= end;
    return inside == within;
  }

  /** The range in plugin syntax, e.g. {@code @10:20} or {@code ~:5}. */
  @Override
  public String toString() {
    String e = end == Double.POSITIVE_INFINITY ? "" : show(end);
    String body =
        start == 0 && end != Double.POSITIVE_INFINITY
            ? e
            : (start == Double.NEGATIVE_INFINITY ? "~" : show(start)) + ":" + e;
    return (inside ? "@" : "") + body;
  }

  private static String show(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
