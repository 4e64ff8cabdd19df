package dev.brigade.metrics;

import java.time.Instant;
import java.util.Objects;

/**
 * A request for one series' points between two times, consolidated to at most {@code width} points
 * (one per pixel of the graph it is for).
 *
 * <pre>{@code
 * SeriesData d = engine.query(new SeriesQuery(SeriesId.parse("web1/ssh/load1"),
 *     now.minus(Duration.ofDays(7)), now, 800, Consolidation.AVERAGE));
 * }</pre>
 *
 * @param series the series
 * @param from the start, inclusive
 * @param to the end
 * @param width at most this many points (pixels); 0 for the archive's own resolution
 * @param consolidation how a point's line value combines the rows under it; the min/max bands are
 *     always the minimum of MIN and the maximum of MAX
 */
public record SeriesQuery(
    SeriesId series, Instant from, Instant to, int width, Consolidation consolidation) {
  public SeriesQuery {
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(consolidation, "consolidation");
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException(
          "a query's end " + to + " must be after its start " + from);
    }
    if (width < 0 || width > 100_000) {
      throw new IllegalArgumentException("width must be 0 to 100000 points, not " + width);
    }
  }
}
