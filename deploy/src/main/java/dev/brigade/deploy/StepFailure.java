package dev.brigade.deploy;

/** A step failed on a host; carries the one line to report. Unwinds one host's pipeline. */
final class StepFailure extends Exception {
  private static final long serialVersionUID = 1L;

  private final Step step;

  StepFailure(Step step, String reason) {
    super(reason, null, false, false);
    this.step = step;
  }

  Step step() {
    return step;
  }
}
