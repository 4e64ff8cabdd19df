package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeadlineTest {
  /** A clock and a scheduler that run due tasks when the test moves time on. */
  private static final class FakeLoop implements Deadline.Scheduler {
    long now;
    final List<Object[]> tasks = new ArrayList<>(); // {at, task, future}
    int scheduled;

    @Override
    public CompletableFuture<?> schedule(Runnable task, long afterNanos) {
      CompletableFuture<Void> f = new CompletableFuture<>();
      tasks.add(new Object[] {now + afterNanos, task, f});
      scheduled++;
      return f;
    }

    int pending() {
      return (int) tasks.stream().filter(t -> !((CompletableFuture<?>) t[2]).isDone()).count();
    }

    void advance(long nanos) {
      long until = now + nanos;
      while (true) {
        Object[] next = null;
        for (Object[] t : tasks) {
          if (!((CompletableFuture<?>) t[2]).isDone()
              && (long) t[0] <= until
              && (next == null || (long) t[0] < (long) next[0])) {
            next = t;
          }
        }
        if (next == null) {
          break;
        }
        now = (long) next[0];
        ((CompletableFuture<?>) next[2]).complete(null);
        ((Runnable) next[1]).run();
      }
      now = until;
    }
  }

  private final FakeLoop loop = new FakeLoop();
  private final Deadline d = new Deadline(loop, () -> loop.now);
  private final AtomicInteger fired = new AtomicInteger();

  @Test
  void rearmedOftenBeforeItIsDue_schedulesOneTask_andFiresOnceAtTheLastDeadline() {
    for (int i = 0; i < 1000; i++) {
      d.arm(10, fired::incrementAndGet);
      loop.advance(1); // each event pushes the deadline on
    }
    assertThat(loop.pending()).isEqualTo(1);
    loop.advance(8);
    assertThat(fired).hasValue(0);
    loop.advance(1); // 10 after the last arm
    assertThat(fired).hasValue(1);
    // about once per timeout period (every 9 here, as each firing finds 9 left), not per arm
    assertThat(loop.scheduled).isLessThan(120);
    loop.advance(100);
    assertThat(fired).hasValue(1);
  }

  @Test
  void disarmed_nothingRuns() {
    d.arm(10, fired::incrementAndGet);
    d.disarm();
    loop.advance(20);
    assertThat(fired).hasValue(0);
    assertThat(d.armed()).isFalse();
  }

  @Test
  void aShorterTimeoutAfterALongerOne_firesAtTheShorterDeadline() {
    d.arm(60, () -> fired.addAndGet(100));
    d.arm(10, fired::incrementAndGet);
    loop.advance(10);
    assertThat(fired).hasValue(1);
    loop.advance(100);
    assertThat(fired).hasValue(1);
  }

  @Test
  void disarmByAnotherOwner_leavesTheCurrentOwnersTimeoutArmed() {
    Object first = new Object();
    Object second = new Object();
    d.arm(first, 10, () -> fired.addAndGet(100));
    d.arm(second, 10, fired::incrementAndGet); // the connection went on to the next exchange
    d.disarm(first); // the first exchange ends late: must not cancel the second's timeout
    loop.advance(10);
    assertThat(fired).hasValue(1);
  }

  @Test
  void close_cancelsTheTask_soNothingLingers() {
    d.arm(10, fired::incrementAndGet);
    d.close();
    assertThat(loop.pending()).isZero();
    loop.advance(20);
    assertThat(fired).hasValue(0);
  }
}
