package dev.brigade.edge;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Stage four: the backend side of an exchange. It builds the request a backend gets (forwarding
 * headers, the edge's own framing), chooses a backend and a pooled or new connection of the {@link
 * UpstreamClient}, retries when that is safe, streams the body both ways with backpressure, and
 * times the backend out. A pass-through head goes out with the first part of its body, so a backend
 * dying in between is retried. A detached exchange (a leader whose client left, or a background
 * refresh) goes on without a client: its answer only fills the cache and the waiters.
 */
final class Upstream {
  private final ClientConnection c;
  private final BackendAdmission admission;

  Upstream(ClientConnection c) {
    this.c = c;
    this.admission = new BackendAdmission(c, this);
  }

  /** Chooses a backend (excluding those tried) and sends the request there. */
  void dispatch(Exchange e) {
    if (e.backendRequest == null) {
      e.backendRequest = BackendRequest.of(e, c.peerAddress());
    }
    e.to(Exchange.State.FORWARDING);
    Backend b = admission.acquire(e);
    if (b == null && (e.state() == Exchange.State.QUEUED || e.done())) {
      return; // it waits for a slot, or was answered 503
    }
    if (b == null) {
      e.pool.metrics.requests.increment();
      String why =
          e.tried.isEmpty()
              ? "no backend of pool '" + e.pool.name() + "' is available"
              : "no backend of pool '" + e.pool.name() + "' could be reached";
      fail(e, HttpResponseStatus.SERVICE_UNAVAILABLE, why);
      return;
    }
    e.tried.add(b);
    e.backend = b;
    e.backendStartNanos = System.nanoTime();
    Channel idle =
        e.freshRetry || e.upgrade != null ? null : b.pollIdle(c.ctx.channel().eventLoop());
    if (idle != null) {
      e.reusedConnection = true;
      attach(e, idle);
      return;
    }
    e.reusedConnection = false;
    ChannelFuture connecting =
        c.rt.upstreamClient.connect(b, c.ctx.channel().eventLoop(), e.snap.timeouts().connect());
    connecting.addListener(
        (ChannelFutureListener)
            f -> {
              if (e.done() || e.backend != b) {
                if (f.isSuccess()) {
                  b.offerIdle(f.channel());
                }
                return;
              }
              if (f.isSuccess()) {
                attach(e, f.channel());
              } else {
                b.metrics.connectErrors.increment();
                b.passiveFailure("connect: " + f.cause().getClass().getSimpleName());
                retryOrFail(e, HttpResponseStatus.BAD_GATEWAY, "could not connect to " + b.id());
              }
            });
  }

  /** After a connection failure: another backend if the request can be retried, else an error. */
  void retryOrFail(Exchange e, HttpResponseStatus status, String why) {
    if (e.done()) {
      return;
    }
    e.cancelTimer();
    if (e.backend != null) {
      BackendAdmission.freeSlot(e.backend, e.pool);
    }
    e.backendChannel = null;
    if (e.retryable() && e.tried.size() < 1 + e.pool.all().size()) {
      e.pool.metrics.retries.increment();
      if (e.backend != null) {
        e.backend.metrics.retries.increment();
      }
      e.backend = null;
      dispatch(e);
      return;
    }
    e.backend = null;
    fail(e, status, why);
  }

  /** The edge's own error page (or a stale copy standing in for it, when that is allowed). */
  void fail(Exchange e, HttpResponseStatus status, String why) {
    if (e.detached()) {
      drop(e); // nobody to answer: the waiters fetch for themselves or get the stale copy
      return;
    }
    if (c.cache.staleInsteadOf(e, status)) {
      return;
    }
    c.end(e, status, why, !e.clientKeepAlive || !e.requestComplete && e.hasBody);
  }

