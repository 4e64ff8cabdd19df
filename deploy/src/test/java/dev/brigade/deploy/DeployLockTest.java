package dev.brigade.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeployLockTest {
  private static final Instant SINCE = Instant.parse("2026-12-01T08:00:00Z");
  private static final DeployLock LOCK =
      new DeployLock("ann", "mgmt1", SINCE, "production", "0123456789abcdef", "t-1");

  @Test
  void lock_roundTripsThroughItsFile() {
    assertThat(DeployLock.parse(LOCK.format())).contains(LOCK);
  }

  @Test
  void lockFile_cannotBeBrokenByAnOwnerNameWithNewlines() {
    DeployLock odd = new DeployLock("ann\ntoken=x", "m", SINCE, "s", "r", "real");
    assertThat(DeployLock.parse(odd.format()).orElseThrow().token()).isEqualTo("real");
  }

  @Test
  void halfWrittenLock_isNotALock() {
    assertThat(DeployLock.parse("owner=ann\n")).isEmpty();
  }

  @Test
  void staleness_dependsOnlyOnTheInjectedTime() {
    Duration stale = Duration.ofHours(2);
    assertThat(LOCK.isStale(SINCE.plus(Duration.ofMinutes(119)), stale)).isFalse();
    assertThat(LOCK.isStale(SINCE.plus(Duration.ofMinutes(121)), stale)).isTrue();
    assertThat(LOCK.describe(SINCE.plus(Duration.ofMinutes(12)), stale))
        .contains("held by ann on mgmt1")
        .contains("12 min ago")
        .contains("0123456")
        .doesNotContain("STALE");
    assertThat(LOCK.describe(SINCE.plus(Duration.ofHours(3)), stale)).contains("STALE");
  }

  @Test
  void revisionsLog_readsCapistranosLines_andPromotionNeedsEveryHost() {
    String line = Revisions.deployedLine("main", "0123456789abcdef", "20261201080000", "ann");
    assertThat(line)
        .isEqualTo("Branch main (at 0123456789abcdef) deployed as release 20261201080000 by ann");
    assertThat(Revisions.deployed(line + "\nann rolled back to release 20261201070000\n"))
        .containsExactly(
            new Revisions.Deployed("main", "0123456789abcdef", "20261201080000", "ann"));
    assertThat(Revisions.missingPromotion("0123456789abcdef", Map.of("s1", line, "s2", line)))
        .isEmpty();
    assertThat(Revisions.missingPromotion("0123456789abcdef", Map.of("s1", line, "s2", "")))
        .contains(java.util.List.of("s2"));
  }
}
