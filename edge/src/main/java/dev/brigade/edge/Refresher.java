package dev.brigade.edge;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Background refreshes of stored responses (grace, stale-while-revalidate, early refresh): one
 * conditional request per URL at a time, on the edge's own event loops, while clients get the
 * stored copy. A 304 updates the stored headers (RFC 9111 section 4.3.4).
 */
final class Refresher {
  final LongAdder refreshes = new LongAdder();
  private final HttpCache cache;
  private final CachePolicy policy;
  private final EventLoopGroup group;
  private final Transport transport;

  Refresher(HttpCache cache, CachePolicy policy, EventLoopGroup group, Transport transport) {
    this.cache = cache;
    this.policy = policy;
    this.group = group;
    this.transport = transport;
  }

  /** Starts a refresh of {@code key} unless one is already running. */
  void refresh(BackendPool pool, String key, StoredResponse stored, Duration timeout) {
    if (cache.joinOrLead(key) != null) {
      return;
    }
    Backend b = pool.choose("", null, List.of());
    if (b == null) {
      done(key);
      return;
    }
    String uri = key.substring(key.indexOf(' ') + 1);
    FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
    HttpHeaders h = req.headers();
    h.set(stored.requestHeaders());
    ForwardHeaders.removeHopByHop(h);
    h.remove(HttpHeaderNames.IF_NONE_MATCH);
    h.remove(HttpHeaderNames.IF_MODIFIED_SINCE);
    h.remove(HttpHeaderNames.CONTENT_LENGTH);
    h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    if (stored.etag() != null) {
      h.set(HttpHeaderNames.IF_NONE_MATCH, stored.etag());
    } else if (stored.headers().contains(HttpHeaderNames.LAST_MODIFIED)) {
      h.set(HttpHeaderNames.IF_MODIFIED_SINCE, stored.headers().get(HttpHeaderNames.LAST_MODIFIED));
    }
    Instant sent = policy.now();
    long start = System.nanoTime();
    Bootstrap boot =
        new Bootstrap()
            .group(group)
            .channel(transport.client())
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(new ReadTimeoutHandler(timeout.toMillis(), TimeUnit.MILLISECONDS));
                    ch.pipeline().addLast(new HttpClientCodec());
                    ch.pipeline()
                        .addLast(
                            new HttpObjectAggregator(
                                (int)
                                    Math.min(Integer.MAX_VALUE, cache.settings.maxObjectBytes())));
                    ch.pipeline()
                        .addLast(
                            new SimpleChannelInboundHandler<FullHttpResponse>() {
                              @Override
                              protected void channelRead0(
                                  ChannelHandlerContext ctx, FullHttpResponse resp) {
                                store(
                                    key,
                                    stored,
                                    resp,
                                    sent,
                                    (System.nanoTime() - start) / 1_000_000);
                                ctx.close();
                              }

                              @Override
                              public void exceptionCaught(
                                  ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close();
                              }
                            });
                  }
                });
    boot.connect(b.config.address(), b.config.port())
        .addListener(
            (ChannelFutureListener)
                f -> {
                  if (!f.isSuccess()) {
                    b.passiveFailure("refresh: could not connect");
                    done(key);
                    return;
                  }
                  f.channel().closeFuture().addListener(c -> done(key));
                  f.channel().writeAndFlush(req);
                });
  }

  private void store(
      String key, StoredResponse stored, FullHttpResponse resp, Instant sent, long took) {
    if (resp.decoderResult().isFailure() || resp.status().code() >= 500) {
      return; // a failed refresh keeps the stale copy: it may stand in for errors (RFC 5861 4)
    }
    refreshes.increment();
    Instant received = policy.now();
    HttpHeaders headers = resp.headers().copy();
    ForwardHeaders.removeHopByHop(headers);
    int status = resp.status().code();
    if (status == 304) {
      StoredResponse r =
          policy.freshened(stored, headers, stored.requestHeaders(), sent, received, took);
      FullHttpRequest asked =
          new DefaultFullHttpRequest(
              HttpVersion.HTTP_1_1, HttpMethod.GET, key.substring(key.indexOf(' ') + 1));
      asked.headers().set(stored.requestHeaders());
      if (CachePolicy.storable(asked, r.status(), r.headers(), cache.settings.storeSetCookie())
          == null) {
        cache.put(key, HttpCache.varyNames(r.headers()), r);
      } else {
        cache.invalidate(key); // the 304 says: no longer storable (no-store, private)
      }
      asked.release();
      return;
    }
    String uri = key.substring(key.indexOf(' ') + 1);
    FullHttpRequest asked = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
    asked.headers().set(stored.requestHeaders());
    if (Freshness.notStorable(asked, status, headers, cache.settings.storeSetCookie()) == null) {
      cache.put(
          key,
          HttpCache.varyNames(headers),
          policy.stored(
              status,
              headers,
              ByteBufUtil.getBytes(resp.content()),
              stored.requestHeaders(),
              sent,
              received,
              took));
    } else {
      // A valid answer that may not be stored (now private, gone, ...) replaces the old copy.
      cache.invalidate(key);
    }
    asked.release();
  }

  private void done(String key) {
    cache.finish(key).forEach(Runnable::run);
  }
}
