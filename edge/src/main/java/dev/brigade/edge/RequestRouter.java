package dev.brigade.edge;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Stage two: what to do with a request head. The guard refuses malformed and smuggling shapes,
 * PURGE is authorised and done, a route picks the pool, and the exchange goes on to the cache (a
 * cacheable request) or straight to a backend (a pass).
 */
final class RequestRouter {
  private final ClientConnection c;

  RequestRouter(ClientConnection c) {
    this.c = c;
  }

  void begin(HttpRequest req) {
    EdgeRuntime rt = c.rt;
    RequestGuard.Refusal refusal = RequestGuard.check(req);
    if (refusal != null) {
      rt.refused.increment();
      ReferenceCountUtil.release(req);
      c.refuse(refusal.status(), refusal.reason(), null);
      return;
    }
    EdgeRuntime.Snapshot snap = rt.snapshot();
    long limit = snap.limits().maxBodyBytes();
    if (limit > 0 && HttpUtil.getContentLength(req, 0L) > limit) {
      rt.refused.increment();
      c.refuse(
          HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
          "the request body is larger than allowed",
          null);
      return;
    }
    InetSocketAddress peer = c.peerAddress();
    InetSocketAddress client =
        snap.trustedProxies().ranges().isEmpty()
            ? peer // the common case: no header lists to build
            : snap.trustedProxies()
                .client(
                    peer,
                    req.headers().getAll(ForwardHeaders.FORWARDED),
                    req.headers().getAll(ForwardHeaders.X_FORWARDED_FOR));
    if (req.method().name().equals("PURGE")) {
      purge(req, snap, client);
      return;
    }
    String host = req.headers().get(HttpHeaderNames.HOST);
    String uri = req.uri();
    String path = uri.startsWith("/") ? uri : pathOf(uri);
    BackendPool pool = snap.route(host, path);
    if (pool == null) {
      c.refuse(HttpResponseStatus.NOT_FOUND, "no route for this host and path", null);
      return;
    }
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    boolean hasBody =
        HttpUtil.isTransferEncodingChunked(req) || HttpUtil.getContentLength(req, 0L) > 0;
    HttpCache cache = snap.cache() == null ? null : rt.cache;
    int hitClass = cache == null ? -1 : CacheRules.hitClass(snap.hitClassifier(), req, path);
    if (cache != null) {
      cache.classes[hitClass].increment();
    }
    Backend affinity = null;
    if (!pool.config.affinityCookie().isEmpty()) {
      affinity = pool.byAffinity(cookie(req, pool.config.affinityCookie()));
    }
    Exchange e =
        new Exchange(
            req,
            snap,
            pool,
            ForwardHeaders.requestId(req.headers()),
            hashKey(pool, req),
            affinity,
            keepAlive,
            hasBody);
    e.client = client;
    e.scheme = c.scheme;
    e.upgrade =
        UpgradeRequest.token(
            req,
            hasBody,
            c.ctx.channel() instanceof io.netty.handler.codec.http2.Http2StreamChannel);
    c.ex = e;
    if (cache != null
        && hitClass != CacheRules.RED
        && !hasBody
        && e.upgrade == null
        && c.cache.lookup(e)) {
      return;
    }
    if (cache != null && hitClass == CacheRules.RED) {
      cache.passes.increment();
      // RFC 9211 section 2.2: an unsafe method is forwarded for its semantics, not for a session
      boolean safe = req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD;
      e.forwardReason = safe ? "fwd=bypass; detail=session" : "fwd=method";
    }
    c.upstream.dispatch(e);
  }

  /**
   * PURGE of one URL (all its variants): with the purge token, or from loopback when {@code
   * purge-from-loopback} says a loopback peer is trusted.
   */
  private void purge(HttpRequest req, EdgeRuntime.Snapshot snap, InetSocketAddress client) {
    ReferenceCountUtil.release(req);
    CacheSettings settings = snap.cache();
    if (settings == null) {
      c.refuse(HttpResponseStatus.METHOD_NOT_ALLOWED, "this edge has no cache", null);
      return;
    }
    String token = settings.purgeToken();
    String given = req.headers().get("X-Purge-Token", "");
    boolean allowed =
        settings.purgeFromLoopback() && client != null && client.getAddress().isLoopbackAddress()
            || !token.isEmpty()
                && MessageDigest.isEqual(
                    token.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    if (!allowed) {
      c.refuse(HttpResponseStatus.FORBIDDEN, "PURGE needs the purge token (X-Purge-Token)", null);
      return;
    }
    String key = HttpCache.key(req);
    boolean had = c.rt.cache.lookup(key, req.headers()) != null;
    c.rt.cache.invalidate(key);
    ByteBuf body = c.ctx.alloc().buffer();
    body.writeCharSequence("{\"purged\":" + had + "}\n", StandardCharsets.UTF_8);
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, had ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND, body);
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    if (!HttpUtil.isKeepAlive(req)) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      c.closing = true;
      c.ctx.writeAndFlush(r).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
      return;
    }
    c.ctx.writeAndFlush(r);
    RequestFraming framing = c.ctx.pipeline().get(RequestFraming.class);
    if (framing != null) {
      framing.answered(); // what was held behind it (after an Upgrade field, say) may come on
    }
    c.next();
  }

  static String pathOf(String absoluteUri) {
    int scheme = absoluteUri.indexOf("://");
    int slash = scheme < 0 ? -1 : absoluteUri.indexOf('/', scheme + 3);
    return slash < 0 ? "/" : absoluteUri.substring(slash);
  }

  static String hashKey(BackendPool pool, HttpRequest req) {
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
    for (Cookie k : ServerCookieDecoder.LAX.decode(header)) {
      if (k.name().equals(name)) {
        return k.value();
      }
    }
    return null;
  }
}
