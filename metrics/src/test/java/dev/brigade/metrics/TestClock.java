package dev.brigade.metrics;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock the test moves. */
final class TestClock implements InstantSource {
  private volatile Instant now;

  TestClock(Instant start) {
    this.now = start;
  }

  @Override
  public Instant instant() {
    return now;
  }

  Instant advance(Duration d) {
    now = now.plus(d);
    return now;
  }

  void set(Instant t) {
    now = t;
  }
}
