package dev.brigade.edge;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Refuses SETTINGS and PING floods (CVE-2019-9512, CVE-2019-9515) by their rate, whether or not the
 * client reads the acknowledgements: more than {@link #MAX_CONTROL_FRAMES} of them in {@link
 * #WINDOW_SECONDS} get GOAWAY ENHANCE_YOUR_CALM and the connection closed. (Netty's queue limit,
 * {@code encoderEnforceMaxQueuedControlFrames}, stops only a client that does not read.) A browser
 * sends one SETTINGS and a few PINGs a minute.
 */
final class ControlFrameGuard extends ChannelInboundHandlerAdapter {
  static final int MAX_CONTROL_FRAMES = 1000;
  static final int WINDOW_SECONDS = 10;

  private final FrameBudget budget =
      new FrameBudget(MAX_CONTROL_FRAMES, TimeUnit.SECONDS.toNanos(WINDOW_SECONDS));
  private final LongSupplier clock;
  private boolean refused;

  ControlFrameGuard(LongSupplier clock) {
    this.clock = clock;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    boolean control =
        msg instanceof Http2SettingsFrame || msg instanceof Http2PingFrame p && !p.ack();
    if (control && (refused || !budget.take(clock.getAsLong()))) {
      ReferenceCountUtil.release(msg);
      if (!refused) {
        refused = true;
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.ENHANCE_YOUR_CALM))
            .addListener(ChannelFutureListener.CLOSE);
      }
      return;
    }
    ctx.fireChannelRead(msg);
  }
}
