package dev.brigade.edge;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.TimeUnit;

/**
 * Admits an exchange to a backend of its pool below the pool's {@link ConnectionLimit}: a backend
 * with a slot taken, else a place in the pool's {@link ConnectionQueue} (woken when a slot frees),
 * else a 503 with {@code Retry-After}. One per client connection, on its event loop.
 */
final class BackendAdmission {
  private final ClientConnection c;
  private final Upstream up;

  BackendAdmission(ClientConnection c, Upstream up) {
    this.c = c;
    this.up = up;
  }

  /**
   * A backend for {@code e} with a slot taken, or null: {@code e} is then queued or answered (its
   * state says which), or no backend is available at all.
   */
  Backend acquire(Exchange e) {
    ConnectionLimit limit = e.pool.config.limit();
    Backend chosen = e.pool.choose(e.hashKey, e.affinity, e.tried);
    if (chosen != null && limit.limited() && !chosen.tryAcquire(limit.maxConn())) {
      // at max-conn: another backend below it, or a place in the queue
      java.util.Set<Backend> skip = new java.util.HashSet<>(e.tried);
      skip.addAll(e.pool.full());
      chosen = e.pool.choose(e.hashKey, e.affinity, skip);
      if (chosen == null || !chosen.tryAcquire(limit.maxConn())) {
        queue(e, limit);
        return null;
      }
    } else if (chosen != null && !limit.limited()) {
      chosen.active.incrementAndGet();
    }
    if (chosen != null && e.queueTimer != null) {
      e.queueTimer.cancel(false); // it waited, and now has its slot
      e.queueTimer = null;
    }
    return chosen;
  }

  /**
   * Every backend the request may go to is at the pool's {@code max-conn}: it waits, in a bounded
   * queue, for a slot; a full queue or a wait past {@code queue-timeout} is 503 with Retry-After.
   */
  private void queue(Exchange e, ConnectionLimit limit) {
    BackendPool pool = e.pool;
    ConnectionQueue.Waiter w =
        new ConnectionQueue.Waiter(c.ctx.channel().eventLoop(), () -> dequeued(e, pool));
    boolean again = e.queueTimer != null;
    if (again) {
      pool.queue.requeue(w);
    } else if (!pool.queue.offer(w)) {
      busy(e, pool, "every backend of pool '" + pool.name() + "' is busy and the queue is full");
      return;
    }
    e.waiter = w;
    e.to(Exchange.State.QUEUED);
    if (!again) {
      e.queueTimer =
          c.ctx
              .executor()
              .schedule(
                  () -> {
                    ConnectionQueue.Waiter cur = e.waiter;
                    if (cur != null && cur.claim()) {
                      pool.queue.remove(cur);
                      e.waiter = null;
                      busy(e, pool, "no backend of pool '" + pool.name() + "' was free in time");
                    }
                  },
                  limit.queueTimeout().toMillis(),
                  TimeUnit.MILLISECONDS);
    }
  }

  /** A slot was freed while {@code e} waited: it tries again (or passes the slot on). */
  private void dequeued(Exchange e, BackendPool pool) {
    e.waiter = null;
    if (!up.live(e)) {
      pool.queue.wake();
      return;
    }
    up.dispatch(e);
  }

  private void busy(Exchange e, BackendPool pool, String why) {
    pool.queue.refused.increment();
    if (e.queueTimer != null) {
      e.queueTimer.cancel(false);
      e.queueTimer = null;
    }
    e.pool.metrics.requests.increment();
    if (e.detached()) {
      up.drop(e); // a refresh (or a leader whose client left) gives up: the stale copy stays
      return;
    }
    if (c.cache.staleInsteadOf(e, HttpResponseStatus.SERVICE_UNAVAILABLE)) {
      return;
    }
    c.end(
        e,
        HttpResponseStatus.SERVICE_UNAVAILABLE,
        why,
        !e.clientKeepAlive || !e.requestComplete && e.hasBody,
        pool.config.limit().retryAfterSeconds());
  }

  /** The request's backend slot is free again: the pool's oldest waiter may take it. */
  static void freeSlot(Backend b, BackendPool pool) {
    b.active.decrementAndGet();
    if (pool.config.limit().limited()) {
      pool.queue.wake();
    }
  }

  /** {@code e} ends while it waits (client gone, refused): out of the queue, timer off. */
  static void leaveQueue(Exchange e) {
    ConnectionQueue.Waiter w = e.waiter;
    if (w != null && w.claim()) {
      e.pool.queue.remove(w);
    }
    e.waiter = null;
    if (e.queueTimer != null) {
      e.queueTimer.cancel(false);
      e.queueTimer = null;
    }
  }
}
