package dev.brigade.edge;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The client side of the proxy: one per client connection. It reads a request, picks a pool and a
 * backend, streams the request there and the response back, with backpressure both ways, and keeps
 * the client's connection alive between requests.
 *
 * <p>The request path is: guard (refuse malformed and smuggling shapes) -> route (host/path to a
 * pool) -> dispatch (today: a backend of the pool; the cache will answer here first) -> stream.
 */
final class ProxyFrontend extends ChannelInboundHandlerAdapter {
  /** Pipelined messages queued behind the request in progress before reading pauses. */
  private static final int MAX_PENDING = 64;

  /** Backend responses: generous limits, since backends are ours; garbage still fails. */
  private static final io.netty.handler.codec.http.HttpDecoderConfig BACKEND_DECODER =
      new io.netty.handler.codec.http.HttpDecoderConfig()
          .setMaxInitialLineLength(8192)
          .setMaxHeaderSize(64 * 1024)
          .setMaxChunkSize(64 * 1024)
          .setValidateHeaders(true);

  private final EdgeRuntime rt;
  private final ArrayDeque<Object> pending = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private Exchange ex;
  private boolean closing;
  private io.netty.util.concurrent.ScheduledFuture<?> clientTimer;
  private boolean headerStarted;

  ProxyFrontend(EdgeRuntime rt) {
    this.rt = rt;
  }

  /** The pre-codec framing checker of this connection. */
  RequestFraming framing() {
    return new RequestFraming(
        new RequestFraming.Listener() {
          @Override
          public void headStarted() {
            if (ex == null && !headerStarted) {
              headerStarted = true;
              armClientTimer(rt.timeouts.clientHeader().toMillis());
            }
          }

          @Override
          public void bodyBytes() {}

          @Override
          public void malformed(String reason) {
            malformedRequest(reason);
          }
        });
  }

  /** The request's framing is broken: the exchange (if any) ends, the connection closes. */
  private void malformedRequest(String reason) {
    rt.refused.increment();
    Exchange e = ex;
    if (e != null && !e.done) {
      e.done = true;
      e.cancelTimer();
      e.releaseBuffered();
      if (e.backendChannel != null) {
        e.backendChannel.close(); // a half-sent body: the connection is never reused
      }
      if (e.backend != null) {
        e.backend.active.decrementAndGet();
        e.backend = null;
      }
      finishCache(e, false);
      log(e, e.responseStarted ? e.status : 400);
      ex = null;
      if (e.responseStarted) {
        closing = true;
        ctx.close();
        return;
      }
    }
    refuse(HttpResponseStatus.BAD_REQUEST, reason, e == null ? null : e.requestId);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    rt.connections.increment();
    rt.openConnections.increment();
    armClientTimer(rt.timeouts.clientHeader().toMillis());
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    rt.openConnections.decrement();
    cancelClientTimer();
    while (!pending.isEmpty()) {
      ReferenceCountUtil.release(pending.poll());
    }
    if (ex != null && !ex.done) {
      Exchange e = ex;
      finishCache(e, false);
      e.done = true;
      e.cancelTimer();
      e.releaseBuffered();
      if (e.backend != null) {
        e.backend.active.decrementAndGet();
      }
      if (e.backendChannel != null) {
        e.backendChannel.close();
      }
      log(e, e.responseStarted ? e.status : 499);
    }
    ex = null;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (ex != null || !pending.isEmpty()) {
      if (ex != null && ex.requestComplete || !pending.isEmpty()) {
        pending.add(msg);
        if (pending.size() > MAX_PENDING) {
          ctx.channel().config().setAutoRead(false);
        }
        return;
      }
    }
    handle(msg);
  }

