package dev.brigade.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The load report's arithmetic. */
class LoadTest {
  private final CheckPolicy policy =
      new CheckPolicy(
          3,
          Duration.ofMinutes(1),
          Duration.ofSeconds(10),
          Duration.ofMinutes(30),
          5,
          20,
          List.of(),
          List.of());

  @Test
  void aCheckInASoftProblem_needsSlotsAtItsRetryInterval() {
    // 2 s of run time every minute, but every 10 s while it retries: a storm needs 6x the slots
    assertThat(Load.demand(2, policy, CheckState.Type.HARD, Status.OK)).isEqualTo(2.0 / 60);
    assertThat(Load.demand(2, policy, CheckState.Type.SOFT, Status.CRITICAL)).isEqualTo(2.0 / 10);
    assertThat(Load.demand(2, policy, CheckState.Type.HARD, Status.CRITICAL)).isEqualTo(2.0 / 60);
  }
}
