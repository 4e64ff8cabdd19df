package dev.brigade.edge;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One request's trip through the edge. Its {@link State} says where it is; the stages read and move
 * it: {@link RequestRouter} creates it, {@link CacheFront} answers it or lets it wait, {@link
 * Upstream} sends it to a backend and streams the answer back, {@link ClientConnection} ends it.
 */
final class Exchange {
  /** Where an exchange is. Each state is entered once, in this order (some are skipped). */
  enum State {
    /** Routed; the cache may answer it. */
    RECEIVED,
    /** Waiting for another request's fetch of the same URL (coalesced). */
    WAITING,
    /** Waiting for a backend below the pool's {@code max-conn}. */
    QUEUED,
    /** Being sent to a backend, or waiting for its answer. */
    FORWARDING,
    /** The response head went to the client; its body streams. */
    RESPONDING,
    /** Answered, failed or abandoned: nothing more happens to it. */
    DONE
  }

  /** Who the backend's answer is for. */
  enum Audience {
    /** The client that asked (and, for a leader, the requests waiting on its fetch). */
    CLIENT,
    /**
     * A leader whose client left: the fetch goes on for its waiters and the store, detached from
     * the connection (Varnish's busy object outlives the client that started it).
     */
    CLIENT_GONE,
    /** A background refresh: only the store and the waiters; no client ever reads it. */
    BACKGROUND
  }

  final HttpRequest clientRequest;
  final EdgeRuntime.Snapshot snap;
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

  private State state = State.RECEIVED;
  private Audience audience = Audience.CLIENT;

  /** Built when the request first goes to a backend; hits never need it. */
  HttpRequest backendRequest;

  Backend backend;

  /** The backend that answered, once its connection is released (for the log). */
  Backend lastBackend;

  Channel backendChannel;

  /**
   * A pass-through response head held back until the first part of its body arrived (a backend
   * dying in between is then retried), or null.
   */
  io.netty.handler.codec.http.HttpResponse heldHead;

  /** The client asked for less than the shared fetch brings: send the head only. */
  boolean headOnly;

  boolean reusedConnection;

  /** Retried on a fresh connection after a kept-alive one turned out closed. */
  boolean freshRetry;

  /** The request head was written to a backend at least once. */
  boolean sent;

  boolean requestComplete;

  /**
   * The Upgrade value forwarded to the backend ({@link UpgradeRequest}), or null for an ordinary
   * request: never cached, coalesced or pooled, never sent twice.
   */
  String upgrade;

  /** The response to the client ends with the connection's close (HTTP/1.0, no length). */
  boolean closeDelimited;

  boolean bodyBytesSent;
  boolean interim;
  boolean responded;
  int status;
  long responseBytes;
  long backendStartNanos;
  ScheduledFuture<?> timer;

  /** The backend connection's deadline ({@link BackendTimers}), set with the connection. */
  Deadline backendDeadline;

  /** While the request waits for a backend below the pool's connection limit: its place. */
  ConnectionQueue.Waiter waiter;

  /** The end of that wait (started when it first queued; kept when it queues again). */
  ScheduledFuture<?> queueTimer;

  /** The in-flight bytes this exchange holds (its capture), returned when it ends. */
  long reserved;

  // the cache's part (RFC 9111); all null/false when the cache is off or the request is red
  /** The cache key when this request may be answered from or stored into the cache. */
  String cacheKey;

  /** This request fetches for everyone waiting on its URL. */
  boolean leader;

  /** Cache-Status detail for a forwarded response, e.g. {@code fwd=uri-miss}. */
  String forwardReason;

  /** A stored but stale response, served if the backends fail (stale-if-error, grace). */
  StoredResponse stale;

  /** The response body captured for storing, or null when it will not be stored. */
  BusyObject capture;

  /** A coalesced waiter streaming the leader's busy object: it, and the next chunk to write. */
  BusyObject streaming;

  int streamed;

  /** The status and headers of the captured response, as stored. */
  io.netty.handler.codec.http.HttpResponse captureHead;

  Instant requestTime;

  /** The request carries the stale copy's validators. */
  boolean revalidating;

  /** The stale copy, freshened by the backend's 304. */
  StoredResponse refreshed;

  /**
   * The real client, as the access log and PURGE rights see it: the connection's peer (or its PROXY
   * header's source), or the address a trusted proxy forwarded for.
   */
  java.net.InetSocketAddress client;

  /** How the client reached the edge: {@code http} or {@code https}. */
  String scheme = "http";

  /** For the access log: hit, stale, miss, pass or "-". */
  String cacheStatus = "-";

  /** The backend response's headers as sent to the client, once they arrived. */
  HttpHeaders responseHeaders = EmptyHttpHeaders.INSTANCE;

  Exchange(
      HttpRequest clientRequest,
      EdgeRuntime.Snapshot snap,
      BackendPool pool,
      String requestId,
      String hashKey,
      Backend affinity,
      boolean clientKeepAlive,
      boolean hasBody) {
    this.clientRequest = clientRequest;
    this.snap = snap;
    this.pool = pool;
    this.requestId = requestId;
    this.hashKey = hashKey;
    this.affinity = affinity;
    this.clientKeepAlive = clientKeepAlive;
    this.hasBody = hasBody;
  }

  State state() {
    return state;
  }

  /** Moves on; nothing happens after DONE. */
  void to(State next) {
    if (state != State.DONE) {
      if (next == State.RESPONDING) {
        responded = true;
      }
      state = next;
    }
  }

  boolean done() {
    return state == State.DONE;
  }

  Audience audience() {
    return audience;
  }

  /** No client reads the answer: it only fills the cache and the waiters. */
  boolean detached() {
    return audience != Audience.CLIENT;
  }

  /** The client left (or there never was one, {@code background}); the backend side goes on. */
  void detach(boolean background) {
    audience = background ? Audience.BACKGROUND : Audience.CLIENT_GONE;
  }

  /** The response head went to the client (so an error can only cut the connection). */
  boolean responseStarted() {
    return responded;
  }

  /**
   * True when a failure may be retried on another backend: before the request reached any backend,
   * or for an idempotent request without a body that got no response.
   */
  boolean retryable() {
    return !responseStarted()
        && (!sent || upgrade == null && idempotent() && !hasBody && !bodyBytesSent);
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
    if (backendDeadline != null) {
      backendDeadline.disarm(this);
    }
  }

  void releaseBuffered() {
    for (HttpContent c : buffered) {
      ReferenceCountUtil.release(c);
    }
    buffered.clear();
  }
}
