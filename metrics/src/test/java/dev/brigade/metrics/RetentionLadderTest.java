package dev.brigade.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionLadderTest {
  private static final RetentionLadder L = RetentionLadder.DEFAULT;
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  @Test
  void defaultLadder_keepsTheIssuesRowsPerRung() {
    // 86400/10, 14*1440, 396*24, 3653
    assertThat(L.rungs())
        .extracting(RetentionLadder.Rung::rows)
        .containsExactly(8640, 20160, 9504, 3653);
    assertThat(L.rungs()).extracting(L::stepsPerRow).containsExactly(1, 6, 360, 8640);
  }

  @Test
  void defaultLadder_valuesPerSeries_areAverageOnlyAtOneStepAndThreeArchivesAbove() {
    // 8640 + 3 * (20160 + 9504 + 3653)
    assertThat(L.valuesPerSeries()).isEqualTo(108_591);
    assertThat(L.keepsMinMax(L.rungs().get(0))).isFalse();
    assertThat(L.keepsMinMax(L.rungs().get(1))).isTrue();
  }

  @Test
  void rungFor_isTheFinestThatStillReachesBack() {
    assertThat(L.rungFor(NOW.minus(Duration.ofHours(12)), NOW).step()).hasSeconds(10);
    assertThat(L.rungFor(NOW.minus(Duration.ofDays(3)), NOW).step()).hasMinutes(1);
    assertThat(L.rungFor(NOW.minus(Duration.ofDays(30)), NOW).step()).hasHours(1);
    assertThat(L.rungFor(NOW.minus(Duration.ofDays(800)), NOW).step()).hasDays(1);
    assertThat(L.rungFor(NOW.minus(Duration.ofDays(8000)), NOW).step()).hasDays(1);
  }

  @Test
  void rowsPerPixel_neverGivesMorePointsThanPixels() {
    RetentionLadder.Rung minute = L.rungs().get(1);
    // a week in 800 px: 756 s a pixel, 13 one-minute rows (ceil(756/60))
    assertThat(RetentionLadder.rowsPerPixel(minute, Duration.ofDays(7), 800)).isEqualTo(13);
    assertThat(10080 / 13 + 1).isLessThanOrEqualTo(800);
    // an hour in 800 px at 10 s rows: fewer rows than pixels, one row each
    assertThat(RetentionLadder.rowsPerPixel(L.rungs().get(0), Duration.ofHours(1), 800))
        .isEqualTo(1);
  }

  @Test
  void aRungWhoseStepIsNotAMultiple_isRefused() {
    assertThatThrownBy(
            () ->
                new RetentionLadder(
                    Duration.ofSeconds(10),
                    List.of(
                        new RetentionLadder.Rung(Duration.ofSeconds(10), Duration.ofDays(1)),
                        new RetentionLadder.Rung(Duration.ofSeconds(25), Duration.ofDays(2)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiple");
  }

  @Test
  void pixelBuckets_combineRunsOfRows_ignoringUnknownRows() {
    double n = Double.NaN;
    double[] rows = {1, 2, 3, n, 5, 6, 7};
    assertThat(PixelBuckets.combine(rows, 3, Consolidation.AVERAGE)).containsExactly(2, 5.5, 7);
    assertThat(PixelBuckets.combine(rows, 3, Consolidation.MIN)).containsExactly(1, 5, 7);
    assertThat(PixelBuckets.combine(rows, 3, Consolidation.MAX)).containsExactly(3, 6, 7);
    assertThat(PixelBuckets.combine(new double[] {n, n}, 2, Consolidation.AVERAGE)[0]).isNaN();
  }
}
