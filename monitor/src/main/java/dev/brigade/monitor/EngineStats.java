package dev.brigade.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What the check engine measures about itself: completions, how late each check started against its
 * schedule and how long it ran (microsecond histograms up to an hour), since the last reset.
 */
final class EngineStats {
  private static final long MAX_MICROS = 3_600_000_000L;
  private final Histogram latency = new ConcurrentHistogram(MAX_MICROS, 2);
  private final Histogram execution = new ConcurrentHistogram(MAX_MICROS, 2);
  private final AtomicLong completed = new AtomicLong();
  private volatile long since = System.nanoTime();

  /**
   * One check finished at {@code now}, scheduled for {@code scheduled}, after running {@code took}.
   */
  void record(Instant scheduled, Instant now, Duration took) {
    long lateMicros = Duration.between(scheduled, now.minus(took)).toNanos() / 1000;
    latency.recordValue(clamp(lateMicros));
    execution.recordValue(clamp(took.toNanos() / 1000));
    completed.incrementAndGet();
  }

  private static long clamp(long micros) {
    return Math.max(0, Math.min(micros, MAX_MICROS));
  }

  /** The figures, with the demand and capacity the engine knows. */
  Load load(
      double demand,
      int capacity,
      double pluginDemand,
      int pluginCapacity,
      int waiting,
      long overruns) {
    return new Load(
        completed.get(),
        (System.nanoTime() - since) / 1e9,
        latency.getValueAtPercentile(50) / 1000.0,
        latency.getValueAtPercentile(99) / 1000.0,
        execution.getValueAtPercentile(50) / 1000.0,
        execution.getValueAtPercentile(99) / 1000.0,
        demand,
        capacity,
        pluginDemand,
        pluginCapacity,
        waiting,
        overruns);
  }

  void reset() {
    latency.reset();
    execution.reset();
    completed.set(0);
    since = System.nanoTime();
  }
}
