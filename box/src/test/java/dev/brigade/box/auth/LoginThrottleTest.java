package dev.brigade.box.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
  private final InstantSource clock = () -> now.get();
  private final LoginThrottle t = new LoginThrottle(clock, 3, 5, Duration.ofMinutes(15), 100);

  private void later(Duration d) {
    now.set(now.get().plus(d));
  }

  @Test
  void threeFailuresForOneUser_blockTheFourth_untilTheOldestLeavesTheWindow() {
    for (int i = 0; i < 3; i++) {
      assertThat(t.retryAfter("alice", "10.0.0.1")).isEmpty();
      t.failed("alice", "10.0.0.1");
      later(Duration.ofMinutes(1));
    }
    assertThat(t.retryAfter("alice", "10.0.0.9")).hasValue(Duration.ofMinutes(12));
    assertThat(t.retryAfter("bob", "10.0.0.9")).isEmpty();
    later(Duration.ofMinutes(12));
    assertThat(t.retryAfter("alice", "10.0.0.9")).isEmpty();
  }

  @Test
  void oneAddressTryingManyUsers_isBlockedByTheAddressLimit() {
    for (int i = 0; i < 5; i++) {
      t.failed("user" + i, "10.0.0.2");
    }
    assertThat(t.retryAfter("someone-else", "10.0.0.2")).hasValue(Duration.ofMinutes(15));
    assertThat(t.retryAfter("someone-else", "10.0.0.3")).isEmpty();
  }

  @Test
  void aSuccess_forgetsTheUsersFailures() {
    t.failed("alice", "a");
    t.failed("alice", "a");
    t.succeeded("alice");
    t.failed("alice", "a");
    t.failed("alice", "a");
    assertThat(t.retryAfter("alice", "a")).isEmpty();
  }

  @Test
  void itRemembersAtMostMaxKeys() {
    LoginThrottle small = new LoginThrottle(clock, 1, 100, Duration.ofMinutes(15), 4);
    small.failed("first", "x");
    for (int i = 0; i < 10; i++) {
      small.failed("u" + i, "y" + i);
    }
    assertThat(small.retryAfter("first", "z")).isEmpty();
  }
}
