package dev.brigade.metrics;

/**
 * A stored series and what its values are.
 *
 * @param id its name
 * @param unit the unit of the stored values: the collected unit, per second ({@code B/s}, {@code
 *     c/s}) for counters
 * @param kind how collected values were turned into stored ones
 */
public record SeriesInfo(SeriesId id, String unit, Kind kind) {
  /** The unit of the stored values for a collected unit of this kind. */
  static String storedUnit(String unit, Kind kind) {
    if (kind == Kind.GAUGE) {
      return unit;
    }
    return (unit.isEmpty() || unit.equals("c") ? "" : unit) + "/s";
  }
}
