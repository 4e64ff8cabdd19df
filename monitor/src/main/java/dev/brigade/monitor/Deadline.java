package dev.brigade.monitor;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The moment by which one run of a check must be done: a single budget shared by its connect, its
 * writes and its reads, so that a peer answering a byte at a time cannot hold the check for longer
 * than its timeout (per-read timeouts would allow one timeout per byte).
 *
 * <pre>{@code
 * Deadline d = Deadline.after(clock, Duration.ofSeconds(10));
 * socket.connect(address, d.socketTimeoutMillis());
 * try (Deadline.Guard _ = d.guard(socket)) { ... reads and writes, all before d ... }
 * }</pre>
 *
 * @param clock the clock the end is measured by
 * @param end the moment the check's time is up
 */
public record Deadline(InstantSource clock, Instant end) {
  private static final ScheduledExecutorService TIMER = timer();

  /** The deadline {@code budget} from now by {@code clock}. */
  public static Deadline after(InstantSource clock, Duration budget) {
    return new Deadline(clock, clock.instant().plus(budget));
  }

  /** The deadline {@code budget} from now by the system clock. */
  public static Deadline after(Duration budget) {
    return after(InstantSource.system(), budget);
  }

  /** The time left, zero once it has passed. */
  public Duration remaining() {
    Duration d = Duration.between(clock.instant(), end);
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** True once the end has come. */
  public boolean expired() {
    return !clock.instant().isBefore(end);
  }

  /**
   * The time left in milliseconds, at least 1, for a socket's connect or read timeout (where 0
   * would mean "wait forever").
   *
   * @throws SocketTimeoutException when the deadline has passed
   */
  public int socketTimeoutMillis() throws SocketTimeoutException {
    long ms = remaining().toMillis();
    if (ms <= 0) {
      throw new SocketTimeoutException("deadline passed");
    }
    return (int) Math.min(ms, Integer.MAX_VALUE);
  }

  /**
   * Closes {@code c} when the deadline passes, unless the returned guard is closed first: a blocked
   * connect, handshake, read or write then fails at once. Use it with try-with-resources.
   */
  public Guard guard(Closeable c) {
    long nanos = remaining().toNanos();
    ScheduledFuture<?> f =
        TIMER.schedule(
            () -> {
              try {
                c.close();
              } catch (IOException e) {
                // closing is all that is wanted: a failure to close leaves nothing to do
              }
            },
            nanos,
            TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  /** The end of a {@link #guard}: closing it keeps the resource open. */
  @FunctionalInterface
  public interface Guard extends AutoCloseable {
    @Override
    void close();
  }

  private static ScheduledExecutorService timer() {
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().daemon().name("brigade-deadlines").factory());
    t.setRemoveOnCancelPolicy(true);
    return t;
  }
}
