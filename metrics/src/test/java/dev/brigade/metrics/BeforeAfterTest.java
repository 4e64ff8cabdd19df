package dev.brigade.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BeforeAfterTest {
  static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

  @TempDir Path dir;

  @Test
  void aDeploy_thatDoublesLatency_showsInTheComparison() {
    Instant deploy = T0.plus(Duration.ofHours(1));
    try (MetricsEngine m =
        MetricsEngine.open(
            MetricsSettings.DEFAULT, new TestClock(T0.plus(Duration.ofHours(3))), dir)) {
      // every 10 s: 10 ms before the deploy, 20 ms after; every 20th point is a slow one (x3)
      for (int k = 1; k <= 2 * 360; k++) {
        Instant at = T0.plusSeconds(10L * k);
        double base = at.isAfter(deploy) ? 0.020 : 0.010;
        m.record(
            "app1",
            "check.http",
            List.of(Sample.ofPerfdata("time", k % 20 == 0 ? 3 * base : base, "s")),
            at);
      }
      m.annotate(new Event(deploy, "deploy", "release 42", Optional.of("app1")));
      BeforeAfter c =
          m.compare(SeriesId.parse("app1/check.http/time"), deploy, Duration.ofHours(1));
      assertThat(c.before().points()).isEqualTo(360);
      assertThat(c.after().points()).isEqualTo(360);
      // 342 points of 10 ms and 18 of 30 ms: 11 ms; the 95th percentile is the 342nd: 10 ms
      assertThat(c.before().average())
          .isCloseTo(0.011, org.assertj.core.api.Assertions.within(1e-12));
      assertThat(c.before().p95()).isEqualTo(0.010);
      assertThat(c.after().average())
          .isCloseTo(0.022, org.assertj.core.api.Assertions.within(1e-12));
      assertThat(c.change()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
      assertThat(c.describe("s")).isEqualTo("avg 0.011 -> 0.022 s (+100%), p95 0.01 -> 0.02 s");
      assertThat(m.events(T0, T0.plus(Duration.ofDays(1))))
          .extracting(Event::text)
          .containsExactly("release 42");
    }
  }
}
