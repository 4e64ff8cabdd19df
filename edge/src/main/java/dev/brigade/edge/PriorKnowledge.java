package dev.brigade.edge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * HTTP/2 over clear text by prior knowledge (RFC 9113 section 3.3), on a plain listener with {@code
 * h2c: true}: a connection that starts with the HTTP/2 preface ({@code PRI * HTTP/2.0...}) gets the
 * HTTP/2 pipeline, anything else the HTTP/1.1 one, decided by its first bytes (at most 24). A
 * connection that sends nothing for the client-header timeout is closed.
 */
final class PriorKnowledge extends ByteToMessageDecoder {
  private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();

  private final Consumer<ChannelPipeline> http2;
  private final Consumer<ChannelPipeline> http1;
  private final Duration timeout;
  private ScheduledFuture<?> timer;

  PriorKnowledge(
      Duration timeout, Consumer<ChannelPipeline> http2, Consumer<ChannelPipeline> http1) {
    this.timeout = timeout;
    this.http2 = http2;
    this.http1 = http1;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    timer = ctx.executor().schedule(() -> ctx.close(), timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    int n = Math.min(in.readableBytes(), PREFACE.readableBytes());
    boolean prefix = ByteBufUtil.equals(in, in.readerIndex(), PREFACE, PREFACE.readerIndex(), n);
    if (prefix && n < PREFACE.readableBytes()) {
      return; // more of the preface to come
    }
    timer.cancel(false);
    ChannelPipeline p = ctx.pipeline();
    if (prefix) {
      http2.accept(p);
    } else {
      http1.accept(p);
    }
    p.remove(this); // hands what it holds, preface and all, to the chosen pipeline
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    if (timer != null) {
      timer.cancel(false);
    }
  }
}
