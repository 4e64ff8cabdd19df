package dev.brigade.edge;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;

/** One request's trip through the edge: client request, chosen backend, response progress. */
final class Exchange {
  final HttpRequest clientRequest;

  /** Built when the request first goes to a backend; hits never need it. */
  HttpRequest backendRequest;

  final BackendPool pool;
  final String requestId;
  final String hashKey;
  final Backend affinity;
  final boolean clientKeepAlive;
  final boolean hasBody;
  final long startNanos = System.nanoTime();
  final List<Backend> tried = new ArrayList<>(2);

  /** Request body parts waiting for the backend connection. */
  final List<HttpContent> buffered = new ArrayList<>();

  Backend backend;
  Channel backendChannel;
  boolean reusedConnection;

  /** Retried on a fresh connection after a kept-alive one turned out closed. */
  boolean freshRetry;

  /** The request head was written to a backend. */
  boolean sent;

  boolean requestComplete;
  boolean bodyBytesSent;
  boolean responseStarted;
  boolean interim;
  boolean done;
  int status;
  long responseBytes;
  long backendStartNanos;
  ScheduledFuture<?> timer;

  // the cache's part (RFC 9111); all null/false when the cache is off or the request is red
  /** The cache key when this request may be answered from or stored into the cache. */
  String cacheKey;

  /** This request fetches for everyone waiting on its URL. */
  boolean leader;

  /** Waiting for another request's fetch of the same URL. */
  boolean waiting;

  /** Cache-Status detail for a forwarded response, e.g. {@code fwd=uri-miss}. */
  String forwardReason;

  /** A stored but stale response, served if the backends fail (stale-if-error, grace). */
  StoredResponse stale;

  /** The response body captured for storing, or null when it will not be stored. */
  java.io.ByteArrayOutputStream capture;

  HttpResponse captureHead;
  java.time.Instant requestTime;

  /** The request carries the stale copy's validators. */
  boolean revalidating;

  /** The stale copy, freshened by the backend's 304. */
  StoredResponse refreshed;

  /** For the access log: hit, stale, miss, pass or "-". */
  String cacheStatus = "-";

  /** The backend response's headers as sent to the client, once they arrived. */
  io.netty.handler.codec.http.HttpHeaders responseHeaders =
      io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE;

  Exchange(
      HttpRequest clientRequest,
      BackendPool pool,
      String requestId,
      String hashKey,
      Backend affinity,
      boolean clientKeepAlive,
      boolean hasBody) {
    this.clientRequest = clientRequest;
    this.pool = pool;
    this.requestId = requestId;
    this.hashKey = hashKey;
    this.affinity = affinity;
    this.clientKeepAlive = clientKeepAlive;
    this.hasBody = hasBody;
  }

  /**
   * True when a failure may be retried on another backend: before the request reached any backend,
   * or for an idempotent request without a body that got no response.
   */
  boolean retryable() {
    return !responseStarted && (!sent || idempotent() && !hasBody && !bodyBytesSent);
  }

  /** RFC 9110 section 9.2.2. */
  boolean idempotent() {
    String m = clientRequest.method().name();
    return switch (m) {
      case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
      default -> false;
    };
  }

  void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  void releaseBuffered() {
    for (HttpContent c : buffered) {
      ReferenceCountUtil.release(c);
    }
    buffered.clear();
  }
}
