package dev.brigade.monitor;

/**
 * How many plugins may run at once, learnt from their run times and the machine's load instead of a
 * fixed cap (TCP Vegas's rule, as Netflix's concurrency-limits applies it to servers).
 *
 * <p>With {@code rttNoLoad} the shortest run seen and {@code rtt} the mean of the last round (about
 * {@code limit} runs), {@code queue = limit * (1 - rttNoLoad / rtt)} estimates how many runs wait
 * for the CPU rather than do work. When callers were kept waiting for a slot and that queue is
 * small, the limit grows; when the queue is long, or more threads are runnable per CPU than {@code
 * maxRunnablePerCpu}, it shrinks. A CPU-bound plugin thus settles at the CPUs plus a short queue; a
 * plugin that mostly waits on the network grows toward {@code max}. Pure: samples in, limit out.
 */
final class AdaptiveLimit {
  private final int min;
  private final int max;
  private final double maxRunnablePerCpu;
  private double limit;
  private long rttNoLoad = Long.MAX_VALUE;
  private long roundNanos;
  private int roundRuns;
  private boolean roundWaited;

  /**
   * @param initial the limit before any sample
   * @param min the lowest limit
   * @param max the highest limit
   * @param maxRunnablePerCpu runnable threads per CPU above which the limit shrinks
   */
  AdaptiveLimit(int initial, int min, int max, double maxRunnablePerCpu) {
    if (min < 1 || max < min || initial < min || initial > max) {
      throw new IllegalArgumentException(
          "limits must satisfy 1 <= min <= initial <= max: " + min + ", " + initial + ", " + max);
    }
    this.min = min;
    this.max = max;
    this.maxRunnablePerCpu = maxRunnablePerCpu;
    this.limit = initial;
  }

  /** The current limit. */
  synchronized int limit() {
    return (int) limit;
  }

  /**
   * One finished run.
   *
   * @param rttNanos how long it ran
   * @param waited whether any caller was waiting for a slot when it ended
   * @param runnablePerCpu threads runnable on the machine now, per CPU
   * @return the limit after it
   */
  synchronized int onRun(long rttNanos, boolean waited, double runnablePerCpu) {
    rttNoLoad = Math.min(rttNoLoad, Math.max(1, rttNanos));
    roundNanos += rttNanos;
    roundRuns++;
    roundWaited |= waited;
    if (roundRuns < Math.max(1, (int) limit)) {
      return (int) limit;
    }
    double rtt = Math.max(1, roundNanos / (double) roundRuns);
    boolean saturated = roundWaited;
    roundNanos = 0;
    roundRuns = 0;
    roundWaited = false;
    double log = Math.max(1, Math.log10(limit));
    double queue = limit * (1 - rttNoLoad / rtt);
    double alpha = 3 * log;
    double beta = 6 * log;
    if (runnablePerCpu > maxRunnablePerCpu) {
      limit = limit * 0.9;
    } else if (queue > beta) {
      limit -= log;
    } else if (queue < alpha && saturated) {
      limit += log;
    }
    limit = Math.max(min, Math.min(max, limit));
    return (int) limit;
  }
}
