package dev.brigade.edge;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One active health check of one backend through the {@link UpstreamClient}, on one event loop: a
 * TCP connect of its own (no health path), or a GET of the pool's health path with the backend's
 * address as Host, on a pooled idle connection when there is one (a kept-alive connection the
 * backend closed meanwhile is retried once on a new one). It waits at most the snapshot's connect
 * and first-byte timeouts, or the pool's probe timeout when that is shorter, and is counted in the
 * backend's metrics (responses, connect errors, timeouts, bad responses) like a request.
 */
final class HealthProbe implements ProxyBackend.Receiver {
  private final UpstreamClient client;
  private final PoolConfig pool;
  private final Backend b;
  private final EventLoop loop;
  private final Timeouts timeouts;
  private final Promise<Boolean> result;
  private Channel ch;
  private boolean reused;
  private long startNanos;
  private int status;
  private ScheduledFuture<?> timer;

  HealthProbe(UpstreamClient client, PoolConfig pool, Backend b, EventLoop loop, Timeouts t) {
    this.client = client;
    this.pool = pool;
    this.b = b;
    this.loop = loop;
    this.timeouts = t;
    this.result = loop.newPromise();
  }

  Future<Boolean> start() {
    loop.execute(() -> run(false));
    return result;
  }

  private void run(boolean fresh) {
    startNanos = System.nanoTime();
    Duration connect = UpstreamClient.shorter(timeouts.connect(), pool.probeTimeout());
    if (pool.healthPath().isEmpty()) {
      client
          .connect(b, loop, connect)
          .addListener(
              f -> {
                if (f.isSuccess()) {
                  ((io.netty.channel.ChannelFuture) f).channel().close();
                } else {
                  b.metrics.connectErrors.increment();
                }
                result.trySuccess(f.isSuccess());
              });
      return;
    }
    Channel idle = fresh ? null : b.pollIdle(loop);
    if (idle != null) {
      reused = true;
      send(idle);
      return;
    }
    reused = false;
    io.netty.channel.ChannelFuture connecting = client.connect(b, loop, connect);
    connecting.addListener(
        f -> {
          if (f.isSuccess()) {
            send(connecting.channel());
          } else {
            b.metrics.connectErrors.increment();
            result.trySuccess(false);
          }
        });
  }

  private void send(Channel c) {
    ch = c;
    status = 0;
    c.pipeline().get(ProxyBackend.class).bind(this);
    c.config().setAutoRead(true);
    String host =
        b.config.address().contains(":") ? "[" + b.config.address() + "]" : b.config.address();
    FullHttpRequest req =
        new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, pool.healthPath());
    req.headers().set(HttpHeaderNames.HOST, host + ":" + b.config.port());
    req.headers().set(HttpHeaderNames.USER_AGENT, "brigade-edge health check");
    c.writeAndFlush(req)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                c.close(); // lost() follows
              }
            });
    timer =
        loop.schedule(
            () -> {
              if (ch == c) {
                b.metrics.timeouts.increment();
                end(false, false);
              }
            },
            UpstreamClient.shorter(timeouts.firstByte(), pool.probeTimeout()).toMillis(),
            TimeUnit.MILLISECONDS);
  }

  @Override
  public boolean headRequest() {
    return false;
  }

  @Override
  public void head(HttpResponse r) {
    if (r.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
      status = r.status().code();
    }
  }

  @Override
  public void body(HttpContent c) {
    boolean last = c instanceof LastHttpContent;
    ReferenceCountUtil.release(c);
    if (last && status != 0) {
      b.metrics.response(status, (System.nanoTime() - startNanos) / 1000);
      end(status == pool.expectStatus(), true);
    }
  }

  @Override
  public void lost(Channel c, String why, boolean badResponse) {
    if (c != ch) {
      return;
    }
    if (badResponse) {
      b.metrics.badResponses.increment();
    }
    if (reused && status == 0 && !badResponse) {
      // a kept-alive connection the backend closed, as backends do: once more on a new one
      cancelTimer();
      ch.pipeline().get(ProxyBackend.class).unbind();
      ch = null;
      run(true);
      return;
    }
    end(false, false);
  }

  private void end(boolean ok, boolean reusable) {
    cancelTimer();
    Channel c = ch;
    ch = null;
    if (c != null) {
      UpstreamClient.recycle(b, c, reusable);
    }
    result.trySuccess(ok);
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
