package dev.brigade.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AxisScaleTest {
  @Test
  void bytes_useBinaryPrefixes() {
    assertThat(AxisScale.scale("B", 5 * 1048576.0)).isEqualTo(new AxisScale.Scaled(1048576, "MiB"));
    assertThat(AxisScale.scale("B/s", 2048)).isEqualTo(new AxisScale.Scaled(1024, "KiB/s"));
    assertThat(AxisScale.scale("B", 100)).isEqualTo(new AxisScale.Scaled(1, "B"));
  }

  @Test
  void seconds_belowOne_becomeMillisecondsOrMicroseconds() {
    assertThat(AxisScale.scale("s", 0.012)).isEqualTo(new AxisScale.Scaled(1e-3, "ms"));
    assertThat(AxisScale.scale("s", 0.0002)).isEqualTo(new AxisScale.Scaled(1e-6, "µs"));
    assertThat(AxisScale.scale("s", 3)).isEqualTo(new AxisScale.Scaled(1, "s"));
  }

  @Test
  void otherUnits_useSiPrefixes_andPercentNone() {
    assertThat(AxisScale.scale("/s", 25_000)).isEqualTo(new AxisScale.Scaled(1000, "k/s"));
    assertThat(AxisScale.scale("%", 100)).isEqualTo(new AxisScale.Scaled(1, "%"));
  }

  @Test
  void ticks_areRound() {
    assertThat(AxisScale.ticks(0, 10, 5)).containsExactly(0, 2, 4, 6, 8, 10);
    assertThat(AxisScale.ticks(0, 1.2, 5)).containsExactly(0, 0.5, 1);
    assertThat(java.util.Arrays.stream(AxisScale.ticks(0, 0.8, 4)).mapToObj(AxisScale::format))
        .containsExactly("0", "0.2", "0.4", "0.6", "0.8");
    assertThat(AxisScale.format(12.3456)).isEqualTo("12.3");
    assertThat(AxisScale.format(0.0012345)).isEqualTo("0.00123");
    assertThat(AxisScale.niceMax(7.3)).isEqualTo(8);
    assertThat(AxisScale.niceMax(101)).isEqualTo(120);
  }

  @Test
  void timeTicks_fallOnRoundTimes() {
    Instant from = Instant.parse("2026-06-01T00:07:00Z");
    var ticks = AxisScale.timeTicks(from, from.plus(Duration.ofDays(7)), 8, ZoneOffset.UTC);
    assertThat(ticks).first().isEqualTo(Instant.parse("2026-06-02T00:00:00Z"));
    assertThat(ticks).hasSizeLessThanOrEqualTo(8);
    assertThat(AxisScale.timeFormat(Duration.ofDays(7), ZoneOffset.UTC).format(ticks.getFirst()))
        .isEqualTo("06-02 00:00");
  }
}
