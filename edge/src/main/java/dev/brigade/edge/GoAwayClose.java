package dev.brigade.edge;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Error;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Stops reading an HTTP/2 connection the edge sent a GOAWAY for an error, and closes it soon after.
 * Netty closes such a connection only once the GOAWAY is written, and until then goes on reading
 * and even proxies new streams; a flooding client that reads nothing (SETTINGS or PING floods,
 * whose acknowledgements fill the socket) would keep it open, served, forever. nginx closes these
 * at once; this gives the GOAWAY {@link #GRACE} to leave first. A graceful GOAWAY (NO_ERROR: idle,
 * shutdown) is left to Netty's own close.
 */
final class GoAwayClose extends ChannelInboundHandlerAdapter {
  /** How long a GOAWAY for an error may take to leave before the connection is closed. */
  static final Duration GRACE = Duration.ofSeconds(1);

  private ChannelHandlerContext ctx;

  /** Listens to {@code connection} (the frame codec's) for the GOAWAYs it sends. */
  GoAwayClose(Http2Connection connection) {
    connection.addListener(
        new Http2ConnectionAdapter() {
          @Override
          public void onGoAwaySent(int lastStreamId, long errorCode, ByteBuf debugData) {
            if (errorCode != Http2Error.NO_ERROR.code() && ctx != null) {
              ChannelHandlerContext c = ctx;
              // no frame read after it is handled: Netty would take new streams until the GOAWAY
              // has left, and a flooder's never leaves
              c.channel().config().setAutoRead(false);
              c.executor()
                  .schedule(
                      () -> {
                        if (c.channel().isOpen()) {
                          c.channel().close();
                        }
                      },
                      GRACE.toMillis(),
                      TimeUnit.MILLISECONDS);
            }
          }
        });
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }
}
