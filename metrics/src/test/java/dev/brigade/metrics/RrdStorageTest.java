package dev.brigade.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trips through real RRD4J files: consolidation, counters, sizing, restart. */
class RrdStorageTest {
  static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
  static final SeriesId G = SeriesId.parse("web1/test/g");

  @TempDir Path dir;

  /** Records value k at T0 + 10k s for k = 1..count. */
  static void ramp(MetricsEngine m, int count) {
    for (int k = 1; k <= count; k++) {
      m.record("web1", "test", List.of(Sample.gauge("g", k, "ms")), T0.plusSeconds(10L * k));
    }
  }

  @Test
  void tenSecondRung_givesTheValuesAsRecorded() {
    TestClock clock = new TestClock(T0.plus(Duration.ofHours(2)));
    try (MetricsEngine m = MetricsEngine.open(MetricsSettings.DEFAULT, clock, dir)) {
      ramp(m, 720);
      SeriesData d =
          m.query(
              new SeriesQuery(
                  G, T0.plusSeconds(100), T0.plusSeconds(200), 0, Consolidation.AVERAGE));
      assertThat(d.step()).hasSeconds(10);
      assertThat(d.time(0)).isEqualTo(T0.plusSeconds(100));
      assertThat(d.values()).containsExactly(10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20);
      // one primary point per row: the band is the value itself
      assertThat(d.min()).containsExactly(d.values());
      assertThat(d.info().unit()).isEqualTo("ms");
    }
  }

  @Test
  void minuteRung_averagesSixPoints_andKeepsTheirMinAndMax() {
    TestClock clock = new TestClock(T0.plus(Duration.ofHours(2)));
    try (MetricsEngine m = MetricsEngine.open(MetricsSettings.DEFAULT, clock, dir)) {
      ramp(m, 720);
      // three days back: only the 1-minute rung reaches that far
      Instant from = clock.instant().minus(Duration.ofDays(3));
      SeriesData avg = m.query(new SeriesQuery(G, from, clock.instant(), 0, Consolidation.AVERAGE));
      assertThat(avg.step()).hasMinutes(1);
      int i = (int) Duration.between(avg.start(), T0.plusSeconds(60)).toMinutes();
      assertThat(avg.time(i)).isEqualTo(T0.plusSeconds(60));
      // the row ending at T0+60 holds the points 1..6; the next one 7..12
      assertThat(avg.values()[i]).isEqualTo(3.5);
      assertThat(avg.min()[i]).isEqualTo(1);
      assertThat(avg.max()[i]).isEqualTo(6);
      assertThat(avg.values()[i + 1]).isEqualTo(9.5);
      assertThat(avg.values()[i - 1]).isNaN(); // before the series began
    }
  }

  @Test
  void widthInPixels_combinesRowsPerPixel() {
    TestClock clock = new TestClock(T0.plus(Duration.ofHours(2)));
    try (MetricsEngine m = MetricsEngine.open(MetricsSettings.DEFAULT, clock, dir)) {
      ramp(m, 720);
      // 2 hours (7200 s) of 10 s rows in 60 px: 12 rows a pixel, 120 s a point
      SeriesData d =
          m.query(new SeriesQuery(G, T0, T0.plus(Duration.ofHours(2)), 60, Consolidation.MAX));
      assertThat(d.step()).hasSeconds(120);
      assertThat(d.size()).isLessThanOrEqualTo(61);
      // first pixel: rows ending T0 .. T0+110: values NaN,1..11; MAX 11, band min 1
      assertThat(d.values()[0]).isEqualTo(11);
      assertThat(d.min()[0]).isEqualTo(1);
      assertThat(d.values()[1]).isEqualTo(23);
    }
  }

  @Test
  void counter_isStoredAsItsRatePerSecond() {
    TestClock clock = new TestClock(T0.plusSeconds(60));
    try (MetricsEngine m = MetricsEngine.open(MetricsSettings.DEFAULT, clock, dir)) {
      double[] raw = {0, 100, 300, 50}; // the last one is a reset
      for (int k = 0; k < raw.length; k++) {
        m.record(
            "web1",
            "if",
            List.of(new Sample("rx", raw[k], "B", Kind.DERIVE)),
            T0.plusSeconds(10L * (k + 1)));
      }
      SeriesData d =
          m.query(
              new SeriesQuery(
                  SeriesId.parse("web1/if/rx"),
                  T0.plusSeconds(20),
                  T0.plusSeconds(40),
                  0,
                  Consolidation.AVERAGE));
      assertThat(d.info().unit()).isEqualTo("B/s");
      assertThat(d.values()[0]).isEqualTo(10);
      assertThat(d.values()[1]).isEqualTo(20);
      assertThat(d.values()[2]).isNaN();
    }
  }

