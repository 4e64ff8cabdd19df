package dev.brigade.monitor;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One performance datum of a plugin's output: {@code 'label'=value[UOM];[warn];[crit];[min];[max]}.
 *
 * @param label the label, unquoted
 * @param value the value, or empty for {@code U} (unknown)
 * @param unit the unit of measure: s, ms, us, %, B, KB, MB, TB, c, or ""
 * @param warn the warning range, if given
 * @param crit the critical range, if given
 * @param min the minimum, if given
 * @param max the maximum, if given
 */
public record PerfValue(
    String label,
    OptionalDouble value,
    String unit,
    Optional<Range> warn,
    Optional<Range> crit,
    OptionalDouble min,
    OptionalDouble max) {

  /** The datum in plugin syntax, quoting the label when it needs it. */
  public String format() {
    StringBuilder b = new StringBuilder();
    boolean quote = label.matches(".*[\\s'=].*");
    b.append(quote ? "'" + label.replace("'", "''") + "'" : label).append('=');
    b.append(value.isPresent() ? number(value.getAsDouble()) : "U").append(unit);
    String tail =
        ";"
            + warn.map(Range::toString).orElse("")
            + ";"
            + crit.map(Range::toString).orElse("")
            + ";"
            + (min.isPresent() ? number(min.getAsDouble()) : "")
            + ";"
            + (max.isPresent() ? number(max.getAsDouble()) : "");
    return b + tail.replaceAll(";+$", "");
  }

  private static String number(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
