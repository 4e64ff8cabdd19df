package dev.brigade.edge;

/**
 * How many frames of a kind a client may send per window (a fixed window, restarted by the first
 * frame after it ends): pure, its clock given by the caller. One connection's, used on its event
 * loop only.
 */
final class FrameBudget {
  private final int max;
  private final long windowNanos;
  private long start;
  private int used;
  private boolean started;

  FrameBudget(int max, long windowNanos) {
    if (max < 1 || windowNanos < 1) {
      throw new IllegalArgumentException("a frame budget needs max >= 1 and a window");
    }
    this.max = max;
    this.windowNanos = windowNanos;
  }

  /** Counts one frame at {@code now} (nanoseconds); false once the window's budget is spent. */
  boolean take(long now) {
    if (!started || now - start >= windowNanos) {
      started = true;
      start = now;
      used = 0;
    }
    used++;
    return used <= max;
  }
}