  @Test
  void files_areSizedUpFront_andDoNotGrow() throws Exception {
    TestClock clock = new TestClock(T0.plus(Duration.ofDays(3)));
    try (MetricsEngine m = MetricsEngine.open(MetricsSettings.DEFAULT, clock, dir)) {
      m.record("web1", "test", List.of(Sample.gauge("g", 1, "")), T0.plusSeconds(10));
      m.flush();
      Path file = G.file(dir);
      long size = Files.size(file);
      assertThat(size).isEqualTo(m.bytesPerSeries());
      // 108,591 doubles and the headers
      assertThat(size).isBetween(108_591L * 8, 108_591L * 8 + 4096);
      ramp(m, 25_000); // more than the 10 s rung holds: it wraps around
      m.flush();
      assertThat(Files.size(file)).isEqualTo(size);
    }
  }

  @Test
  void reopening_theStore_keepsSeriesUnitsAndPoints() {
    TestClock clock = new TestClock(T0.plus(Duration.ofHours(2)));
    try (MetricsEngine m = MetricsEngine.open(MetricsSettings.DEFAULT, clock, dir)) {
      ramp(m, 30);
    }
    try (MetricsEngine m = MetricsEngine.open(MetricsSettings.DEFAULT, clock, dir)) {
      assertThat(m.series()).extracting(SeriesInfo::id).containsExactly(G);
      m.record("web1", "test", List.of(Sample.gauge("g", 99, "ms")), T0.plusSeconds(310));
      SeriesData d =
          m.query(
              new SeriesQuery(
                  G, T0.plusSeconds(290), T0.plusSeconds(310), 0, Consolidation.AVERAGE));
      assertThat(d.values()).containsExactly(29, 30, 99);
    }
    try (MetricsEngine r = MetricsEngine.openReadOnly(MetricsSettings.DEFAULT, clock, dir)) {
      assertThat(
              r.query(
                      new SeriesQuery(
                          G, T0.plusSeconds(300), T0.plusSeconds(310), 0, Consolidation.AVERAGE))
                  .values())
          .containsExactly(30, 99);
      assertThatThrownBy(() -> r.record("web1", "x", List.of(), T0))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void queryForAnUnknownSeries_namesIt() {
    try (MetricsEngine m = MetricsEngine.open(MetricsSettings.DEFAULT, new TestClock(T0), dir)) {
      assertThatThrownBy(
              () -> m.query(new SeriesQuery(G, T0, T0.plusSeconds(1), 0, Consolidation.AVERAGE)))
          .isInstanceOf(NoSuchElementException.class)
          .hasMessageContaining("web1/test/g");
    }
  }

  @Test
  void seriesNames_becomeSafeFileNames() {
    SeriesId id =
        new SeriesId("edge1", "prom", "brigade_edge_responses_total{backend=\"app1/http\"}");
    Path f = id.file(dir);
    assertThat(f.getParent().getParent().getParent()).isEqualTo(dir);
    assertThat(f.getFileName().toString()).doesNotContain("/", "\"").endsWith(".rrd");
    assertThat(SeriesId.segment(".hidden")).startsWith("%2E");
    assertThat(SeriesId.segment("x".repeat(400))).hasSizeLessThan(150);
    assertThat(SeriesId.parse("a/b/c/d").label()).isEqualTo("c/d");
    assertThatThrownBy(() -> SeriesId.parse("a/b")).hasMessageContaining("HOST/SOURCE/LABEL");
  }

  @Test
  void aSampleWithABadLabel_isSkipped_andTheOthersAreKept() {
    try (MetricsEngine m = MetricsEngine.open(MetricsSettings.DEFAULT, new TestClock(T0), dir)) {
      m.record(
          "web1",
          "check.http",
          List.of(Sample.gauge("bad\u0001label", 1, ""), Sample.gauge("time", 0.2, "s")),
          T0.plusSeconds(10));
      assertThat(m.rejected()).isEqualTo(1);
      assertThat(m.series())
          .extracting(s -> s.id().toString())
          .containsExactly("web1/check.http/time");
    }
  }
}
