package dev.brigade.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The adaptive plugin limit, fed simulated runs: no processes, no clock. */
class AdaptiveLimitTest {
  private static final long MS = 1_000_000L;

  /** Runs a machine of {@code cpus} CPUs where each run needs {@code cpuMs} of CPU. */
  private static int cpuBound(AdaptiveLimit l, int cpus, long cpuMs, int runs) {
    for (int i = 0; i < runs; i++) {
      int inFlight = l.limit();
      long rtt = cpuMs * MS * Math.max(1, (long) Math.ceil(inFlight / (double) cpus));
      l.onRun(rtt, true, Math.min(inFlight, 1000) / (double) cpus / 4);
    }
    return l.limit();
  }

  @Test
  void cpuBoundPlugins_settleAtTheCpusPlusAShortQueue() {
    AdaptiveLimit l = new AdaptiveLimit(2, 1, 256, 3.0);
    int settled = cpuBound(l, 2, 10, 20_000);
    assertThat(settled).isBetween(3, 16);
  }

  @Test
  void pluginsThatWaitOnTheNetwork_growTowardTheCap() {
    AdaptiveLimit l = new AdaptiveLimit(2, 1, 64, 3.0);
    for (int i = 0; i < 20_000; i++) {
      l.onRun(200 * MS, true, 0.5); // run time does not grow with concurrency
    }
    assertThat(l.limit()).isEqualTo(64);
  }

  @Test
  void withoutCallersWaiting_theLimitDoesNotGrow() {
    AdaptiveLimit l = new AdaptiveLimit(4, 1, 64, 3.0);
    for (int i = 0; i < 10_000; i++) {
      l.onRun(5 * MS, false, 0.1);
    }
    assertThat(l.limit()).isEqualTo(4);
  }

  @Test
  void aLoadedMachine_shrinksTheLimitToItsFloor() {
    AdaptiveLimit l = new AdaptiveLimit(32, 2, 64, 3.0);
    for (int i = 0; i < 10_000; i++) {
      l.onRun(5 * MS, true, 8.0); // other work keeps 8 threads per CPU runnable
    }
    assertThat(l.limit()).isEqualTo(2);
  }

  @Test
  void runTimesThatDoubleWithLoad_bringTheLimitDown() {
    AdaptiveLimit l = new AdaptiveLimit(64, 1, 64, 100);
    for (int i = 0; i < 10_000; i++) {
      long rtt = i < 10 ? 5 * MS : 5 * MS * Math.max(1, l.limit() / 2);
      l.onRun(rtt, true, 1);
    }
    assertThat(l.limit()).isLessThan(20);
  }

  @Test
  void machineLoad_readsTheRunnableCountOfProcLoadavg() {
    assertThat(MachineLoad.parse("0.52 0.58 0.59 3/412 12345")).isEqualTo(3);
    assertThat(MachineLoad.parse("garbage")).isZero();
    assertThat(MachineLoad.parse("")).isZero();
  }
}
