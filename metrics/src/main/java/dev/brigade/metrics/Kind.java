package dev.brigade.metrics;

import java.util.Locale;
import java.util.Optional;

/**
 * How a collected value turns into a stored value, as RRDtool's data source types and Munin's
 * {@code field.type} define them.
 */
public enum Kind {
  /** Stored as given: temperatures, load, bytes in use. */
  GAUGE,
  /** An ever-increasing counter; the rate per second is stored, and a decrease is a wrap. */
  COUNTER,
  /** Like a counter, without wrap handling: a decrease is a negative rate (a reset). */
  DERIVE,
  /** A counter reset at every read: the value divided by the seconds since the last one. */
  ABSOLUTE;

  /** The kind for a Munin or RRDtool type name, compared without case. */
  public static Optional<Kind> parse(String name) {
    try {
      return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The kind of a Nagios performance datum: {@code c} (a continuous counter, as the plugin
   * guidelines say) is a counter that never wraps, so a {@link #DERIVE} with minimum 0; everything
   * else is a gauge.
   */
  public static Kind ofNagiosUnit(String unit) {
    return "c".equals(unit) ? DERIVE : GAUGE;
  }
}
