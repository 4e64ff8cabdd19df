package dev.brigade.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The threshold range syntax of the Nagios plugin development guidelines. */
class RangeTest {
  @ParameterizedTest(name = "{0} with {1}: alert {2}")
  @CsvSource({
    // guideline table: "10" alerts < 0 or > 10
    "10, -1, true",
    "10, 0, false",
    "10, 10, false",
    "10, 10.5, true",
    // "10:" alerts < 10
    "10:, 9.9, true",
    "10:, 10, false",
    "10:, 1e9, false",
    // "~:10" alerts > 10
    "~:10, -1e9, false",
    "~:10, 10, false",
    "~:10, 11, true",
    // "10:20" alerts outside 10..20
    "10:20, 9, true",
    "10:20, 10, false",
    "10:20, 20, false",
    "10:20, 21, true",
    // "@10:20" alerts inside 10..20
    "@10:20, 9, false",
    "@10:20, 10, true",
    "@10:20, 20, true",
    "@10:20, 21, false",
    "-5:-1, -3, false",
    "-5:-1, 0, true",
    "0.5:1.5, 1, false"
  })
  void guidelineExamples(String range, double value, boolean alerts) {
    assertThat(Range.parse(range).alerts(value)).isEqualTo(alerts);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "20:10",
        "abc",
        "10:abc",
        "@",
        ":",
        "1..2",
        "~",
        "1:2:3",
        "NaN",
        "Infinity"
      })
  void invalidRanges_areRefusedInOneLine(String text) {
    assertThatThrownBy(() -> Range.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  static IntStream seeds() {
    return IntStream.rangeClosed(1, 300);
  }

  /** Random ranges: formatting and parsing round-trips, and alerts agree with a reference. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomRanges_roundTripAndAgreeWithTheDefinition(int seed) {
    Random r = new Random(seed);
    boolean inside = r.nextBoolean();
    double a = r.nextInt(200) - 100;
    double b = a + r.nextInt(100);
    String text =
        switch (r.nextInt(4)) {
          case 0 -> (inside ? "@" : "") + (long) Math.abs(b);
          case 1 -> (inside ? "@" : "") + (long) a + ":";
          case 2 -> (inside ? "@" : "") + "~:" + (long) b;
          default -> (inside ? "@" : "") + (long) a + ":" + (long) b;
        };
    Range range = Range.parse(text);
    assertThat(Range.parse(range.toString())).isEqualTo(range);
    for (int i = 0; i < 20; i++) {
      double v = r.nextInt(400) - 200 + (r.nextBoolean() ? 0.5 : 0);
      double lo = text.contains("~") ? Double.NEGATIVE_INFINITY : text.contains(":") ? a : 0;
      double hi =
          text.endsWith(":") ? Double.POSITIVE_INFINITY : text.contains(":") ? b : Math.abs(b);
      boolean within = v >= lo && v <= hi;
      assertThat(range.alerts(v)).as("%s with %s", text, v).isEqualTo(inside == within);
    }
  }
}
