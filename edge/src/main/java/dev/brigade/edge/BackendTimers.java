package dev.brigade.edge;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * An exchange's backend timeouts (the snapshot's first-byte and between-bytes), on the backend
 * connection's {@link Deadline} (re-armed by each event, not a task per event), disarmed by {@link
 * Exchange#cancelTimer}.
 */
final class BackendTimers {
  private BackendTimers() {}

  /** From the request sent to the response head: then the next backend, or 504. */
  static void firstByte(Exchange e, Upstream up) {
    if (e.done() || e.responseStarted() || e.backendChannel == null) {
      return;
    }
    e.cancelTimer();
    Channel ch = e.backendChannel;
    e.backendDeadline.arm(
        e,
        e.snap.timeouts().firstByte().toNanos(),
        () -> {
          if (!e.done() && !e.responseStarted() && e.backendChannel == ch) {
            e.backend.metrics.timeouts.increment();
            e.backend.passiveFailure("first byte timeout");
            e.bodyBytesSent = true; // the backend may be working on it: never resend
            ch.close();
            up.retryOrFail(
                e, HttpResponseStatus.GATEWAY_TIMEOUT, e.backend.id() + " did not answer in time");
          }
        });
  }

  /** Between two reads of the response: then the response breaks off. */
  static void betweenBytes(Exchange e) {
    e.cancelTimer();
    Channel ch = e.backendChannel;
    if (ch == null) {
      return;
    }
    e.backendDeadline.arm(
        e,
        e.snap.timeouts().betweenBytes().toNanos(),
        () -> {
          if (!e.done() && e.backendChannel == ch) {
            e.backend.metrics.timeouts.increment();
            ch.close();
          }
        });
  }
}
