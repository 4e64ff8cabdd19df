package dev.brigade.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CheckPeriodTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // 2026-11-25 is a Wednesday; Berlin is UTC+1 in November
        "mon-fri 08:00-18:00|2026-11-25T07:00:00Z|true",
        "mon-fri 08:00-18:00|2026-11-25T06:59:00Z|false",
        "mon-fri 08:00-18:00|2026-11-25T17:00:00Z|false",
        "mon-fri 08:00-18:00|2026-11-28T10:00:00Z|false",
        "sat-mon 00:00-24:00|2026-11-30T22:59:00Z|true",
        "sat-mon 00:00-24:00|2026-11-25T10:00:00Z|false",
        "daily 22:00-24:00, daily 00:00-06:00|2026-11-25T04:30:00Z|true",
        "daily 22:00-24:00, daily 00:00-06:00|2026-11-25T12:00:00Z|false",
        "24x7|2026-11-25T12:00:00Z|true",
      })
  void contains_followsTheWindowsInTheZone(String period, String at, boolean inside) {
    assertThat(CheckPeriod.parse(period, BERLIN).contains(Instant.parse(at))).isEqualTo(inside);
  }

  @Test
  void next_isTheStartOfTheNextWindow() {
    CheckPeriod office = CheckPeriod.parse("mon-fri 08:00-18:00", BERLIN);
    // Friday 18:30 Berlin -> Monday 08:00 Berlin
    assertThat(office.next(Instant.parse("2026-11-27T17:30:00Z")))
        .isEqualTo(Instant.parse("2026-11-30T07:00:00Z"));
    Instant inside = Instant.parse("2026-11-25T09:13:00Z");
    assertThat(office.next(inside)).isEqualTo(inside);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "mon-fri|is not DAYS HH:MM-HH:MM",
        "mon-fry 08:00-18:00|is not a day",
        "mon 8-18|is not a time such as 08:00",
        "mon 18:00-08:00|ends before it starts",
        "mon 25:00-26:00|is not a time",
      })
  void mistakes_sayWhatIsWrong(String period, String message) {
    assertThatThrownBy(() -> CheckPeriod.parse(period, BERLIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
