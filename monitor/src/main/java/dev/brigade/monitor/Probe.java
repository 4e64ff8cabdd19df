package dev.brigade.monitor;

import java.time.Duration;

/**
 * Runs one check once, now, by a deadline; blocking is fine (it runs on a virtual thread).
 *
 * <pre>{@code
 * Probe p = (Deadline d) -> BuiltinChecks.tcp("10.0.0.11", 80, Thresholds.NONE, d);
 * CheckResult r = p.within(Duration.ofSeconds(10)).run();
 * }</pre>
 */
@FunctionalInterface
public interface Probe {
  /** The budget of {@link #run()} for a probe not given one with {@link #within}. */
  Duration DEFAULT_BUDGET = Duration.ofSeconds(10);

  /**
   * The result, by {@code deadline}: its connect, writes and reads all share it. Problems with the
   * target, a passed deadline included, are results, not exceptions.
   */
  CheckResult run(Deadline deadline) throws InterruptedException;

  /** Runs with this probe's {@link #budget()} from now. */
  default CheckResult run() throws InterruptedException {
    return run(Deadline.after(budget()));
  }

  /** The time {@link #run()} gives a run. */
  default Duration budget() {
    return DEFAULT_BUDGET;
  }

  /** This probe, whose {@link #run()} gives a run {@code budget}. */
  default Probe within(Duration budget) {
    Probe self = this;
    return new Probe() {
      @Override
      public CheckResult run(Deadline deadline) throws InterruptedException {
        return self.run(deadline);
      }

      @Override
      public Duration budget() {
        return budget;
      }
    };
  }
}
