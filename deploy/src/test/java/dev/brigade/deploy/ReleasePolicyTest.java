package dev.brigade.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReleasePolicyTest {
  private static final List<String> FIVE =
      List.of(
          "20261201080000", "20261201080100", "20261201080200", "20261201080300", "20261201080400");

  @Test
  void rollback_goesToTheNewestReleaseBeforeTheLiveOne() {
    assertThat(
            ReleasePolicy.rollbackTarget(
                FIVE, Optional.of(FIVE.get(4)), Set.of(), Optional.empty()))
        .isEqualTo(new ReleasePolicy.Choice.To(FIVE.get(3)));
  }

  @Test
  void rollback_skipsReleasesMarkedBad() {
    assertThat(
            ReleasePolicy.rollbackTarget(
                FIVE, Optional.of(FIVE.get(4)), Set.of(FIVE.get(3), FIVE.get(2)), Optional.empty()))
        .isEqualTo(new ReleasePolicy.Choice.To(FIVE.get(1)));
  }

  @Test
  void rollback_fromAnOlderLiveRelease_goesFurtherBack_notForward() {
    assertThat(
            ReleasePolicy.rollbackTarget(
                FIVE, Optional.of(FIVE.get(2)), Set.of(), Optional.empty()))
        .isEqualTo(new ReleasePolicy.Choice.To(FIVE.get(1)));
  }

  @Test
  void rollback_isRefusedWithoutAGoodEarlierRelease() {
    assertThat(
            ReleasePolicy.rollbackTarget(
                FIVE, Optional.of(FIVE.get(1)), Set.of(FIVE.get(0)), Optional.empty()))
        .isInstanceOf(ReleasePolicy.Choice.Refused.class);
    assertThat(ReleasePolicy.rollbackTarget(FIVE, Optional.empty(), Set.of(), Optional.empty()))
        .isInstanceOf(ReleasePolicy.Choice.Refused.class);
  }

  @Test
  void rollbackTo_aNamedRelease_mustExistNotBeLiveAndNotBeBad() {
    Optional<String> live = Optional.of(FIVE.get(4));
    assertThat(ReleasePolicy.rollbackTarget(FIVE, live, Set.of(), Optional.of(FIVE.get(0))))
        .isEqualTo(new ReleasePolicy.Choice.To(FIVE.get(0)));
    assertThat(ReleasePolicy.rollbackTarget(FIVE, live, Set.of(), Optional.of("20200101000000")))
        .isInstanceOf(ReleasePolicy.Choice.Refused.class);
    assertThat(ReleasePolicy.rollbackTarget(FIVE, live, Set.of(), live))
        .isInstanceOf(ReleasePolicy.Choice.Refused.class);
    assertThat(
            ReleasePolicy.rollbackTarget(FIVE, live, Set.of(FIVE.get(0)), Optional.of(FIVE.get(0))))
        .isEqualTo(new ReleasePolicy.Choice.Refused("release " + FIVE.get(0) + " is marked bad"));
  }

  @Test
  void cleanup_removesTheOldestBeyondKeep() {
    assertThat(
            ReleasePolicy.toRemove(FIVE, Optional.of(FIVE.get(4)), Set.of(), 3, Optional.empty()))
        .containsExactly(FIVE.get(0), FIVE.get(1));
  }

  @Test
  void cleanup_neverRemovesTheLiveReleaseOrTheRollbackTarget() {
    // live is old (after a rollback) and everything newer is bad: the target is the oldest
    Optional<String> live = Optional.of(FIVE.get(1));
    List<String> removed =
        ReleasePolicy.toRemove(
            FIVE, live, Set.of(FIVE.get(2), FIVE.get(3), FIVE.get(4)), 1, Optional.empty());
    assertThat(removed)
        .doesNotContain(FIVE.get(1), FIVE.get(0))
        .containsExactly(FIVE.get(2), FIVE.get(3), FIVE.get(4));
  }

  @Test
  void cleanup_keepsTheReleaseBeingDeployed() {
    assertThat(
            ReleasePolicy.toRemove(
                FIVE, Optional.of(FIVE.get(0)), Set.of(), 1, Optional.of(FIVE.get(4))))
        .doesNotContain(FIVE.get(4), FIVE.get(0));
  }

  @Test
  void releaseName_isTheUtcStartTime_andAlwaysSortsAfterExistingOnes() {
    Instant now = Instant.parse("2026-12-01T08:05:09Z");
    assertThat(ReleaseNames.next(now, List.of())).isEqualTo("20261201080509");
    assertThat(ReleaseNames.next(now, List.of("20261201080509"))).isEqualTo("20261201080510");
    // a clock set back still gives a name after the newest release
    assertThat(ReleaseNames.next(now, List.of("20261201090000", "junk")))
        .isEqualTo("20261201090001");
    // regression (CI): a second deploy within the same second as the newest release, at .3 s
    Instant later = Instant.parse("2026-12-01T08:05:09.300Z");
    assertThat(ReleaseNames.next(later, List.of("20261201080508", "20261201080509")))
        .isEqualTo("20261201080510");
    assertThat(ReleaseNames.isRelease("20261201090000")).isTrue();
    assertThat(ReleaseNames.isRelease("2026120109000")).isFalse();
  }
}