  private void handle(Object msg) {
    if (msg instanceof HttpRequest req) {
      begin(req);
    } else if (msg instanceof HttpContent content) {
      body(content);
    } else {
      ReferenceCountUtil.release(msg);
    }
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
    if (ex != null && ex.backendChannel != null) {
      ex.backendChannel.config().setAutoRead(ctx.channel().isWritable());
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  private void begin(HttpRequest req) {
    cancelClientTimer();
    headerStarted = false;
    RequestGuard.Refusal refusal = RequestGuard.check(req);
    if (refusal != null) {
      rt.refused.increment();
      ReferenceCountUtil.release(req);
      refuse(refusal.status(), refusal.reason(), null);
      return;
    }
    if (req.method().name().equals("PURGE")) {
      purge(req);
      return;
    }
    String host = req.headers().get(HttpHeaderNames.HOST);
    String uri = req.uri();
    String path = uri.startsWith("/") ? uri : pathOf(uri);
    BackendPool pool = rt.snapshot().route(host, path);
    if (pool == null) {
      refuse(HttpResponseStatus.NOT_FOUND, "no route for this host and path", null);
      return;
    }
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    boolean hasBody =
        HttpUtil.isTransferEncodingChunked(req) || HttpUtil.getContentLength(req, 0L) > 0;
    int hitClass = rt.cache == null ? -1 : CacheRules.hitClass(rt.cache.settings, req, path);
    if (rt.cache != null) {
      rt.cache.classes[hitClass].increment();
    }
    Backend affinity = null;
    if (!pool.config.affinityCookie().isEmpty()) {
      affinity = pool.byAffinity(cookie(req, pool.config.affinityCookie()));
    }
    ex =
        new Exchange(
            req,
            pool,
            ForwardHeaders.requestId(req.headers()),
            hashKey(pool, req),
            affinity,
            keepAlive,
            hasBody);
    if (rt.cache != null && hitClass != CacheRules.RED && fromCache(ex)) {
      return;
    }
    if (rt.cache != null && hitClass == CacheRules.RED) {
      rt.cache.passes.increment();
      ex.forwardReason = "fwd=bypass; detail=session";
    }
    dispatch(ex);
  }

  /** The request as it goes to a backend: hop-by-hop fields out, forwarding fields in. */
  private HttpRequest backendRequest(Exchange e) {
    HttpRequest req = e.clientRequest;
    HttpHeaders headers = req.headers().copy();
    ForwardHeaders.removeHopByHop(headers);
    if (rt.cache != null) {
      CacheRules.stripTrackingCookies(rt.cache.settings, headers);
    }
    // The framing is the edge's own: what it decoded from the client, framed anew.
    boolean chunked = HttpUtil.isTransferEncodingChunked(req);
    boolean hasLength = req.headers().contains(HttpHeaderNames.CONTENT_LENGTH);
    ForwardHeaders.frame(
        headers, chunked ? -1 : HttpUtil.getContentLength(req, 0L), chunked || hasLength);
    ForwardHeaders.addForwarding(
        headers, (InetSocketAddress) ctx.channel().remoteAddress(), "http", e.requestId);
    headers.remove(HttpHeaderNames.EXPECT);
    if (e.hasBody && HttpUtil.is100ContinueExpected(req)) {
      headers.set(HttpHeaderNames.EXPECT, HttpHeaderValues.CONTINUE);
    }
    StoredResponse stale = e.stale;
    if (stale != null
        && !headers.contains(HttpHeaderNames.IF_NONE_MATCH)
        && !headers.contains(HttpHeaderNames.IF_MODIFIED_SINCE)) {
      // RFC 9111 section 4.3.1: revalidate the stored copy instead of fetching it again
      if (stale.etag() != null) {
        headers.set(HttpHeaderNames.IF_NONE_MATCH, stale.etag());
        e.revalidating = true;
      } else if (stale.headers().contains(HttpHeaderNames.LAST_MODIFIED)) {
        headers.set(
            HttpHeaderNames.IF_MODIFIED_SINCE, stale.headers().get(HttpHeaderNames.LAST_MODIFIED));
        e.revalidating = true;
      }
    }
    return new DefaultHttpRequest(HttpVersion.HTTP_1_1, req.method(), req.uri(), headers);
  }

  // ---- the cache (RFC 9111): answer from it, wait for a fetch, or forward and store ----

  /** True when the cache answered the request or it waits for another request's fetch. */
  private boolean fromCache(Exchange e) {
    HttpCache cache = rt.cache;
    HttpRequest req = e.clientRequest;
    String method = req.method().name();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return false;
    }
    String key = HttpCache.key(req);
    e.cacheKey = key;
    e.requestTime = Instant.now();
    CacheControl rq = CacheControl.parse(req.headers().getAll(HttpHeaderNames.CACHE_CONTROL));
    boolean noCache =
        rq.has("no-cache")
            || !req.headers().contains(HttpHeaderNames.CACHE_CONTROL)
                && req.headers().contains(HttpHeaderNames.PRAGMA, "no-cache", true);
    Instant now = Instant.now();
    StoredResponse s = cache.lookup(key, req.headers());
    if (s != null && !noCache) {
      long ttl = s.ttl(now);
      if (CacheRules.freshEnough(s, rq, now)) {
        cache.hits.increment();
        if (HttpCache.refreshEarly(s, now, ThreadLocalRandom.current().nextDouble())) {
          refresher().refresh(e.pool, key, s, rt.timeouts.firstByte());
        }
        serveStored(e, s, "hit; ttl=" + ttl);
        return true;
      }
      if (CacheRules.staleAllowed(s, rq, now, cache.settings.grace())) {
        cache.staleServed.increment();
        refresher().refresh(e.pool, key, s, rt.timeouts.firstByte());
        serveStored(e, s, "hit; ttl=" + ttl + "; detail=stale-while-revalidate");
        return true;
      }
      e.stale = s;
    }
    if (rq.has("only-if-cached")) {
      fail(e, HttpResponseStatus.GATEWAY_TIMEOUT, "not in the cache (only-if-cached)");
      return true;
    }
    cache.misses.increment();
    e.forwardReason = noCache ? "fwd=request" : s == null ? "fwd=uri-miss" : "fwd=stale";
    if (noCache || cache.isHitForMiss(key)) {
      e.leader = false;
      return false;
    }
    HttpCache.Fetch running = cache.joinOrLead(key);
    if (running == null) {
      e.leader = true;
      return false;
    }
    e.waiting = true;
    cache.coalesced.increment();
    if (!running.await(() -> ctx.executor().execute(() -> resume(e)))) {
      resume(e);
      return true;
    }
    e.timer =
        ctx.executor()
            .schedule(
                () -> resume(e), cache.settings.coalesceWait().toMillis(), TimeUnit.MILLISECONDS);
    return true;
  }

  /** A waiting request: the fetch it waited on is done, or it waited long enough. */
  private void resume(Exchange e) {
    if (e.done || !e.waiting || e != ex) {
      return;
    }
    e.waiting = false;
    e.cancelTimer();
    Instant now = Instant.now();
    StoredResponse s = rt.cache.lookup(e.cacheKey, e.clientRequest.headers());
    if (s != null && s.ttl(now) > 0) {
      rt.cache.hits.increment();
      serveStored(e, s, "hit; ttl=" + s.ttl(now) + "; detail=coalesced");
      return;
    }
    e.forwardReason = "fwd=uri-miss; detail=coalesced";
    dispatch(e);
  }

  private Refresher refresher() {
    return rt.refresher;
  }

  /** Answers from a stored response (a 304 when the client's own validators match). */
  private void serveStored(Exchange e, StoredResponse s, String cacheStatus) {
    e.done = true;
    e.cancelTimer();
    e.releaseBuffered();
    Instant now = Instant.now();
    HttpRequest req = e.clientRequest;
    boolean notModified = CacheRules.notModified(req.headers(), s);
    HttpResponseStatus status =
        notModified ? HttpResponseStatus.NOT_MODIFIED : HttpResponseStatus.valueOf(s.status());
    e.status = status.code();
    HttpHeaders h = s.headers().copy();
    h.set(HttpHeaderNames.AGE, Long.toString(Math.max(0, s.age(now))));
    h.set("Cache-Status", "brigade; " + cacheStatus);
    h.add(HttpHeaderNames.VIA, ForwardHeaders.VIA);
    boolean noBody = notModified || req.method().equals(HttpMethod.HEAD) || s.status() == 204;
    if (!notModified) {
      h.set(HttpHeaderNames.CONTENT_LENGTH, s.body().length);
    } else {
      h.remove(HttpHeaderNames.CONTENT_LENGTH);
    }
    // A request without a body can be answered before its end arrives; the end is then dropped.
    boolean close = !e.clientKeepAlive || !e.requestComplete && e.hasBody;
    boolean http10 = !req.protocolVersion().isKeepAliveDefault();
    if (close) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (http10) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    io.netty.buffer.ByteBuf body =
        noBody
            ? io.netty.buffer.Unpooled.EMPTY_BUFFER
            : io.netty.buffer.Unpooled.wrappedBuffer(s.body());
    e.responseBytes = body.readableBytes();
    e.cacheStatus =
        cacheStatus.startsWith("fwd=")
            ? "revalidated"
            : cacheStatus.startsWith("hit; ttl=-") ? "stale" : "hit";
    io.netty.handler.codec.http.FullHttpResponse r =
        new io.netty.handler.codec.http.DefaultFullHttpResponse(
            http10 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1,
            status,
            body,
            h,
            io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE);
    ChannelFuture f = ctx.writeAndFlush(r);
    log(e, e.status);
    ex = null;
    if (close) {
      closing = true;
      f.addListener(ChannelFutureListener.CLOSE);
    } else {
      next();
    }
  }

  /** The response's end: store what was captured and wake the requests that waited for it. */
  private void finishCache(Exchange e, boolean ok) {
    if (rt.cache == null) {
      return;
    }
    String method = e.clientRequest.method().name();
    if (!method.equals("GET") && !method.equals("HEAD") && e.status >= 200 && e.status < 400) {
      CacheRules.invalidateAfterUnsafe(rt.cache, e.clientRequest, e.responseHeaders);
    }
    if (e.cacheKey == null) {
      return;
    }
    if (ok && e.capture != null) {
      HttpHeaders h = e.captureHead.headers();
      rt.cache.put(
          e.cacheKey,
          HttpCache.varyNames(h),
          storedResponse(
              e.captureHead.status().code(),
              h,
              e.capture.toByteArray(),
              e.clientRequest.headers(),
              e.requestTime,
              Instant.now(),
              (System.nanoTime() - e.startNanos) / 1_000_000));
    }
    e.capture = null;
    if (e.leader) {
      e.leader = false;
      rt.cache.finish(e.cacheKey).forEach(Runnable::run);
    }
  }

  /** A stored response from a backend's response received at {@code received}. */
  static StoredResponse storedResponse(
      int status,
      HttpHeaders headers,
      byte[] body,
      HttpHeaders requestHeaders,
      Instant requested,
      Instant received,
      long fetchMillis) {
    CacheControl cc = CacheControl.of(headers, Freshness.TARGETED);
    HttpHeaders kept = headers.copy();
    for (String f : Freshness.TARGETED) {
      kept.remove(f); // targeted fields are for us, not for browsers (RFC 9213 section 2.1)
    }
    kept.remove("Surrogate-Key");
    kept.remove(HttpHeaderNames.SET_COOKIE); // only stored at all with store-set-cookie
    if (!kept.contains(HttpHeaderNames.DATE)) {
      // RFC 9110 section 6.6.1: a cache adds the Date it received the response at
      kept.set(HttpHeaderNames.DATE, java.util.Date.from(received));
    }
    String vary = HttpCache.variant(HttpCache.varyNames(headers), requestHeaders);
    List<String> tags = new java.util.ArrayList<>();
    for (String field : List.of("Surrogate-Key", "Cache-Tag")) {
      for (String v : headers.getAll(field)) {
        for (String t : v.split("[ ,]+")) {
          if (!t.isBlank()) {
            tags.add(t);
          }
        }
      }
    }
    // Only what a background refresh needs: the Host and the fields the response varies on.
    HttpHeaders req = new io.netty.handler.codec.http.DefaultHttpHeaders();
    if (requestHeaders.contains(HttpHeaderNames.HOST)) {
      req.set(HttpHeaderNames.HOST, requestHeaders.get(HttpHeaderNames.HOST));
    }
    for (String name : HttpCache.varyNames(headers)) {
      if (!name.equals("cookie")
          && !name.equals("authorization")
          && requestHeaders.contains(name)) {
        req.set(name, requestHeaders.getAll(name));
      }
    }
    return new StoredResponse(
        status,
        kept,
        body,
        vary,
        received,
        Freshness.initialAge(headers, requested, received),
        Freshness.lifetime(status, headers),
        Math.max(0, cc.seconds("stale-while-revalidate")),
        Math.max(0, cc.seconds("stale-if-error")),
        cc.has("must-revalidate") || cc.has("proxy-revalidate") || cc.has("no-cache"),
        cc.has("s-maxage"),
        cc.has("no-cache"),
        fetchMillis,
        List.copyOf(tags),
        req);
  }

  /**
   * PURGE of one URL (all its variants): with the purge token, or from loopback when {@code
   * purge-from-loopback} says a loopback peer is trusted.
   */
  private void purge(HttpRequest req) {
    ReferenceCountUtil.release(req);
    if (rt.cache == null) {
      refuse(HttpResponseStatus.METHOD_NOT_ALLOWED, "this edge has no cache", null);
      return;
    }
    InetSocketAddress client = (InetSocketAddress) ctx.channel().remoteAddress();
    String token = rt.cache.settings.purgeToken();
    String given = req.headers().get("X-Purge-Token", "");
    boolean allowed =
        rt.cache.settings.purgeFromLoopback()
                && client != null
                && client.getAddress().isLoopbackAddress()
            || !token.isEmpty()
                && java.security.MessageDigest.isEqual(
                    token.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    if (!allowed) {
      refuse(HttpResponseStatus.FORBIDDEN, "PURGE needs the purge token (X-Purge-Token)", null);
      return;
    }
    String key = HttpCache.key(req);
    boolean had = rt.cache.lookup(key, req.headers()) != null;
    rt.cache.invalidate(key);
    io.netty.buffer.ByteBuf body = ctx.alloc().buffer();
    body.writeCharSequence("{\"purged\":" + had + "}\n", StandardCharsets.UTF_8);
    io.netty.handler.codec.http.FullHttpResponse r =
        new io.netty.handler.codec.http.DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, had ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND, body);
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    if (!HttpUtil.isKeepAlive(req)) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      closing = true;
      ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ctx.writeAndFlush(r);
    next();
  }

  private static String pathOf(String absoluteUri) {
    int scheme = absoluteUri.indexOf("://");
    int slash = scheme < 0 ? -1 : absoluteUri.indexOf('/', scheme + 3);
    return slash < 0 ? "/" : absoluteUri.substring(slash);
  }

  private static String hashKey(BackendPool pool, HttpRequest req) {
    String k = pool.config.hashKey();
    if (k.startsWith("header:")) {
      String v = req.headers().get(k.substring(7));
      return v == null ? "" : v;
    }
    return req.uri();
  }

  private static String cookie(HttpRequest req, String name) {
    String header = req.headers().get(HttpHeaderNames.COOKIE);
    if (header == null) {
      return null;
    }
    for (Cookie c : ServerCookieDecoder.LAX.decode(header)) {
      if (c.name().equals(name)) {
        return c.value();
      }
    }
    return null;
  }

  private void body(HttpContent content) {
    Exchange e = ex;
    if (content.decoderResult().isFailure()) {
      ReferenceCountUtil.release(content);
      malformedRequest("malformed request body: " + content.decoderResult().cause().getMessage());
      return;
    }
    if (e == null || e.done) {
      ReferenceCountUtil.release(content);
      return;
    }
    boolean last = content instanceof LastHttpContent;
    if (last && !((LastHttpContent) content).trailingHeaders().isEmpty()) {
      // Request trailers are dropped: a backend must not merge them into the head (RFC 9110 6.5.1)
      LastHttpContent withTrailers = (LastHttpContent) content;
      content = new io.netty.handler.codec.http.DefaultLastHttpContent(withTrailers.content());
    }
    if (last) {
      e.requestComplete = true;
    }
    if (e.backendChannel == null) {
      e.buffered.add(content);
      // Hold the rest of the body in the kernel until a backend is connected.
      ctx.channel().config().setAutoRead(false);
      return;
    }
    if (content.content().isReadable()) {
      e.bodyBytesSent = true;
    }
    ChannelFuture f = e.backendChannel.write(content);
    if (last) {
      e.backendChannel.flush();
      f.addListener(done -> armFirstByte(e));
    }
    if (!e.backendChannel.isWritable()) {
      ctx.channel().config().setAutoRead(false);
    }
  }

  /** Chooses a backend (excluding those tried) and sends the request there. */
  private void dispatch(Exchange e) {
    if (e.backendRequest == null) {
      e.backendRequest = backendRequest(e);
    }
    Backend b = e.pool.choose(e.hashKey, e.affinity, e.tried);
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
    b.active.incrementAndGet();
    e.backendStartNanos = System.nanoTime();
    Channel idle = e.freshRetry ? null : b.pollIdle(ctx.channel().eventLoop());
    if (idle != null) {
      e.reusedConnection = true;
      attach(e, idle);
      return;
    }
    e.reusedConnection = false;
    Bootstrap boot =
        new Bootstrap()
            .group(ctx.channel().eventLoop())
            .channel(rt.transport.client())
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.min(Integer.MAX_VALUE, rt.timeouts.connect().toMillis()))
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.AUTO_READ, true)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast("codec", new HttpClientCodec(BACKEND_DECODER, false, false));
                    ch.pipeline().addLast("proxy", new ProxyBackend(b));
                  }
                });
    boot.connect(b.address.getHostString(), b.address.getPort())
        .addListener(
            (ChannelFutureListener)
                f -> {
                  if (e.done) {
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
                    retryOrFail(
                        e, HttpResponseStatus.BAD_GATEWAY, "could not connect to " + b.id());
                  }
                });
  }

  /** After a connection failure: another backend if the request can be retried, else an error. */
  void retryOrFail(Exchange e, HttpResponseStatus status, String why) {
    if (e.done) {
      return;
    }
    e.cancelTimer();
    if (e.backend != null) {
      e.backend.active.decrementAndGet();
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

  private void attach(Exchange e, Channel ch) {
    e.backendChannel = ch;
    ProxyBackend handler = ch.pipeline().get(ProxyBackend.class);
    handler.bind(e, this);
    ch.config().setAutoRead(ctx.channel().isWritable());
    e.sent = true;
    ch.write(e.backendRequest)
        .addListener(
            f -> {
              if (!f.isSuccess() && !e.done && !e.responseStarted) {
                ch.close();
              }
            });
    for (HttpContent c : e.buffered) {
      if (c.content().isReadable()) {
        e.bodyBytesSent = true;
      }
      ch.write(c);
    }
    e.buffered.clear();
    ch.flush();
    if (e.requestComplete) {
      armFirstByte(e);
    } else {
      ctx.channel().config().setAutoRead(ch.isWritable());
    }
  }

  private void armFirstByte(Exchange e) {
    if (e.done || e.responseStarted || e.backendChannel == null) {
      return;
    }
    e.cancelTimer();
    Channel ch = e.backendChannel;
    e.timer =
        ch.eventLoop()
            .schedule(
                () -> {
                  if (!e.done && !e.responseStarted && e.backendChannel == ch) {
                    e.backend.metrics.timeouts.increment();
                    e.backend.passiveFailure("first byte timeout");
                    e.bodyBytesSent = true; // the backend may be working on it: never resend
                    ch.close();
                    retryOrFail(
                        e,
                        HttpResponseStatus.GATEWAY_TIMEOUT,
                        e.backend.id() + " did not answer in time");
                  }
                },
                rt.timeouts.firstByte().toMillis(),
                TimeUnit.MILLISECONDS);
  }

  void armBetweenBytes(Exchange e) {
    e.cancelTimer();
    Channel ch = e.backendChannel;
    if (ch == null) {
      return;
    }
    e.timer =
        ch.eventLoop()
            .schedule(
                () -> {
                  if (!e.done && e.backendChannel == ch) {
                    e.backend.metrics.timeouts.increment();
                    ch.close();
                  }
                },
                rt.timeouts.betweenBytes().toMillis(),
                TimeUnit.MILLISECONDS);
  }

  /** The backend's response head: rewrite and pass on. */
  void responseHead(Exchange e, HttpResponse resp) {
    if (e != ex || e.done) {
      return;
    }
    if (resp.status().codeClass() == io.netty.handler.codec.http.HttpStatusClass.INFORMATIONAL
        && resp.status().code() != 101) {
      e.interim = true;
      if (resp.status().code() == 100 && HttpUtil.is100ContinueExpected(e.clientRequest)) {
        ctx.writeAndFlush(
            new io.netty.handler.codec.http.DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
      }
      return;
    }
    int code = resp.status().code();
    if (e.stale != null
        && CacheRules.staleReplaces(code)
        && CacheRules.staleOnErrorAllowed(e.stale, Instant.now(), rt.cache.settings.grace())) {
      // RFC 5861 section 4: stale-if-error covers the origin's own 5xx, not only the edge's errors
      e.status = code;
      releaseBackend(e, false);
      e.backend = null;
      rt.cache.staleServed.increment();
      finishCache(e, false);
      serveStored(e, e.stale, "hit; ttl=" + e.stale.ttl(Instant.now()) + "; detail=stale-if-error");
      return;
    }
    e.responseStarted = true;
    e.status = code;
    if (code >= 500 && e.backend.health().passive5xx()) {
      e.backend.passiveFailure("answered " + code);
    } else {
      e.backend.passiveSuccess();
    }
    if (e.revalidating && e.status == 304 && rt.cache != null) {
      // RFC 9111 section 4.3.4: freshen the stored copy with the 304's headers, then serve it
      HttpHeaders merged = e.stale.headers().copy();
      HttpHeaders fresh = resp.headers().copy();
      ForwardHeaders.removeHopByHop(fresh);
      for (String name : fresh.names()) {
        if (!name.equalsIgnoreCase("Content-Length")) {
          merged.set(name, fresh.getAll(name));
        }
      }
      e.refreshed =
          storedResponse(
              e.stale.status(),
              merged,
              e.stale.body(),
              e.clientRequest.headers(),
              e.requestTime,
              Instant.now(),
              (System.nanoTime() - e.startNanos) / 1_000_000);
      rt.cache.put(e.cacheKey, HttpCache.varyNames(merged), e.refreshed);
      return;
    }
    HttpHeaders h = resp.headers();
    boolean backendChunked = HttpUtil.isTransferEncodingChunked(resp);
    ForwardHeaders.removeHopByHop(h);
    e.responseHeaders = h;
    if (e.cacheKey != null && rt.cache != null) {
      String why =
          Freshness.notStorable(e.clientRequest, e.status, h, rt.cache.settings.storeSetCookie());
      long length = HttpUtil.getContentLength(resp, -1L);
      if (why == null
          && length <= rt.cache.settings.maxObjectBytes()
          && !e.clientRequest.method().equals(HttpMethod.HEAD)) {
        e.capture = new java.io.ByteArrayOutputStream(length > 0 ? (int) length : 4096);
        e.captureHead =
            new io.netty.handler.codec.http.DefaultHttpResponse(
                HttpVersion.HTTP_1_1, resp.status(), h.copy());
      } else if (e.leader && why != null) {
        rt.cache.markHitForMiss(e.cacheKey);
        e.leader = false;
        rt.cache.finish(e.cacheKey).forEach(Runnable::run);
      }
      e.cacheStatus = "miss";
      h.set(
          "Cache-Status",
          "brigade; "
              + e.forwardReason
              + "; fwd-status="
              + e.status
              + (e.capture != null ? "; stored" : ""));
      for (String f : Freshness.TARGETED) {
        h.remove(f);
      }
    } else if (e.forwardReason != null) {
      e.cacheStatus = "pass";
      h.set("Cache-Status", "brigade; " + e.forwardReason);
    }
    h.add(HttpHeaderNames.VIA, ForwardHeaders.VIA);
    if (e.affinity != e.backend && !e.pool.config.affinityCookie().isEmpty()) {
      h.add(
          HttpHeaderNames.SET_COOKIE,
          ServerCookieEncoder.STRICT.encode(
                  e.pool.config.affinityCookie(), BackendPool.affinityValue(e.backend))
              + "; Path=/; HttpOnly");
    }
    boolean http10 = !e.clientRequest.protocolVersion().isKeepAliveDefault();
    boolean noBody =
        e.clientRequest.method().equals(HttpMethod.HEAD) || e.status == 204 || e.status == 304;
    boolean closeAfter = !e.clientKeepAlive || !e.requestComplete;
    if (!noBody && !HttpUtil.isContentLengthSet(resp)) {
      // Chunked or close-delimited from the backend: chunked to HTTP/1.1 clients.
      if (http10) {
        closeAfter = true;
      } else {
        h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      }
    } else if (backendChunked && noBody) {
      h.remove(HttpHeaderNames.TRANSFER_ENCODING);
    }
    if (closeAfter) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      closing = closing || !e.requestComplete;
    } else if (http10) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    HttpResponse out =
        new io.netty.handler.codec.http.DefaultHttpResponse(
            e.clientRequest.protocolVersion().isKeepAliveDefault()
                ? HttpVersion.HTTP_1_1
                : HttpVersion.HTTP_1_0,
            resp.status(),
            h);
    ctx.write(out);
    armBetweenBytes(e);
  }

  /** A part of the backend's response body. */
  void responseBody(Exchange e, HttpContent content) {
    if (e != ex || e.done) {
      ReferenceCountUtil.release(content);
      return;
    }
    if (e.refreshed != null) {
      ReferenceCountUtil.release(content);
      if (content instanceof LastHttpContent) {
        releaseBackend(e, true);
        finishCache(e, true);
        StoredResponse r = e.refreshed;
        serveStored(e, r, "fwd=stale; fwd-status=304; ttl=" + r.ttl(Instant.now()));
      }
      return;
    }
    if (e.interim) {
      ReferenceCountUtil.release(content);
      if (content instanceof LastHttpContent) {
        e.interim = false;
      }
      return;
    }
    e.responseBytes += content.content().readableBytes();
    if (e.capture != null) {
      io.netty.buffer.ByteBuf b = content.content();
      if (e.capture.size() + b.readableBytes() > rt.cache.settings.maxObjectBytes()) {
        e.capture = null; // too large after all: streamed through, not stored
      } else {
        byte[] chunk = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), chunk);
        e.capture.write(chunk, 0, chunk.length);
      }
    }
    if (content instanceof LastHttpContent) {
      complete(e, ctx.writeAndFlush(content));
      return;
    }
    ctx.write(content);
    if (!ctx.channel().isWritable() && e.backendChannel != null) {
      e.backendChannel.config().setAutoRead(false);
    }
    {
      armBetweenBytes(e);
    }
  }

  void flushClient() {
    ctx.flush();
  }

  /** The backend can take more of the request body, or cannot. */
  void backendWritable(boolean writable) {
    if (ex != null && !ex.requestComplete) {
      ctx.channel().config().setAutoRead(writable);
    }
  }

  /** The backend's connection closed or broke before the response was complete. */
  void backendLost(Exchange e, Channel ch, String why, boolean badResponse) {
    if (e != ex || e.done || e.backendChannel != ch) {
      return;
    }
    if (badResponse) {
      e.backend.metrics.badResponses.increment();
    }
    if (!e.responseStarted) {
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
    complete(e, null);
    ctx.close();
  }

  /**
   * The exchange is over: count it, log it, recycle or close the backend connection. {@code
   * lastWrite} is the write of the response's end, or null when the response broke off.
   */
  private void complete(Exchange e, ChannelFuture lastWrite) {
    boolean ok = lastWrite != null;
    e.done = true;
    releaseBackend(e, ok);
    finishCache(e, ok);
    log(e, e.status);
    ex = null;
    if (!ok) {
      return;
    }
    ChannelFuture f = lastWrite;
    boolean http10Close =
        !e.clientRequest.protocolVersion().isKeepAliveDefault()
            && !HttpUtil.isKeepAlive(e.clientRequest);
    if (!e.clientKeepAlive || !e.requestComplete || closing || http10Close) {
      f.addListener(ChannelFutureListener.CLOSE);
      closing = true;
      return;
    }
    next();
  }

  /** Counts the backend's answer and recycles (or closes) its connection. */
  private void releaseBackend(Exchange e, boolean ok) {
    e.cancelTimer();
    long micros = (System.nanoTime() - e.startNanos) / 1000;
    e.backend.active.decrementAndGet();
    e.backend.metrics.response(e.status, micros);
    e.pool.metrics.response(e.status, micros);
    Channel ch = e.backendChannel;
    ProxyBackend handler = ch == null ? null : ch.pipeline().get(ProxyBackend.class);
    if (ok && e.requestComplete && handler != null && handler.reusable()) {
      handler.unbind();
      e.backend.offerIdle(ch);
    } else if (ch != null) {
      if (handler != null) {
        handler.unbind();
      }
      ch.close();
    }
  }

  /** Serves queued pipelined requests, or waits for the next one. */
  private void next() {
    while (ex == null && !pending.isEmpty() && !closing) {
      handle(pending.poll());
    }
    if (ex == null && !closing) {
      ctx.channel().config().setAutoRead(true);
      armClientTimer(rt.timeouts.idle().toMillis());
    }
  }

  /** Answers with the edge's own error page; the request never reached a backend. */
  private void fail(Exchange e, HttpResponseStatus status, String why) {
    if (e.stale != null
        && status.code() >= 500
        && CacheRules.staleOnErrorAllowed(e.stale, Instant.now(), disconnectedWindow())) {
      if (e.backend != null) {
        e.backend = null;
      }
      rt.cache.staleServed.increment();
      finishCache(e, false);
      long ttl = e.stale.ttl(Instant.now());
      boolean sie = e.stale.staleIfError() >= -ttl;
      serveStored(
          e,
          e.stale,
          "hit; ttl=" + ttl + "; detail=" + (sie ? "stale-if-error" : "stale-disconnected"));
      return;
    }
    finishCache(e, false);
    e.done = true;
    e.cancelTimer();
    e.releaseBuffered();
    e.status = status.code();
    log(e, status.code());
    ex = null;
    // A request without a body can be answered before its end arrives; the end is then dropped.
    boolean close = !e.clientKeepAlive || !e.requestComplete && e.hasBody;
    ChannelFuture f =
        ctx.writeAndFlush(ErrorPages.page(ctx.alloc(), status, why, e.requestId, close));
    if (close) {
      closing = true;
      f.addListener(ChannelFutureListener.CLOSE);
    } else {
      next();
    }
  }

  /**
   * How stale a copy may be served when no backend could be reached (RFC 9111 section 4.2.4's
   * disconnected cache), or an explicit grace when that is longer.
   */
  private java.time.Duration disconnectedWindow() {
    CacheSettings c = rt.cache.settings;
    return c.grace().compareTo(c.staleIfDisconnected()) > 0 ? c.grace() : c.staleIfDisconnected();
  }

  private void refuse(HttpResponseStatus status, String why, String requestId) {
    closing = true;
    ctx.writeAndFlush(ErrorPages.page(ctx.alloc(), status, why, requestId, true))
        .addListener(ChannelFutureListener.CLOSE);
  }

  private void armClientTimer(long millis) {
    cancelClientTimer();
    clientTimer =
        ctx.executor()
            .schedule(
                () -> {
                  if (ex == null && ctx.channel().isActive()) {
                    if (headerStarted) {
                      rt.timedOutClients.increment();
                      refuse(
                          HttpResponseStatus.REQUEST_TIMEOUT,
                          "the request head did not arrive in time",
                          null);
                    } else {
                      ctx.close();
                    }
                  }
                },
                millis,
                TimeUnit.MILLISECONDS);
  }

  private void cancelClientTimer() {
    if (clientTimer != null) {
      clientTimer.cancel(false);
      clientTimer = null;
    }
  }

  private void log(Exchange e, int status) {
    if (rt.accessLog == null) {
      return;
    }
    InetSocketAddress client = (InetSocketAddress) ctx.channel().remoteAddress();
    HttpRequest r = e.clientRequest;
    rt.accessLog.log(
        client == null ? "-" : client.getAddress().getHostAddress(),
        r.method().name(),
        r.uri(),
        r.protocolVersion().text(),
        status,
        e.responseBytes,
        r.headers().get(HttpHeaderNames.REFERER),
        r.headers().get(HttpHeaderNames.USER_AGENT),
        e.backendStartNanos == 0 ? 0 : (System.nanoTime() - e.backendStartNanos) / 1e9,
        e.backend == null ? "-" : e.backend.id(),
        e.cacheStatus,
        e.requestId);
  }
}
