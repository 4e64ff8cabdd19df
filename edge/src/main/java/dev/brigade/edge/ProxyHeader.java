package dev.brigade.edge;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The PROXY protocol (v1 text or v2 binary, HAProxy's spec) on a listener behind another balancer:
 * the connection's first bytes name the real client, which becomes the connection's peer ({@link
 * ClientAdmission#PEER}). Nothing else runs until the header arrived: {@code channelActive} is held
 * back and fired then. A connection without a valid header in time is closed.
 */
final class ProxyHeader extends ChannelInboundHandlerAdapter {
  private final Duration timeout;
  private ScheduledFuture<?> timer;

  ProxyHeader(Duration timeout) {
    this.timeout = timeout;
  }

  /** The decoder (it removes itself after the header) followed by this stage. */
  static void addTo(io.netty.channel.ChannelPipeline p, Duration timeout) {
    p.addLast("proxy-protocol", new HAProxyMessageDecoder());
    p.addLast("proxy-header", new ProxyHeader(timeout));
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    Runnable close = ctx::close;
    timer = ctx.executor().schedule(close, timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof HAProxyMessage m)) {
      ReferenceCountUtil.release(msg); // the decoder passes nothing before the header
      ctx.close();
      return;
    }
    try {
      if (m.command() == HAProxyCommand.PROXY && m.sourceAddress() != null) {
        // LOCAL (a balancer's own health check) keeps the socket's peer
        ctx.channel()
            .attr(ClientAdmission.PEER)
            .set(new InetSocketAddress(m.sourceAddress(), m.sourcePort()));
      }
    } catch (IllegalArgumentException e) {
      ctx.close();
      return;
    } finally {
      m.release();
    }
    if (timer != null) {
      timer.cancel(false);
    }
    ctx.pipeline().remove(this);
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (timer != null) {
      timer.cancel(false);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // HAProxyProtocolException: not a PROXY header
  }
}
