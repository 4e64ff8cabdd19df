package dev.brigade.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The pacer over a simulated clock: no sleeping, every tick chosen by the test. */
class PacerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void overAWholeDay_sendsTheCurvesIntegral() {
    DailyCurve curve = new DailyCurve(Duration.ofMinutes(10), 200, 0);
    Pacer pacer = new Pacer(curve, T0);
    long sent = 0;
    double expected = 0;
    for (int ms = 50; ms <= 600_000; ms += 50) {
      sent += pacer.due(T0.plusMillis(ms));
      expected += curve.rateAt(Duration.ofMillis(ms)) * 0.05;
    }
    assertThat((double) sent).isCloseTo(expected, within(1.0));
    // the shape's mean is about 0.54: about 54% of the peak on average
    assertThat(sent).isBetween(55_000L, 75_000L);
  }

  @Test
  void lowRates_carryTheFractionSoTheyStillSend() {
    DailyCurve curve = new DailyCurve(Duration.ofHours(24), 1, 4); // 0.1 request/s at 04:00
    Pacer pacer = new Pacer(curve, T0);
    long sent = 0;
    for (int ms = 50; ms <= 100_000; ms += 50) {
      sent += pacer.due(T0.plusMillis(ms));
    }
    assertThat(sent).isBetween(9L, 11L);
  }

  @Test
  void aLongPause_sendsAtMostOneSecondsWorth() {
    DailyCurve curve = new DailyCurve(Duration.ofMinutes(10), 200, 21);
    Pacer pacer = new Pacer(curve, T0);
    assertThat(pacer.due(T0.plusSeconds(30))).isLessThanOrEqualTo(200);
  }

  @Test
  void aClockThatDoesNotMove_sendsNothing() {
    Pacer pacer = new Pacer(new DailyCurve(Duration.ofMinutes(10), 200, 21), T0);
    assertThat(pacer.due(T0)).isZero();
    assertThat(pacer.due(T0.minusSeconds(1))).isZero();
  }
}
