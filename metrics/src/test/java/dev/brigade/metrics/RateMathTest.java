package dev.brigade.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RateMathTest {
  private static final double NONE = Double.NaN;

  @Test
  void gauge_isStoredAsGiven_withoutAPreviousValue() {
    assertThat(RateMath.store(Kind.GAUGE, NONE, 0.42, 10, NONE, NONE)).isEqualTo(0.42);
  }

  @Test
  void gauge_outsideItsBounds_isUnknown() {
    assertThat(RateMath.store(Kind.GAUGE, NONE, 120, 10, 0, 100)).isNaN();
    assertThat(RateMath.store(Kind.GAUGE, NONE, -1, 10, 0, 100)).isNaN();
  }

  @Test
  void counter_increase_givesTheRatePerSecond() {
    // (1600 - 1000) / 60 s
    assertThat(RateMath.store(Kind.COUNTER, 1000, 1600, 60, NONE, NONE)).isEqualTo(10.0);
  }

  @Test
  void counterWrap_at32Bits_givesThePositiveRate() {
    // 4294967000 -> wrap at 2^32 = 4294967296 -> 704: increase 296 + 704 = 1000 in 10 s
    assertThat(RateMath.store(Kind.COUNTER, 4_294_967_000L, 704, 10, NONE, NONE)).isEqualTo(100.0);
  }

  @Test
  void counterWrap_at64Bits_givesThePositiveRate() {
    // 2^64 - 2048 -> wrap -> 952: increase 2048 + 952 = 3000 in 10 s; RRDtool adds 2^32, then
    // 2^64 - 2^32
    double before = 18446744073709549568.0; // 2^64 - 2048, exact in a double
    assertThat(RateMath.store(Kind.COUNTER, before, 952, 10, NONE, NONE)).isEqualTo(300.0);
  }

  @Test
  void counterReset_lookingLikeAWrap_isUnknownPastItsMax() {
    // a process restarted: 1e9 -> 100 reads as a 32-bit wrap of 3294967396 in 10 s
    assertThat(RateMath.store(Kind.COUNTER, 1e9, 100, 10, NONE, NONE))
        .isCloseTo(329_496_739.6, within(1e-6));
    assertThat(RateMath.store(Kind.COUNTER, 1e9, 100, 10, NONE, 1e6)).isNaN();
  }

  @Test
  void counter_withoutAPreviousValue_isUnknown() {
    assertThat(RateMath.store(Kind.COUNTER, NONE, 100, 10, NONE, NONE)).isNaN();
    assertThat(RateMath.store(Kind.DERIVE, NONE, 100, 10, NONE, NONE)).isNaN();
  }

  @Test
  void derive_afterAReset_isNegative_andUnknownWithMinZero() {
    // 5000 -> 100 in 10 s: -490/s; Munin's "min 0" turns the reset into one unknown point
    assertThat(RateMath.store(Kind.DERIVE, 5000, 100, 10, NONE, NONE)).isEqualTo(-490.0);
    assertThat(RateMath.store(Kind.DERIVE, 5000, 100, 10, 0, NONE)).isNaN();
    assertThat(RateMath.store(Kind.DERIVE, 100, 250, 10, 0, NONE)).isEqualTo(15.0);
  }

  @Test
  void absolute_isTheValueDividedByTheSecondsSinceThePreviousOne() {
    assertThat(RateMath.store(Kind.ABSOLUTE, NONE, 300, 60, NONE, NONE)).isEqualTo(5.0);
  }

  @Test
  void noTimeBetweenTwoValues_isUnknown() {
    assertThat(RateMath.store(Kind.DERIVE, 1, 2, 0, NONE, NONE)).isNaN();
    assertThat(RateMath.store(Kind.ABSOLUTE, 1, 2, 0, NONE, NONE)).isNaN();
  }

  @Test
  void nagiosCounterUnit_isADeriveOfTheCounter() {
    assertThat(Sample.ofPerfdata("bytes", 10, "c").kind()).isEqualTo(Kind.DERIVE);
    assertThat(Sample.ofPerfdata("time", 0.2, "s").kind()).isEqualTo(Kind.GAUGE);
    assertThat(SeriesInfo.storedUnit("B", Kind.DERIVE)).isEqualTo("B/s");
    assertThat(SeriesInfo.storedUnit("c", Kind.DERIVE)).isEqualTo("/s");
  }
}
