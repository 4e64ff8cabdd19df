package dev.brigade.edge;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.TimeUnit;

/**
 * An exchange's backend timeouts (the snapshot's first-byte and between-bytes), each armed on the
 * backend connection's event loop and cancelled by the next event.
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
    e.timer =
        ch.eventLoop()
            .schedule(
                () -> {
                  if (!e.done() && !e.responseStarted() && e.backendChannel == ch) {
                    e.backend.metrics.timeouts.increment();
                    e.backend.passiveFailure("first byte timeout");
                    e.bodyBytesSent = true; // the backend may be working on it: never resend
                    ch.close();
                    up.retryOrFail(
                        e,
                        HttpResponseStatus.GATEWAY_TIMEOUT,
                        e.backend.id() + " did not answer in time");
                  }
                },
                e.snap.timeouts().firstByte().toMillis(),
                TimeUnit.MILLISECONDS);
  }

  /** Between two reads of the response: then the response breaks off. */
  static void betweenBytes(Exchange e) {
    e.cancelTimer();
    Channel ch = e.backendChannel;
    if (ch == null) {
      return;
    }
    e.timer =
        ch.eventLoop()
            .schedule(
                () -> {
                  if (!e.done() && e.backendChannel == ch) {
                    e.backend.metrics.timeouts.increment();
                    ch.close();
                  }
                },
                e.snap.timeouts().betweenBytes().toMillis(),
                TimeUnit.MILLISECONDS);
  }
}
