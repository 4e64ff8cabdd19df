package dev.brigade.metrics;

import java.time.Duration;
import java.time.Instant;

/**
 * What one flush of the batched points wrote.
 *
 * @param at when it finished (the engine's clock)
 * @param series how many series had points
 * @param points how many points were written
 * @param skipped points refused as not after their file's last update
 * @param failed series whose file could not be written (logged)
 * @param took how long it took (wall time)
 */
public record FlushReport(
    Instant at, int series, long points, long skipped, int failed, Duration took) {}
