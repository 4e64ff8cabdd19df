package dev.brigade.metrics;

import dev.brigade.model.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A time as a graph's range gives it, as RRDtool's {@code --start} does: {@code now}, {@code -7d}
 * (before now), {@code -1h30m}, or an ISO-8601 instant {@code 2026-06-01T12:00:00Z}. Pure.
 */
public final class RelativeTime {
  private RelativeTime() {}

  /**
   * The instant {@code text} means at {@code now}.
   *
   * @throws IllegalArgumentException naming the text and what is accepted
   */
  public static Instant parse(String text, Instant now) {
    String t = text.trim();
    if (t.equals("now")) {
      return now;
    }
    if (t.startsWith("-") || t.startsWith("now-")) {
      Duration d = Durations.parse(t.substring(t.indexOf('-') + 1));
      if (d != null) {
        return now.minus(d);
      }
    } else {
      try {
        return Instant.parse(t);
      } catch (DateTimeParseException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException(
        "'"
            + text
            + "' is not a time; write now, -7d, -12h, -1h30m or an instant such as"
            + " 2026-06-01T12:00:00Z");
  }
}
