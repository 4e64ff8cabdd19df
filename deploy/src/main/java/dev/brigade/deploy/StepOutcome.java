package dev.brigade.deploy;

import java.time.Duration;

/** How one step went on one host. */
public sealed interface StepOutcome {
  /** The step. */
  Step step();

  /**
   * The step did its work.
   *
   * @param took how long it took
   * @param detail what it did, for the user (may be empty)
   */
  record Done(Step step, Duration took, String detail) implements StepOutcome {}

  /**
   * The step failed on the host.
   *
   * @param reason one line: what failed and what to do
   */
  record Failed(Step step, String reason) implements StepOutcome {}

  /**
   * The step did not run on the host.
   *
   * @param why e.g. another host failed first
   */
  record Skipped(Step step, String why) implements StepOutcome {}
}
