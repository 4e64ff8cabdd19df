package dev.brigade.box.views;

import dev.brigade.metrics.Kind;
import dev.brigade.metrics.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Samples fed to the test box's metrics engine, as its collectors would record them. */
final class Samples {
  private Samples() {}

  /** {@code app1..3/ssh/load1}: a slow wave each, every 30 s over {@code span}; the clock moves. */
  static void loadOfThreeApps(TestBox box, Instant t0, Duration span) {
    for (long s = 0; s <= span.toSeconds(); s += 30) {
      Instant at = t0.plusSeconds(s);
      for (int i = 1; i <= 3; i++) {
        double v = i + Math.sin(s / 600.0 + i);
        box.metrics.record("app" + i, "ssh", List.of(Sample.gauge("load1", v, "")), at);
      }
    }
    box.now = t0.plus(span);
  }

  /**
   * The edge's scraped counters as the Prometheus collector stores them: {@code perSecond} lookups
   * entering each edge, of which {@code toApp} per second go to the app pool; every 10 s for two
   * minutes before {@code end}.
   */
  static void edgeTraffic(TestBox box, Instant end, double perSecond, double toApp) {
    for (int t = 120; t >= 0; t -= 10) {
      Instant at = end.minusSeconds(t);
      long n = 120 - t;
      for (String edge : List.of("edge1", "edge2")) {
        double hits = (perSecond - toApp) * n;
        box.metrics.record(
            edge,
            "edge",
            List.of(
                new Sample(
                    "brigade_edge_cache_lookups_total{result=\"hit\"}", hits, "", Kind.DERIVE),
                new Sample(
                    "brigade_edge_cache_lookups_total{result=\"miss\"}",
                    toApp * n,
                    "",
                    Kind.DERIVE),
                new Sample(
                    "brigade_edge_request_duration_seconds_count{pool=\"app\"}",
                    toApp * n,
                    "",
                    Kind.DERIVE)),
            at);
      }
    }
  }
}