  private void attach(Exchange e, Channel ch) {
    e.backendChannel = ch;
    ProxyBackend handler = ch.pipeline().get(ProxyBackend.class);
    handler.bind(receiver(e));
    e.backendDeadline = handler.timer;
    ch.config().setAutoRead(e.detached() || c.ctx.channel().isWritable());
    e.sent = true;
    ch.write(e.backendRequest)
        .addListener(
            f -> {
              if (!f.isSuccess() && !e.done() && !e.responseStarted()) {
                ch.close();
              }
            });
    boolean ended = false;
    for (HttpContent content : e.buffered) {
      if (content.content().isReadable()) {
        e.bodyBytesSent = true;
      }
      ended = ended || content instanceof LastHttpContent;
      ch.write(content);
    }
    e.buffered.clear();
    if (e.requestComplete && !ended) {
      // A retry (the client's end of the request went with the first try) or the edge's own
      // request: the message ends here too, or the codec takes the next request on this
      // connection for part of this one and fails it.
      ch.write(LastHttpContent.EMPTY_LAST_CONTENT);
    }
    ch.flush();
    if (e.requestComplete) {
      BackendTimers.firstByte(e, this);
    } else {
      c.ctx.channel().config().setAutoRead(ch.isWritable());
    }
  }

  /** What the backend connection's handler calls for {@code e}. */
  private ProxyBackend.Receiver receiver(Exchange e) {
    return new ProxyBackend.Receiver() {
      @Override
      public boolean headRequest() {
        return e.backendRequest.method().equals(HttpMethod.HEAD);
      }

      @Override
      public void head(HttpResponse r) {
        responseHead(e, r);
      }

      @Override
      public void body(HttpContent content) {
        responseBody(e, content);
      }

      @Override
      public void readComplete() {
        c.ctx.flush();
      }

      @Override
      public void writable(boolean writable) {
        if (e == c.ex && !e.requestComplete) {
          c.ctx.channel().config().setAutoRead(writable); // the request body follows the backend
        }
      }

      @Override
      public void lost(Channel ch, String why, boolean badResponse) {
        backendLost(e, ch, why, badResponse);
      }
    };
  }

  /**
   * True while {@code e}'s backend answer matters: it is this connection's exchange, or detached.
   */
  boolean live(Exchange e) {
    return !e.done() && (e == c.ex || e.detached());
  }

  /**
   * {@code e}'s client left: true when its fetch goes on without it (a leader's: its waiters and
   * the store still want the response), false when the backend side is to be dropped.
   */
  boolean detach(Exchange e) {
    if (!e.leader || e.done() || e.hasBody || e.detached()) {
      return false;
    }
    e.detach(false);
    if (e.backendChannel != null) {
      e.backendChannel.config().setAutoRead(true); // at the backend's speed from now on
    }
    return true;
  }

  /** A detached exchange ends before its response: backend dropped, waiters woken. */
  void drop(Exchange e) {
    abandon(e);
    c.cache.finish(e, false);
    e.to(Exchange.State.DONE);
  }

  /** A detached exchange's response ended ({@code ok}: whole) or will not be stored. */
  private void endDetached(Exchange e, boolean ok) {
    release(e, ok);
    c.cache.finish(e, ok);
    e.to(Exchange.State.DONE);
  }

  /** A part of the request body: to the backend, or held until it is connected. */
  void requestBody(Exchange e, HttpContent content, boolean last) {
    if (e.backendChannel == null) {
      e.buffered.add(content);
      // Hold the rest of the body in the kernel until a backend is connected.
      c.ctx.channel().config().setAutoRead(false);
      return;
    }
    if (content.content().isReadable()) {
      e.bodyBytesSent = true;
    }
    ChannelFuture f = e.backendChannel.write(content);
    if (last) {
      e.backendChannel.flush();
      f.addListener(done -> BackendTimers.firstByte(e, this));
    }
    if (!e.backendChannel.isWritable()) {
      c.ctx.channel().config().setAutoRead(false);
    }
  }

