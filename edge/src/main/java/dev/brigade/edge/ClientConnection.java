package dev.brigade.edge;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * Stage one of the request path, one per client connection: its lifecycle, its timers (head, body,
 * idle), the queue of pipelined requests, and the end of each exchange. Each request goes on to
 * {@link RequestRouter} (guard, routes, purge), then {@link CacheFront} (answer from the cache, or
 * wait for a fetch) and {@link Upstream} (a backend); every stage runs on this connection's event
 * loop.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter {
  /** Pipelined messages queued behind the request in progress before reading pauses. */
  static final int MAX_PENDING = 64;

  final EdgeRuntime rt;

  /** {@code http} or {@code https}: how the client reached the edge, for X-Forwarded-Proto. */
  final String scheme;

  final RequestRouter router;
  final CacheFront cache;
  final Upstream upstream;
  ChannelHandlerContext ctx;

  /** The exchange in progress, or null between requests. */
  Exchange ex;

  /** The connection closes after the response being written; nothing more is read. */
  boolean closing;

  private final ArrayDeque<Object> pending = new ArrayDeque<>();
  private RequestFraming framing;
  // one re-armable deadline each, not a task scheduled and cancelled per request
  private Deadline headTimer;
  private Deadline gapTimer;
  private Deadline bodyTimer;
  private boolean headStarted;
  private boolean draining;
  private long bodyBytes;

  /**
   * The handler of one HTTP/1.1 client connection or of one HTTP/2 stream; the connection is
   * counted and admitted before, by {@link ClientAdmission}.
   */
  ClientConnection(EdgeRuntime rt, String scheme) {
    this.rt = rt;
    this.scheme = scheme;
    this.router = new RequestRouter(this);
    this.cache = new CacheFront(this);
    this.upstream = new Upstream(this);
  }

  /** The pre-codec framing checker of this connection. */
  RequestFraming framing() {
    framing = newFraming();
    return framing;
  }

  private RequestFraming newFraming() {
    return new RequestFraming(
        new RequestFraming.Listener() {
          @Override
          public void headStarted() {
            if (ex == null && !headStarted) {
              headStarted = true;
              headTimer =
                  schedule(
                      headTimer, timeouts().clientHeader(), ClientConnection.this::headTimedOut);
            }
            progress();
          }

          @Override
          public void bodyBytes() {
            progress();
          }

          @Override
          public void malformed(String reason) {
            malformedRequest(reason);
          }

          @Override
          public void holding(boolean held) {
            if (held) {
              ctx.channel().config().setAutoRead(false);
            } else {
              resumeReading();
            }
          }
        });
  }

  Timeouts timeouts() {
    return rt.snapshot().timeouts();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    headTimer = new Deadline(ctx.executor());
    gapTimer = new Deadline(ctx.executor());
    bodyTimer = new Deadline(ctx.executor());
    if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
      // added after the TLS handshake (ALPN chose HTTP/1.1): channelActive has been and gone
      headTimer = schedule(headTimer, timeouts().clientHeader(), this::idleTimedOut);
    }
  }

  /**
   * The client at the other end of this connection: the socket's peer, or the source a PROXY
   * protocol header gave. Forwarding headers may name another per request ({@link
   * Exchange#client}).
   */
  InetSocketAddress peerAddress() {
    return ClientAdmission.peerOf(ctx.channel());
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    headTimer = schedule(headTimer, timeouts().clientHeader(), this::idleTimedOut);
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelTimers();
    while (!pending.isEmpty()) {
      ReferenceCountUtil.release(pending.poll());
    }
    Exchange e = ex;
    if (e != null && !e.done()) {
      cache.busy.stop(e);
      log(e, e.responseStarted() ? e.status : 499);
      if (!upstream.detach(e)) {
        upstream.abandon(e);
        cache.finish(e, false);
        e.to(Exchange.State.DONE);
      } // else a leader's fetch goes on for its waiters and the store
    }
    ex = null;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (ex != null && ex.requestComplete || !pending.isEmpty() || draining) {
      if (pending.size() >= MAX_PENDING) {
        ctx.channel().config().setAutoRead(false); // checked before queueing: at most one read more
      }
      pending.add(msg);
      return;
    }
    handle(msg);
  }

  private void handle(Object msg) {
    if (msg instanceof HttpRequest req) {
      cancel(headTimer);
      headStarted = false;
      bodyBytes = 0;
      router.begin(req);
      if (ex != null && !ex.requestComplete && ex.hasBody) {
        bodyTimer = schedule(bodyTimer, timeouts().clientBody(), this::bodyTimedOut);
      }
    } else if (msg instanceof HttpContent content) {
      body(content);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  /** A part of the request body: to the backend, or held until it is connected. */
  private void body(HttpContent content) {
    Exchange e = ex;
    if (content.decoderResult().isFailure()) {
      ReferenceCountUtil.release(content);
      malformedRequest("malformed request body: " + content.decoderResult().cause().getMessage());
      return;
    }
    if (e == null || e.done()) {
      ReferenceCountUtil.release(content);
      return;
    }
    bodyBytes += content.content().readableBytes();
    long limit = e.snap.limits().maxBodyBytes();
    if (limit > 0 && bodyBytes > limit) {
      ReferenceCountUtil.release(content);
      tooLarge(e);
      return;
    }
    boolean last = content instanceof LastHttpContent;
    if (last) {
      e.requestComplete = true;
      cancel(bodyTimer);
      cancel(gapTimer);
      if (!((LastHttpContent) content).trailingHeaders().isEmpty()) {
        // Request trailers are dropped: a backend must not merge them into the head (RFC 9110
        // section 6.5.1), and none of them is needed here.
        content = new io.netty.handler.codec.http.DefaultLastHttpContent(content.content());
      }
    }
    upstream.requestBody(e, content, last);
  }

  /** The body is larger than {@code edge.limits.max-body}: 413 and close (RFC 9110 15.5.14). */
  void tooLarge(Exchange e) {
    rt.refused.increment();
    end(
        e,
        HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
        "the request body is larger than allowed",
        true);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (ex != null && ex.backendChannel != null) {
      ex.backendChannel.flush();
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    boolean writable = ctx.channel().isWritable();
    if (ex != null && ex.backendChannel != null && ex.capture == null) {
      // a capture for the cache reads the backend at the backend's speed (it is bounded by
      // max-object and the in-flight budget): the waiters of a coalesced fetch do not wait for
      // this client's reads
      ex.backendChannel.config().setAutoRead(writable);
    }
    if (writable && ex == null) {
      next(); // pipelined answers paused while the client did not read
    } else if (writable && ex.streaming != null) {
      cache.busy.pump(ex); // a coalesced waiter's stream paused while the client did not read
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  /** The request's framing is broken: the exchange (if any) ends, the connection closes. */
  void malformedRequest(String reason) {
    rt.refused.increment();
    Exchange e = ex;
    if (e != null && !e.done()) {
      end(e, HttpResponseStatus.BAD_REQUEST, reason, true);
      return;
    }
    refuse(HttpResponseStatus.BAD_REQUEST, reason, null);
  }

  /**
   * Ends an exchange the edge answers itself after its request reached a stage: an error page when
   * no response went out yet, else a cut connection (a short response must look broken).
   */
  void end(Exchange e, HttpResponseStatus status, String why, boolean close) {
    end(e, status, why, close, 0);
  }

  /** As {@link #end(Exchange, HttpResponseStatus, String, boolean)}, saying when to come back. */
  void end(Exchange e, HttpResponseStatus status, String why, boolean close, long retryAfter) {
    cache.busy.stop(e);
    upstream.abandon(e);
    cache.finish(e, false);
    boolean started = e.responseStarted();
    e.to(Exchange.State.DONE);
    e.status = started ? e.status : status.code();
    if (started || !ctx.channel().isActive() || close) {
      log(e, e.status); // else respond() logs it: once per exchange
      ended();
    }
    if (started || !ctx.channel().isActive()) {
      closing = true;
      ctx.close();
      return;
    }
    io.netty.handler.codec.http.FullHttpResponse page =
        ErrorPages.page(ctx.alloc(), status, why, e.requestId, close);
    if (retryAfter > 0) {
      page.headers().set(HttpHeaderNames.RETRY_AFTER, retryAfter); // RFC 9110 section 10.2.3
    }
    if (close) {
      closing = true;
      ctx.writeAndFlush(page).addListener(ChannelFutureListener.CLOSE);
    } else {
      respond(e, page, false);
    }
  }

  /**
   * Writes a whole response for {@code e} and ends it; the connection stays for the next request
   * unless {@code close}.
   */
  void respond(Exchange e, io.netty.handler.codec.http.FullHttpResponse r, boolean close) {
    e.to(Exchange.State.DONE);
    ChannelFuture f = ctx.writeAndFlush(r);
    log(e, e.status);
    ended();
    if (close) {
      closing = true;
      f.addListener(ChannelFutureListener.CLOSE);
    } else {
      next();
    }
  }

  /**
   * The exchange is over after its response streamed: recycle or close. {@code lastWrite} is the
   * write of the response's end, or null when the response broke off.
   */
  void complete(Exchange e, ChannelFuture lastWrite) {
    e.to(Exchange.State.DONE);
    log(e, e.status);
    ended();
    if (lastWrite == null) {
      return;
    }
    if (ResponseHeaders.closeAfter(e) || closing) {
      lastWrite.addListener(ChannelFutureListener.CLOSE);
      closing = true;
      return;
    }
    next();
  }

  /**
   * Serves queued pipelined requests, or waits for the next one. A loop, not a recursion: an answer
   * that completes at once (a hit) returns here rather than calling in again, so thousands of
   * pipelined hits take no stack; it pauses while the client does not read.
   */
  void next() {
    if (draining) {
      return;
    }
    draining = true;
    try {
      while (ex == null && !pending.isEmpty() && !closing && ctx.channel().isWritable()) {
        handle(pending.poll());
      }
    } finally {
      draining = false;
    }
    if (ex == null && !closing && pending.isEmpty()) {
      resumeReading();
      headTimer = schedule(headTimer, timeouts().idle(), this::idleTimedOut);
    }
  }

  /** The exchange in progress ended: its request is answered, the next held one may come on. */
  private void ended() {
    ex = null;
    if (framing != null) {
      framing.answered();
    }
  }

  /**
   * Reads again unless the framing holds requests back, the queue is full, or a request body is
   * paused by {@link Upstream} (its backend is not writable).
   */
  private void resumeReading() {
    boolean bodyPaused = ex != null && !ex.requestComplete;
    if (!closing
        && !bodyPaused
        && pending.size() < MAX_PENDING
        && (framing == null || !framing.holding())) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  /** The edge's own error page for a request that never reached a backend, then close. */
  void refuse(HttpResponseStatus status, String why, String requestId) {
    closing = true;
    ctx.writeAndFlush(ErrorPages.page(ctx.alloc(), status, why, requestId, true))
        .addListener(ChannelFutureListener.CLOSE);
  }

  // ---- timers: head (total), head and body (between bytes), body (total), idle ----

  private void progress() {
    if (headStarted || ex != null && !ex.requestComplete) {
      gapTimer = schedule(gapTimer, timeouts().clientBetweenBytes(), this::gapTimedOut);
    }
  }

  private void headTimedOut() {
    if (ex == null && ctx.channel().isActive() && headStarted) {
      rt.timedOutClients.increment();
      refuse(HttpResponseStatus.REQUEST_TIMEOUT, "the request head did not arrive in time", null);
    }
  }

  private void idleTimedOut() {
    if (ex == null && !headStarted) {
      ctx.close();
    }
  }

  private void gapTimedOut() {
    if (ex == null && headStarted) {
      headTimedOut();
    } else if (ex != null && !ex.requestComplete) {
      bodyTimedOut();
    }
  }

  private void bodyTimedOut() {
    Exchange e = ex;
    if (e != null && !e.requestComplete && !e.done()) {
      rt.timedOutClients.increment();
      end(e, HttpResponseStatus.REQUEST_TIMEOUT, "the request body did not arrive in time", true);
    }
  }

  private static Deadline schedule(Deadline d, java.time.Duration after, Runnable r) {
    d.arm(after.toNanos(), r);
    return d;
  }

  private static void cancel(Deadline d) {
    if (d != null) {
      d.disarm();
    }
  }

  private void cancelTimers() {
    if (headTimer != null) {
      headTimer.close();
      gapTimer.close();
      bodyTimer.close();
    }
  }

  void log(Exchange e, int status) {
    if (rt.accessLog == null) {
      return;
    }
    InetSocketAddress client = e.client != null ? e.client : peerAddress();
    HttpRequest r = e.clientRequest;
    rt.accessLog.log(
        client == null || client.getAddress() == null ? "-" : client.getAddress().getHostAddress(),
        r.method().name(),
        r.uri(),
        r.protocolVersion().text(),
        status,
        e.responseBytes,
        r.headers().get(HttpHeaderNames.REFERER),
        r.headers().get(HttpHeaderNames.USER_AGENT),
        e.backendStartNanos == 0 ? 0 : (System.nanoTime() - e.backendStartNanos) / 1e9,
        e.backend != null ? e.backend.id() : e.lastBackend != null ? e.lastBackend.id() : "-",
        e.cacheStatus,
        e.requestId);
  }
}
