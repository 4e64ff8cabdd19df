package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An HTTP/2 connection flushes once per read batch: the consolidation stage sits between TLS and
 * the frame codec, so the streams answered from one read leave in one write.
 */
class Http2FlushTest {
  @Test
  void consolidationSitsAheadOfTheFrameCodec() {
    EmbeddedChannel ch = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    Http2Front.addTo(ch.pipeline(), null, "", Duration.ofSeconds(60), "https");
    List<String> names = ch.pipeline().names();
    assertThat(ch.pipeline().get("h2-flush")).isInstanceOf(FlushConsolidationHandler.class);
    assertThat(names.indexOf("h2-flush")).isLessThan(names.indexOf("h2"));
    ch.finishAndReleaseAll();
  }

  @Test
  void flushesDuringOneReadLeaveAsOne() {
    EmbeddedChannel ch = new EmbeddedChannel();
    int[] flushes = {0};
    ch.pipeline()
        .addLast(
            new io.netty.channel.ChannelOutboundHandlerAdapter() {
              @Override
              public void flush(ChannelHandlerContext ctx) {
                flushes[0]++;
                ctx.flush();
              }
            });
    ch.pipeline().addLast(new FlushConsolidationHandler(Http2Front.FLUSHES_PER_BATCH, true));
    ch.pipeline()
        .addLast(
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                for (int i = 0; i < 64; i++) {
                  ctx.writeAndFlush(i);
                }
              }
            });
    ch.pipeline().fireChannelRead("batch").fireChannelReadComplete();
    assertThat(flushes[0]).isEqualTo(1);
    assertThat(ch.outboundMessages()).hasSize(64);
    ch.finishAndReleaseAll();
  }
}
