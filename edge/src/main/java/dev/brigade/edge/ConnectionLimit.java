package dev.brigade.edge;

import java.time.Duration;

/**
 * How many requests each backend of a pool takes at once, and how long others may wait for one
 * (HAProxy's {@code maxconn}, {@code maxqueue} and {@code timeout queue}). A request that finds the
 * queue full, or waits past the timeout, is answered 503 with {@code Retry-After}.
 *
 * @param maxConn requests in progress per backend; 0 for no limit (and no queue)
 * @param maxQueue requests of the pool that may wait for a backend at once
 * @param queueTimeout how long one request may wait
 */
public record ConnectionLimit(int maxConn, int maxQueue, Duration queueTimeout) {
  /** No limit. */
  public static final ConnectionLimit NONE = new ConnectionLimit(0, 0, Duration.ofSeconds(5));

  /** Queue length when the model sets {@code max-conn} only. */
  public static final int DEFAULT_QUEUE = 256;

  public ConnectionLimit {
    if (maxConn < 0 || maxQueue < 0 || queueTimeout.isNegative()) {
      throw new IllegalArgumentException("negative connection limit");
    }
  }

  boolean limited() {
    return maxConn > 0;
  }

  /** The {@code Retry-After} of a 503 for a busy pool: the queue timeout, at least a second. */
  long retryAfterSeconds() {
    return Math.max(1, (queueTimeout.toMillis() + 999) / 1000);
  }
}
