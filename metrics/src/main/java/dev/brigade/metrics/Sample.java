package dev.brigade.metrics;

import java.util.Objects;

/**
 * One collected value of one series of a source, e.g. a Nagios performance datum ({@code
 * time=0.012s}), a Munin field or a Prometheus sample.
 *
 * @param label the series' name within its source (a perfdata label, a Munin field name, a
 *     Prometheus metric name with its labels)
 * @param value the value as collected; NaN for unknown ({@code U})
 * @param unit the unit as collected: Nagios's s, ms, us, %, B, KB, MB, GB, TB, c, or free text such
 *     as {@code bytes/s}; empty for none
 * @param kind how the value becomes a stored value
 */
public record Sample(String label, double value, String unit, Kind kind) {
  public Sample {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(kind, "kind");
    if (label.isBlank()) {
      throw new IllegalArgumentException("a sample needs a label");
    }
  }

  /** A gauge. */
  public static Sample gauge(String label, double value, String unit) {
    return new Sample(label, value, unit, Kind.GAUGE);
  }

  /**
   * A Nagios performance datum: the label, the value and unit of measure as the plugin printed
   * them; {@code c} becomes a counter (stored as a rate per second), the rest gauges.
   */
  public static Sample ofPerfdata(String label, double value, String unit) {
    return new Sample(label, value, unit, Kind.ofNagiosUnit(unit));
  }
}
