package dev.brigade.edge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Stage three, for cacheable requests (RFC 9111): answer from the store, wait for the same URL's
 * fetch in progress (coalescing), or let {@link Upstream} fetch it; then store what came back and
 * wake the waiters. The rules come from {@link CachePolicy}; this class applies them to one
 * connection's exchanges.
 */
final class CacheFront {
  private final ClientConnection c;
  final BusyReader busy;

  CacheFront(ClientConnection c) {
    this.c = c;
    this.busy = new BusyReader(c);
  }

  private HttpCache cache() {
    return c.rt.cache;
  }

  private CachePolicy policy() {
    return c.rt.policy;
  }

  /** True when the cache answered the request or it waits for another request's fetch. */
  boolean lookup(Exchange e) {
    HttpCache cache = cache();
    CacheSettings settings = e.snap.cache();
    HttpRequest req = e.clientRequest;
    String method = req.method().name();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return false;
    }
    String key = HttpCache.key(req);
    e.cacheKey = key;
    Instant now = policy().now();
    e.requestTime = now;
    CacheControl rq = CacheControl.parse(req.headers().getAll(HttpHeaderNames.CACHE_CONTROL));
    boolean noCache =
        !settings.ignoreClientNoCache()
            && (rq.has("no-cache")
                || !req.headers().contains(HttpHeaderNames.CACHE_CONTROL)
                    && req.headers().contains(HttpHeaderNames.PRAGMA, "no-cache", true));
    StoredResponse s = cache.lookup(key, req.headers());
    if (s != null && !noCache) {
      long ttl = s.ttl(now);
      if (CacheRules.freshEnough(s, rq, now)) {
        cache.hits.increment();
        if (HttpCache.refreshEarly(s, now, ThreadLocalRandom.current().nextDouble())) {
          c.rt.refresher.refresh(c, e, key, s);
        }
        serve(e, s, "hit; ttl=" + ttl);
        return true;
      }
      if (CacheRules.staleAllowed(s, rq, now, settings.grace())) {
        cache.staleServed.increment();
        c.rt.refresher.refresh(c, e, key, s);
        serve(e, s, "hit; ttl=" + ttl + "; detail=stale-while-revalidate");
        return true;
      }
    }
    if (s != null) {
      e.stale = s; // revalidated (4.3.1), or served if the fetch fails and that is allowed
    }
    if (rq.has("only-if-cached")) {
      c.end(e, HttpResponseStatus.GATEWAY_TIMEOUT, "not in the cache (only-if-cached)", false);
      return true;
    }
    cache.misses.increment();
    e.forwardReason = noCache ? "fwd=request" : s == null ? "fwd=uri-miss" : "fwd=stale";
    if (cache.isHitForMiss(key)) {
      return false;
    }
    // One fetch per URL: forced refetches (no-cache) coalesce too.
    HttpCache.Fetch running = cache.joinOrLead(key);
    if (running == null) {
      e.leader = true;
      return false;
    }
    e.to(Exchange.State.WAITING);
    cache.coalesced.increment();
    if (!running.await(() -> c.ctx.executor().execute(() -> resume(e)))) {
      resume(e);
      return true;
    }
    if (BusyReader.streamable(e)) {
      running.onBusy(
          b -> {
            b.join(); // counted as a reader from now: its bytes stay in the in-flight budget
            c.ctx.executor().execute(() -> busy.start(e, b));
          });
    }
    e.timer =
        c.ctx
            .executor()
            .schedule(() -> resume(e), settings.coalesceWait().toMillis(), TimeUnit.MILLISECONDS);
    return true;
  }

  /** A waiting request: the fetch it waited on is done, or it waited long enough. */
  private void resume(Exchange e) {
    if (e.state() != Exchange.State.WAITING || e != c.ex) {
      return;
    }
    e.to(Exchange.State.RECEIVED);
    e.cancelTimer();
    Instant now = policy().now();
    StoredResponse s = cache().lookup(e.cacheKey, e.clientRequest.headers());
    if (s != null && s.ttl(now) > 0) {
      cache().hits.increment();
      serve(
          e,
          s,
          e.forwardReason.replace("; detail=collapsed", "") + "; collapsed; ttl=" + s.ttl(now));
      return;
    }
    e.forwardReason = e.forwardReason + "; detail=collapsed";
    c.upstream.dispatch(e);
  }

  /**
   * Answers from a stored response: a 304 when the client's own validators match (RFC 9110 13.1), a
   * 206 for a satisfiable single Range of a stored 200 (RFC 9110 section 14), else the whole
   * response.
   */
  void serve(Exchange e, StoredResponse s, String cacheStatus) {
    e.cancelTimer();
    e.releaseBuffered();
    Instant now = policy().now();
    HttpRequest req = e.clientRequest;
    boolean notModified = CacheRules.notModified(req.headers(), s);
    HttpResponseStatus status =
        notModified ? HttpResponseStatus.NOT_MODIFIED : HttpResponseStatus.valueOf(s.status());
    HttpHeaders h = ResponseHeaders.stored(e, s, notModified, cacheStatus, now);
    boolean head = req.method().equals(HttpMethod.HEAD);
    ServedForm form = ServedForm.of(s, req.headers(), head || notModified); // gzip or decoded
    form.apply(h, s);
    if (!notModified) {
      h.set(HttpHeaderNames.CONTENT_LENGTH, form.length());
    }
    ByteBuf body = Unpooled.EMPTY_BUFFER;
    if (!notModified && !head && s.status() != 204) {
      body = Unpooled.wrappedBuffer(form.body());
    }
    long[] range =
        notModified || !form.ranges()
            ? null
            : RangeRequest.of(req.headers(), s, form.length(), now);
    if (range != null && range.length == 0) {
      status = HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE;
      h.set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + form.length());
      h.set(HttpHeaderNames.CONTENT_LENGTH, 0);
      body = Unpooled.EMPTY_BUFFER;
    } else if (range != null) {
      status = HttpResponseStatus.PARTIAL_CONTENT;
      int from = (int) range[0];
      int length = (int) (range[1] - range[0] + 1);
      h.set(
          HttpHeaderNames.CONTENT_RANGE,
          "bytes " + range[0] + "-" + range[1] + "/" + form.length());
      h.set(HttpHeaderNames.CONTENT_LENGTH, length);
      body = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(form.body(), from, length);
    }
    e.status = status.code();
    e.responseBytes = body.readableBytes();
    e.cacheStatus =
        cacheStatus.startsWith("fwd=") && !cacheStatus.contains("collapsed")
            ? "revalidated"
            : cacheStatus.startsWith("hit; ttl=-") ? "stale" : "hit";
    DefaultFullHttpResponse r =
        new DefaultFullHttpResponse(
            ResponseHeaders.version(e), status, body, h, EmptyHttpHeaders.INSTANCE);
    c.respond(e, r, ResponseHeaders.closeAfter(e));
  }

  /**
   * How stale a copy may be served when no backend could be reached (RFC 9111 section 4.2.4's
   * disconnected cache), or an explicit grace when that is longer.
   */
  static Duration disconnectedWindow(CacheSettings s) {
    return s.grace().compareTo(s.staleIfDisconnected()) > 0 ? s.grace() : s.staleIfDisconnected();
  }

  /** After the edge's own error: true when a stale copy was served instead. */
  boolean staleInsteadOf(Exchange e, HttpResponseStatus status) {
    if (e.stale == null || status.code() < 500 || e.snap.cache() == null) {
      return false;
    }
    Instant now = policy().now();
    if (!CacheRules.staleOnErrorAllowed(e.stale, now, disconnectedWindow(e.snap.cache()))) {
      return false;
    }
    cache().staleServed.increment();
    finish(e, false);
    long ttl = e.stale.ttl(now);
    boolean sie = e.stale.staleIfError() >= -ttl;
    serve(
        e,
        e.stale,
        "hit; ttl=" + ttl + "; detail=" + (sie ? "stale-if-error" : "stale-disconnected"));
    return true;
  }

  /**
   * The backend's response head, before it goes to the client. True when the cache answers instead
   * (a stale copy for a 5xx, the freshened copy for a 304); else it decides whether the body is
   * captured for storing and returns the Cache-Status entry through {@code e}.
   */
  boolean head(Exchange e, HttpResponse resp) {
    HttpCache cache = cache();
    CacheSettings settings = e.snap.cache();
    if (cache == null || settings == null) {
      return false;
    }
    int code = resp.status().code();
    Instant now = policy().now();
    boolean background = e.audience() == Exchange.Audience.BACKGROUND;
    if (background && code >= 500) {
      // a failed refresh keeps the stale copy: it may stand in for errors (RFC 5861 section 4)
      e.status = code;
      c.upstream.release(e, false);
      finish(e, false);
      e.to(Exchange.State.DONE);
      return true;
    }
    if (background) {
      c.rt.refresher.refreshes.increment();
    }
    if (e.stale != null
        && CacheRules.staleReplaces(code)
        && CacheRules.staleOnErrorAllowed(e.stale, now, settings.grace())) {
      // RFC 5861 section 4: stale-if-error covers the origin's own 5xx, not only the edge's errors
      e.status = code;
      c.upstream.release(e, false);
      finish(e, false);
      if (e.detached()) {
        e.to(Exchange.State.DONE);
        return true;
      }
      cache.staleServed.increment();
      serve(e, e.stale, "hit; ttl=" + e.stale.ttl(now) + "; detail=stale-if-error");
      return true;
    }
    if (e.revalidating && code == 304) {
      // RFC 9111 section 4.3.4: freshen the stored copy with the 304's headers, then serve it
      StoredResponse r =
          policy()
              .freshened(
                  e.stale,
                  resp.headers(),
                  e.clientRequest.headers(),
                  e.requestTime,
                  now,
                  (System.nanoTime() - e.startNanos) / 1_000_000);
      String why =
          CachePolicy.storable(e.clientRequest, r.status(), r.headers(), settings.storeSetCookie());
      if (why == null) {
        cache.put(e.cacheKey, HttpCache.varyNames(r.headers()), r);
      } else {
        cache.invalidate(e.cacheKey); // the 304 says: not any more (no-store, private)
        release(e, true);
      }
      e.refreshed = r;
      return false;
    }
    HttpHeaders h = resp.headers();
    if (e.cacheKey != null) {
      String why = CachePolicy.storable(e.clientRequest, code, h, settings.storeSetCookie());
      long length = HttpUtil.getContentLength(resp, -1L);
      if (why == null && length > settings.maxObjectBytes()) {
        why = "too-large";
      }
      if (why == null && !c.rt.inFlight.tryReserve(e, Math.max(0, length))) {
        why = "busy"; // the in-flight budget is spent: streamed through, not stored
      }
      if (why != null && background && !why.equals("busy") && !why.equals("too-large")) {
        cache.invalidate(e.cacheKey); // a valid answer that may not be stored replaces the copy
      }
      if (why == null) {
        e.captureHead = new DefaultHttpResponse(resp.protocolVersion(), resp.status(), h.copy());
        e.capture =
            new BusyObject(
                e.captureHead,
                length,
                HttpCache.variant(HttpCache.varyNames(h), e.clientRequest.headers()),
                c.rt.inFlight);
        if (e.leader) {
          cache.publish(e.cacheKey, e.capture); // the waiters stream it as it arrives
        }
        boolean gzipped =
            length < 0
                ? settings.compression().applies(code, h)
                : settings.compression().compresses(code, h, (int) Math.min(length, 1L << 30));
        if (gzipped || Compression.originGzip(h)) {
          Compression.vary(h); // stored gzipped: hits vary on Accept-Encoding (not the copy)
        }
        if (e.backendChannel != null) {
          e.backendChannel.config().setAutoRead(true); // at the backend's speed, see body()
        }
      } else {
        release(e, !why.equals("busy"));
      }
      e.cacheStatus = "miss";
      e.forwardReason =
          e.forwardReason + "; fwd-status=" + code + (e.capture != null ? "; stored" : "");
    } else if (e.forwardReason != null) {
      e.cacheStatus = "pass";
    }
    return false;
  }

  /** A part of the backend's body: captured while it may still be stored. */
  void body(Exchange e, HttpContent content) {
    if (e.capture == null) {
      return;
    }
    ByteBuf b = content.content();
    int n = b.readableBytes();
    boolean known = e.reserved > 0 && e.reserved >= e.capture.size() + n;
    if (e.capture.size() + n > e.snap.cache().maxObjectBytes()
        || !known && !c.rt.inFlight.tryReserve(e, n)) {
      e.capture.fail();
      handOver(e);
      e.capture = null; // too large after all, or no budget: streamed through, not stored
      release(e, true);
      return;
    }
    byte[] chunk = new byte[n];
    b.getBytes(b.readerIndex(), chunk);
    e.capture.append(chunk);
  }

  /**
   * The waiters need not wait for this response: it will not be stored. With {@code hitForMiss} the
   * URL skips coalescing for a while (its answers are per request).
   */
  void release(Exchange e, boolean hitForMiss) {
    if (!e.leader) {
      return;
    }
    e.leader = false;
    if (hitForMiss) {
      cache().markHitForMiss(e.cacheKey);
    }
    cache().finish(e.cacheKey).forEach(Runnable::run);
  }

  /** The exchange ends: store what was captured and wake the requests that waited for it. */
  void finish(Exchange e, boolean ok) {
    HttpCache cache = cache();
    if (cache == null || e.snap.cache() == null) {
      return;
    }
    String method = e.clientRequest.method().name();
    if (!method.equals("GET") && !method.equals("HEAD") && e.status >= 200 && e.status < 400) {
      CacheRules.invalidateAfterUnsafe(cache, e.clientRequest, e.responseHeaders);
    }
    if (e.cacheKey == null) {
      return;
    }
    if (ok && e.capture != null) {
      HttpHeaders h = e.captureHead.headers();
      cache.put(
          e.cacheKey,
          HttpCache.varyNames(h),
          policy()
              .stored(
                  e.snap.cache().compression(),
                  e.snap.cache().maxObjectBytes(),
                  e.captureHead.status().code(),
                  h,
                  e.capture.toByteArray(),
                  e.clientRequest.headers(),
                  e.requestTime,
                  policy().now(),
                  (System.nanoTime() - e.startNanos) / 1_000_000));
      e.capture.complete();
    } else if (e.capture != null) {
      e.capture.fail();
    }
    handOver(e);
    e.capture = null;
    release(e, false);
  }

  /**
   * The capture's bytes stay counted in the in-flight budget until the last waiter streaming them
   * has written them to its client (the leader's part ends here; the busy object holds the rest).
   */
  private void handOver(Exchange e) {
    if (e.capture != null) {
      e.capture.keepCounted(e.reserved);
      e.reserved = 0;
    } else {
      c.rt.inFlight.release(e);
    }
  }
}
