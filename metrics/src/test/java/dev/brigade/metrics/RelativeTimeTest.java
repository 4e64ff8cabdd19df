package dev.brigade.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RelativeTimeTest {
  static final Instant NOW = Instant.parse("2026-06-08T12:00:00Z");

  @Test
  void relativeAndAbsoluteTimes() {
    assertThat(RelativeTime.parse("now", NOW)).isEqualTo(NOW);
    assertThat(RelativeTime.parse("-7d", NOW)).isEqualTo(Instant.parse("2026-06-01T12:00:00Z"));
    assertThat(RelativeTime.parse("now-1h30m", NOW))
        .isEqualTo(Instant.parse("2026-06-08T10:30:00Z"));
    assertThat(RelativeTime.parse("2026-06-01T00:00:00Z", NOW))
        .isEqualTo(Instant.parse("2026-06-01T00:00:00Z"));
  }

  @Test
  void garbage_namesWhatIsAccepted() {
    assertThatThrownBy(() -> RelativeTime.parse("last week", NOW))
        .hasMessage(
            "'last week' is not a time; write now, -7d, -12h, -1h30m or an instant such as 2026-06-01T12:00:00Z");
    assertThatThrownBy(() -> RelativeTime.parse("-7x", NOW))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