  /** The backend's response head: rewrite and pass on. */
  void responseHead(Exchange e, HttpResponse resp) {
    if (!live(e)) {
      return;
    }
    int code = resp.status().code();
    if (code == 101) {
      Tunnel.open(c, this, e, resp); // or a bad response, when nobody asked to switch
      return;
    }
    if (resp.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
      e.interim = true;
      boolean http11 = e.clientRequest.protocolVersion().equals(HttpVersion.HTTP_1_1);
      if (e.detached()) {
        return; // nobody to tell
      }
      if (code == 100 ? HttpUtil.is100ContinueExpected(e.clientRequest) : http11) {
        // 100 to the client that expects it, other 1xx (103 Early Hints) to any HTTP/1.1
        // client (RFC 9110 section 15.2: never to HTTP/1.0)
        HttpHeaders h = resp.headers().copy();
        ForwardHeaders.removeHopByHop(h);
        c.ctx.writeAndFlush(
            new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                resp.status(),
                io.netty.buffer.Unpooled.EMPTY_BUFFER,
                h,
                io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE));
      }
      return;
    }
    if (code >= 500 && e.backend.health().passive5xx()) {
      e.backend.passiveFailure("answered " + code);
    } else {
      e.backend.passiveSuccess();
    }
    ForwardHeaders.removeHopByHop(resp.headers());
    if (c.cache.head(e, resp)) {
      return;
    }
    e.status = code;
    if (e.refreshed != null) {
      return; // a 304 to the revalidation: the stored copy answers at the body's end
    }
    if (e.cacheKey == null
        && e.retryable()
        && e.idempotent()
        && HttpUtil.getContentLength(resp, 0L) > 0
        && !e.clientRequest.method().equals(HttpMethod.HEAD)) {
      // A pass-through answer with a body: its head goes out with the first part of the body, so
      // a backend that dies in between (stopped, crashed) is retried, not a broken response.
      e.heldHead = resp;
      BackendTimers.betweenBytes(e);
      return;
    }
    sendHead(e, resp);
  }

  /** The response head goes to the client (or, detached, the capture goes on). */
  private void sendHead(Exchange e, HttpResponse resp) {
    int code = e.status;
    e.to(Exchange.State.RESPONDING);
    e.responseHeaders = resp.headers();
    if (e.detached()) {
      if (e.capture == null) {
        endDetached(e, false); // nothing to store, nobody to answer
      } else {
        BackendTimers.betweenBytes(e);
      }
      return;
    }
    ResponseHeaders.forwarded(
        e, resp, e.cacheKey != null || e.forwardReason != null ? e.forwardReason : null);
    HttpResponseStatus status = resp.status();
    if (e.leader || e.cacheKey != null) {
      // This client's view of the shared fetch: a HEAD gets the head, a matching conditional a 304.
      e.headOnly = e.clientRequest.method().equals(HttpMethod.HEAD);
      if (code == 200 && CacheRules.notModified(e.clientRequest.headers(), resp.headers())) {
        status = HttpResponseStatus.NOT_MODIFIED;
        e.status = 304;
        e.headOnly = true;
        resp.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
        resp.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
      }
    }
    if (ResponseHeaders.closeAfter(e)) {
      c.closing = c.closing || !e.requestComplete;
    }
    c.ctx.write(new DefaultHttpResponse(ResponseHeaders.version(e), status, resp.headers()));
    BackendTimers.betweenBytes(e);
  }

  /** A part of the backend's response body. */
  void responseBody(Exchange e, HttpContent content) {
    if (!live(e)) {
      ReferenceCountUtil.release(content);
      return;
    }
    if (e.interim) {
      ReferenceCountUtil.release(content);
      if (content instanceof LastHttpContent) {
        e.interim = false;
      }
      return;
    }
    if (e.refreshed != null) {
      ReferenceCountUtil.release(content);
      if (content instanceof LastHttpContent) {
        if (e.detached()) {
          endDetached(e, true);
          return;
        }
        release(e, true);
        c.cache.finish(e, true);
        StoredResponse r = e.refreshed;
        c.cache.serve(e, r, "fwd=stale; fwd-status=304; ttl=" + r.ttl(c.rt.policy.now()));
      }
      return;
    }
    if (e.heldHead != null) {
      HttpResponse head = e.heldHead;
      e.heldHead = null;
      sendHead(e, head);
    }
    c.cache.body(e, content);
    if (e.detached()) {
      boolean last = content instanceof LastHttpContent;
      ReferenceCountUtil.release(content);
      if (e.capture == null || last) {
        endDetached(e, last); // stored, or too large or over budget after all
      } else {
        BackendTimers.betweenBytes(e);
      }
      return;
    }
    if (e.headOnly) {
      boolean last = content instanceof LastHttpContent;
      ReferenceCountUtil.release(content);
      if (!last) {
        BackendTimers.betweenBytes(e);
        return;
      }
      content = LastHttpContent.EMPTY_LAST_CONTENT;
    } else {
      e.responseBytes += content.content().readableBytes();
    }
    if (content instanceof LastHttpContent) {
      release(e, true);
      c.cache.finish(e, true);
      c.complete(e, c.ctx.writeAndFlush(content));
      return;
    }
    c.ctx.write(content);
    // While the body is captured for the cache, the backend is read at its own speed (the
    // capture is bounded): a slow first client does not slow the fetch others wait for.
    if (!c.ctx.channel().isWritable() && e.backendChannel != null && e.capture == null) {
      e.backendChannel.config().setAutoRead(false);
    }
    BackendTimers.betweenBytes(e);
  }

  /** The backend's connection closed or broke before the response was complete. */
  void backendLost(Exchange e, Channel ch, String why, boolean badResponse) {
    if (!live(e) || e.backendChannel != ch) {
      return;
    }
    if (badResponse) {
      e.backend.metrics.badResponses.increment();
    }
    e.heldHead = null; // the client never saw it: the request may go again
    if (!e.responseStarted() && e.refreshed == null) {
      if (e.reusedConnection && !badResponse) {
        // A kept-alive connection the backend closed, as backends do after a while or a number
        // of requests: not a sign of trouble. Safe requests go again on a fresh connection.
        if (!e.hasBody && e.idempotent() && !e.freshRetry) {
          e.tried.remove(e.backend);
          e.freshRetry = true;
          retryOrFail(e, HttpResponseStatus.BAD_GATEWAY, why);
          return;
        }
        e.bodyBytesSent = true; // it may have reached the backend: never resent
        retryOrFail(e, HttpResponseStatus.BAD_GATEWAY, e.backend.id() + ": " + why);
        return;
      }
      if (!badResponse) {
        e.backend.passiveFailure(why);
      }
      e.bodyBytesSent = e.bodyBytesSent || badResponse;
      retryOrFail(
          e, HttpResponseStatus.BAD_GATEWAY, e.backend == null ? why : e.backend.id() + ": " + why);
      return;
    }
    // Part of the response went out: the client must see a broken response, not a short one.
    if (e.detached()) {
      endDetached(e, false);
      return;
    }
    release(e, false);
    c.cache.finish(e, false);
    c.complete(e, null);
    c.ctx.close();
  }

  /** Counts the backend's answer and recycles (or closes) its connection. */
  void release(Exchange e, boolean ok) {
    e.cancelTimer();
    if (e.backend == null) {
      return;
    }
    long micros = (System.nanoTime() - e.startNanos) / 1000;
    BackendAdmission.freeSlot(e.backend, e.pool);
    e.backend.metrics.response(e.status, micros);
    e.pool.metrics.response(e.status, micros);
    Channel ch = e.backendChannel;
    e.backendChannel = null;
    if (ch != null) {
      UpstreamClient.recycle(e.backend, ch, ok && e.requestComplete && e.upgrade == null);
    }
    e.lastBackend = e.backend;
    e.backend = null;
  }

  /** The exchange ends before its backend answered (client gone, refused): drop the backend. */
  void abandon(Exchange e) {
    e.cancelTimer();
    e.releaseBuffered();
    BackendAdmission.leaveQueue(e);
    if (e.backend != null) {
      BackendAdmission.freeSlot(e.backend, e.pool);
      e.lastBackend = e.backend;
      e.backend = null;
    }
    Channel ch = e.backendChannel;
    e.backendChannel = null;
    if (ch != null) {
      UpstreamClient.recycle(e.lastBackend, ch, false); // half an exchange: never reused
    }
  }
}
