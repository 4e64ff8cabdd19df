package dev.brigade.edge;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.util.concurrent.Future;
import java.time.Duration;

/**
 * The edge's one HTTP client to its backends, shared by everything that talks to them: proxied
 * requests and background refreshes (both exchanges through {@link Upstream}) and active health
 * probes ({@link HealthProbe}). They share each backend's pooled idle connections, the pipeline
 * (codec and {@link ProxyBackend}), the snapshot's connect and first-byte timeouts, and the
 * backend's metrics.
 *
 * <p>Refreshes go through the pool's {@code max-conn} admission like any request (they are load on
 * the backend). Probes bypass it: they take no slot and never queue, since a probe that waited
 * behind a saturated backend's queue would time out and take a busy but healthy backend down,
 * moving its load onto the others.
 *
 * <pre>{@code
 * UpstreamClient client = new UpstreamClient(Transport.best());
 * client.connect(backend, loop, Duration.ofSeconds(3)).addListener(f -> ...);
 * boolean up = client.probe(pool, backend, loop, timeouts).syncUninterruptibly().getNow();
 * }</pre>
 */
final class UpstreamClient {
  /** Backend responses: generous limits, since backends are ours; garbage still fails. */
  static final HttpDecoderConfig BACKEND_DECODER =
      new HttpDecoderConfig()
          .setMaxInitialLineLength(8192)
          .setMaxHeaderSize(64 * 1024)
          .setMaxChunkSize(64 * 1024)
          .setValidateHeaders(true);

  private final Transport transport;

  UpstreamClient(Transport transport) {
    this.transport = transport;
  }

  /** A new connection to {@code b} on {@code loop}, with the backend pipeline. */
  ChannelFuture connect(Backend b, EventLoop loop, Duration timeout) {
    return new Bootstrap()
        .group(loop)
        .channel(transport.client())
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, millis(timeout))
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.AUTO_READ, true)
        .handler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                ch.pipeline().addLast("codec", new HttpClientCodec(BACKEND_DECODER, false, false));
                ch.pipeline().addLast("proxy", new ProxyBackend(b));
              }
            })
        .connect(b.config.address(), b.config.port());
  }

  /**
   * Takes back a connection after a response: into {@code b}'s idle pool when {@code ok} and the
   * connection may carry another request, else closed. Call on the connection's event loop.
   */
  static void recycle(Backend b, Channel ch, boolean ok) {
    ProxyBackend handler = ch.pipeline().get(ProxyBackend.class);
    if (handler != null) {
      handler.unbind();
    }
    if (ok && handler != null && handler.reusable()) {
      b.offerIdle(ch);
    } else {
      ch.close();
    }
  }

  /** Probes {@code b} once on {@code loop}: true when it answered as its pool expects. */
  Future<Boolean> probe(PoolConfig pool, Backend b, EventLoop loop, Timeouts timeouts) {
    return new HealthProbe(this, pool, b, loop, timeouts).start();
  }

  static Duration shorter(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  static int millis(Duration d) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
  }
}
