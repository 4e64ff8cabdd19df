package dev.brigade.edge;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Adds {@code Strict-Transport-Security} (RFC 6797 section 6.1) to every response a TLS listener
 * sends, whatever stage wrote it: cache hits, backend responses and the edge's own error pages.
 */
@ChannelHandler.Sharable
final class HstsHeader extends ChannelOutboundHandlerAdapter {
  private final String value;

  HstsHeader(String value) {
    this.value = value;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse r && r.status().code() >= 200) {
      r.headers().set("Strict-Transport-Security", value);
    }
    ctx.write(msg, promise);
  }
}
