package dev.brigade.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** Forecasts on synthetic series whose answers are known. */
class ForecastsTest {
  static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z"); // a Monday
  static final SeriesInfo INFO =
      new SeriesInfo(SeriesId.parse("db1/ssh/disk.pct[/]"), "%", Kind.GAUGE);

  /** Hourly points: point i is the hour ending T0 + (i+1) h. */
  static SeriesData hourly(int hours, IntToDoubleFunction value) {
    double[] v = new double[hours];
    for (int i = 0; i < hours; i++) {
      v[i] = value.applyAsDouble(i);
    }
    return new SeriesData(INFO, T0.plus(Duration.ofHours(1)), Duration.ofHours(1), v, v, v);
  }

  @Test
  void fit_ofAStraightLine_isExact() {
    SeriesData d = hourly(168, i -> 50 + (i + 1) / 24.0); // one a day
    Trends.Line l = Trends.fit(d);
    assertThat(l.slope() * 86400).isCloseTo(1, within(1e-9));
    assertThat(l.at(T0)).isCloseTo(50, within(1e-6));
    assertThat(l.reaches(100)).isEqualTo(T0.plus(Duration.ofDays(50)));
  }

  @Test
  void timeUntilFull_warnsWhenTheLineReachesTheLimitSoon() {
    SeriesData d = hourly(168, i -> 50 + (i + 1) / 24.0);
    Instant now = T0.plus(Duration.ofDays(7)); // at 57
    Forecasts.Result far =
        Forecasts.evaluate(
            new Forecasts.TimeUntilFull(
                100, Duration.ofDays(7), Duration.ofDays(14), Duration.ofDays(2)),
            d,
            now);
    assertThat(far.status()).isZero();
    assertThat(far.text())
        .isEqualTo(
            "FORECAST OK - db1/ssh/disk.pct[/] reaches 100 in 43.0 days at +1.00/day (now 57)");
    Forecasts.Result soon =
        Forecasts.evaluate(
            new Forecasts.TimeUntilFull(
                60, Duration.ofDays(7), Duration.ofDays(14), Duration.ofDays(2)),
            d,
            now);
    assertThat(soon.status()).isEqualTo(1);
    assertThat(soon.perfdata().getFirst().value()).isCloseTo(3, within(1e-4));
    Forecasts.Result now2 =
        Forecasts.evaluate(
            new Forecasts.TimeUntilFull(
                58, Duration.ofDays(7), Duration.ofDays(14), Duration.ofDays(2)),
            d,
            now);
    assertThat(now2.status()).isEqualTo(2);
  }

  @Test
  void timeUntilFull_ofAFallingOrEmptySeries() {
    Instant now = T0.plus(Duration.ofDays(7));
    var rule =
        new Forecasts.TimeUntilFull(
            100, Duration.ofDays(7), Duration.ofDays(14), Duration.ofDays(2));
    assertThat(Forecasts.evaluate(rule, hourly(168, i -> 90 - i / 24.0), now).text())
        .contains("not growing");
    assertThat(Forecasts.evaluate(rule, hourly(168, i -> Double.NaN), now).status()).isEqualTo(3);
  }

  /** Four weeks of a daily wave (busier on weekdays) with noise of sd 2, then one more hour. */
  static SeriesData seasonal(double lastValueOffset) {
    Random r = new Random(42);
    int hours = 4 * 168 + 1;
    double[] v = new double[hours];
    for (int i = 0; i < hours; i++) {
      int hourOfDay = i % 24;
      boolean weekday = (i / 24) % 7 < 5;
      v[i] =
          (weekday ? 100 : 60) + 40 * Math.sin(2 * Math.PI * hourOfDay / 24) + 2 * r.nextGaussian();
    }
    v[hours - 1] += lastValueOffset;
    return new SeriesData(INFO, T0.plus(Duration.ofHours(1)), Duration.ofHours(1), v, v, v);
  }

  @Test
  void hourOfWeekProfile_learnsTheSeason() {
    Trends.HourOfWeek p = Trends.hourOfWeek(seasonal(0), ZoneOffset.UTC);
    // Monday 06:00-07:00: 100 + 40 sin(2 pi 6/24) = 140; Saturday 06:00: 60 + 40 = 100
    assertThat(p.mean()[6]).isCloseTo(140, within(3.0));
    assertThat(p.mean()[5 * 24 + 6]).isCloseTo(100, within(3.0));
    assertThat(p.count()[6]).isGreaterThanOrEqualTo(4);
  }

  @Test
  void deviation_fromTheBaseline_isCriticalForASpike_andOkOtherwise() {
    var rule = new Forecasts.Deviation(Duration.ofDays(28), 3, 5, ZoneOffset.UTC);
    Instant now = T0.plus(Duration.ofHours(4 * 168 + 1));
    Forecasts.Result normal = Forecasts.evaluate(rule, seasonal(0), now);
    assertThat(normal.status()).as(normal.text()).isZero();
    Forecasts.Result spike = Forecasts.evaluate(rule, seasonal(60), now);
    assertThat(spike.status()).as(spike.text()).isEqualTo(2);
    assertThat(spike.text())
        .startsWith("FORECAST CRITICAL - db1/ssh/disk.pct[/] is ")
        .containsPattern("usually (9[7-9]|10[0-3])(\\.\\d)? at this hour");
  }

  @Test
  void headroom_isThePeakHourOfTheMonthTimesGrowth_againstCapacity() {
    // 30 days; every evening 20:00 peaks at 800, one day at 850
    SeriesData d =
        hourly(
            720,
            i -> {
              int hour = i % 24;
              double base = 300 + 500 * Math.exp(-Math.pow(hour - 20, 2) / 4.0);
              return i / 24 == 12 && hour == 20 ? 850 : base;
            });
    Forecasts.Result short1 =
        Forecasts.evaluate(
            new Forecasts.Headroom(1000, 0.2, 0.3, 0.1), d, T0.plus(Duration.ofDays(30)));
    // 850 x 1.2 = 1020 of 1000: no headroom
    assertThat(short1.status()).isEqualTo(2);
    assertThat(short1.perfdata())
        .extracting(Sample::value)
        .containsExactly(850.0, 1020.0, -2.0000000000000018);
    assertThat(short1.text())
        .contains(
            "peak hour 850 (2026-06-13T21:00:00Z) x 120% growth = 1020 of capacity 1000: -2% headroom");
    Forecasts.Result ok =
        Forecasts.evaluate(
            new Forecasts.Headroom(1000, 0, 0.3, 0.1), d, T0.plus(Duration.ofDays(30)));
    assertThat(ok.status()).isEqualTo(1); // 15 % left, under the 30 % warning
    assertThat(Forecasts.evaluate(new Forecasts.Headroom(1000, 0, 0.1, 0.05), d, T0).status())
        .isZero();
  }

  @Test
  void query_asksForTheWindowEachRuleNeeds() {
    Instant now = T0.plus(Duration.ofDays(40));
    SeriesQuery q = Forecasts.query(new Forecasts.Headroom(1, 0, 0, 0), INFO.id(), now);
    assertThat(Duration.between(q.from(), q.to())).isEqualTo(Duration.ofDays(30));
    assertThat(q.width()).isZero();
    assertThat(
            Arrays.asList(
                Forecasts.query(
                        new Forecasts.Deviation(Duration.ofDays(28), 3, 5, ZoneOffset.UTC),
                        INFO.id(),
                        now)
                    .from()))
        .containsExactly(now.minus(Duration.ofDays(28)).minus(Duration.ofHours(1)));
  }
}
