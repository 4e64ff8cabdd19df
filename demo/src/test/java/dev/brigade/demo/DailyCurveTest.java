package dev.brigade.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The compressed day: its shape and its clock, without sleeping. */
class DailyCurveTest {
  private final DailyCurve curve = new DailyCurve(Duration.ofMinutes(10), 200, 0);

  @Test
  void shape_isLowAtNightClimbsInTheMorningBumpsAtLunchAndPeaksInTheEvening() {
    double night = DailyCurve.shapeAt(4);
    double morning = DailyCurve.shapeAt(9);
    double lunch = DailyCurve.shapeAt(12.5);
    double afternoon = DailyCurve.shapeAt(15);
    double evening = DailyCurve.shapeAt(21);

    assertThat(night).isLessThan(0.15);
    assertThat(DailyCurve.shapeAt(6)).isLessThan(DailyCurve.shapeAt(8)).isLessThan(morning);
    assertThat(lunch).isGreaterThan(DailyCurve.shapeAt(11)).isGreaterThan(afternoon);
    assertThat(evening).isEqualTo(1.0);
    for (double h = 0; h < 24; h += 0.25) {
      assertThat(DailyCurve.shapeAt(h)).isBetween(0.1, 1.0);
    }
  }

  @Test
  void shape_wrapsAroundMidnightWithoutAJump() {
    assertThat(DailyCurve.shapeAt(23.999)).isCloseTo(DailyCurve.shapeAt(0), within(0.001));
    assertThat(DailyCurve.shapeAt(24 + 21)).isEqualTo(DailyCurve.shapeAt(21));
  }

  @ParameterizedTest
  @CsvSource({"0, 7.0, 07:00", "300, 19.0, 19:00", "600, 7.0, 07:00", "450, 1.0, 01:00"})
  void hourAt_compressesADayIntoTheDayLength(long seconds, double hour, String clock) {
    DailyCurve c = new DailyCurve(Duration.ofMinutes(10), 200, 7);
    assertThat(c.hourAt(Duration.ofSeconds(seconds))).isCloseTo(hour, within(1e-9));
    assertThat(c.clockAt(Duration.ofSeconds(seconds))).isEqualTo(clock);
  }

  @Test
  void rate_isThePeakTimesTheShapeAndNeverAboveThePeak() {
    // 21:00 is at 21/24 of a 10-minute day: 525 s
    assertThat(curve.rateAt(Duration.ofSeconds(525))).isCloseTo(200, within(1e-9));
    for (int s = 0; s < 600; s += 5) {
      assertThat(curve.rateAt(Duration.ofSeconds(s))).isBetween(20.0, 200.0);
    }
  }

  @Test
  void invalidSettings_areRefusedWithTheirLimits() {
    assertThatThrownBy(() -> new DailyCurve(Duration.ofMillis(10), 200, 0))
        .hasMessageContaining("1s or more");
    assertThatThrownBy(() -> new DailyCurve(Duration.ofMinutes(1), 0, 0))
        .hasMessageContaining("above 0");
    assertThatThrownBy(() -> new DailyCurve(Duration.ofMinutes(1), 10, 24))
        .hasMessageContaining("from 0 to 24");
  }
}
