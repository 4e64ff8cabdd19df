package dev.brigade.deploy;

import dev.brigade.model.Host;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One host's pipeline during a deploy or rollback: its steps so far and where it stands. */
final class HostRun {
  /** A step's work on the host; may fail with a {@link StepFailure}. */
  @FunctionalInterface
  interface Work {
    String run() throws StepFailure, InterruptedException;
  }

  final HostOps ops;
  private final DeployListener listener;
  private final InstantSource clock;
  private final List<StepOutcome> steps = new ArrayList<>();
  HostState state;
  volatile Instant switchedAt;
  volatile boolean switched;
  volatile boolean locked;
  volatile boolean uploaded;

  HostRun(HostOps ops, DeployListener listener, InstantSource clock) {
    this.ops = ops;
    this.listener = listener;
    this.clock = clock;
  }

  Host host() {
    return ops.host();
  }

  /** Runs one step, recording and reporting how it went; a failure is rethrown. */
  void step(Step step, Work work) throws StepFailure, InterruptedException {
    listener.started(host(), step);
    long start = System.nanoTime();
    StepOutcome outcome;
    try {
      String detail = work.run();
      outcome = new StepOutcome.Done(step, Duration.ofNanos(System.nanoTime() - start), detail);
    } catch (StepFailure f) {
      outcome = new StepOutcome.Failed(step, f.getMessage());
      add(outcome);
      throw new StepFailure(step, f.getMessage());
    }
    add(outcome);
  }

  /** Records that a step did not run here. */
  void skip(Step step, String why) {
    add(new StepOutcome.Skipped(step, why));
  }

  /** Runs a step whose failure is recorded but does not stop anything (unlock, record). */
  boolean quietly(Step step, Work work) throws InterruptedException {
    try {
      step(step, work);
      return true;
    } catch (StepFailure f) {
      return false;
    }
  }

  void markSwitched() {
    switchedAt = clock.instant();
    switched = true;
  }

  private synchronized void add(StepOutcome o) {
    steps.add(o);
    listener.finished(host(), o);
  }

  boolean failed() {
    synchronized (this) {
      return steps.stream().anyMatch(StepOutcome.Failed.class::isInstance);
    }
  }

  DeployReport.HostReport report(Optional<String> live) {
    synchronized (this) {
      return new DeployReport.HostReport(
          host().name(), steps, Optional.ofNullable(switchedAt), live);
    }
  }
}
