package dev.brigade.monitor;

import java.util.Optional;

/**
 * Optional warning and critical ranges for one measured value, as plugins take them with {@code -w}
 * and {@code -c}.
 *
 * @param warn the warning range, if any
 * @param crit the critical range, if any
 */
public record Thresholds(Optional<Range> warn, Optional<Range> crit) {
  /** No thresholds: the value is reported but never alerts. */
  public static final Thresholds NONE = new Thresholds(Optional.empty(), Optional.empty());

  public Thresholds {
    warn = warn == null ? Optional.empty() : warn;
    crit = crit == null ? Optional.empty() : crit;
  }

  /** Parses plugin range syntax; null or blank means no range. */
  public static Thresholds of(String warn, String crit) {
    return new Thresholds(range(warn), range(crit));
  }

  private static Optional<Range> range(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(Range.parse(s));
  }

  /** CRITICAL when the critical range alerts, else WARNING when the warning range does, else OK. */
  public Status status(double value) {
    if (crit.isPresent() && crit.get().alerts(value)) {
      return Status.CRITICAL;
    }
    if (warn.isPresent() && warn.get().alerts(value)) {
      return Status.WARNING;
    }
    return Status.OK;
  }

  /** The {@code ;warn;crit} part of a perfdata item. */
  String perf() {
    return ";" + warn.map(Range::toString).orElse("") + ";" + crit.map(Range::toString).orElse("");
  }
}
