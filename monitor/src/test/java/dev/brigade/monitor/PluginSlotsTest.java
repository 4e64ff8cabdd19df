package dev.brigade.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The plugin slots under many waiting callers: never more at once than the limit, none lost. */
class PluginSlotsTest {
  @Test
  void thousandsOfWaiters_areAllServedNeverMoreThanTheLimitAtOnce() throws Exception {
    PluginSlots slots = new PluginSlots(new AdaptiveLimit(3, 3, 3, 100), new MachineLoad());
    AtomicInteger inUse = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      slots.acquire();
                      most.accumulateAndGet(inUse.incrementAndGet(), Math::max);
                      Thread.yield();
                      inUse.decrementAndGet();
                      slots.release(1_000_000);
                      done.incrementAndGet();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join(60_000);
    }
    assertThat(done.get()).isEqualTo(5000);
    assertThat(most.get()).isBetween(1, 3);
    assertThat(slots.waiting()).isZero();
  }
}
