package dev.brigade.edge;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * HTTP/2 to clients (RFC 9113), chosen by ALPN {@code h2}: one connection's frames are decoded by
 * Netty's frame codec, and every stream becomes a child channel that carries HTTP/1.1-shaped
 * messages into its own {@link ClientConnection}, so a stream takes the same guard, routes, cache
 * and backends as an HTTP/1.1 request. The limits are nginx's, and the known attack shapes are
 * refused with GOAWAY.
 */
final class Http2Front {
  /** Streams one client may have open at once (nginx's {@code http2_max_concurrent_streams}). */
  static final int MAX_CONCURRENT_STREAMS = 128;

  /** The largest decoded header list (HPACK bombs, CONTINUATION floods stop here). */
  static final int MAX_HEADER_LIST = EdgeServer.MAX_HEAD;

  /**
   * RST_STREAMs a client may send per window before GOAWAY: the rapid reset attack (CVE-2023-44487)
   * opens and cancels streams faster than a server can start their work.
   */
  static final int MAX_RESETS = 200;

  static final int RESET_WINDOW_SECONDS = 30;

  /** SETTINGS and PING acknowledgements queued before the connection is closed (floods). */
  static final int MAX_QUEUED_CONTROL_FRAMES = 1000;

  /** CONTINUATION frames with little in them, in a row, before GOAWAY. */
  static final int MAX_SMALL_CONTINUATIONS = 16;

  /** Flushes held back while a read batch runs before one goes out anyway (Netty's default). */
  static final int FLUSHES_PER_BATCH = 256;

  private Http2Front() {}

  /**
   * The ALPN stage: {@code h2} gets the HTTP/2 pipeline, anything else ({@code http/1.1}, or no
   * ALPN at all) the HTTP/1.1 one that {@code http1} adds.
   */
  static ApplicationProtocolNegotiationHandler negotiation(
      EdgeRuntime rt, String hsts, Duration idle, Consumer<ChannelPipeline> http1) {
    return new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
      @Override
      protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
          addTo(ctx.pipeline(), rt, hsts, idle, "https");
        } else {
          http1.accept(ctx.pipeline());
        }
      }
    };
  }

  /** The HTTP/2 stages of one connection; {@code scheme} is https, or http for h2c. */
  static void addTo(ChannelPipeline p, EdgeRuntime rt, String hsts, Duration idle, String scheme) {
    Http2Settings settings =
        Http2Settings.defaultSettings()
            .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
            .maxHeaderListSize(MAX_HEADER_LIST); // a server sends no ENABLE_PUSH (RFC 9113 6.5.2)
    Http2FrameCodec codec =
        Http2FrameCodecBuilder.forServer()
            .initialSettings(settings)
            .validateHeaders(true)
            .decoderEnforceMaxRstFramesPerWindow(MAX_RESETS, RESET_WINDOW_SECONDS)
            .encoderEnforceMaxQueuedControlFrames(MAX_QUEUED_CONTROL_FRAMES)
            .decoderEnforceMaxSmallContinuationFrames(MAX_SMALL_CONTINUATIONS)
            .build();
    // one write (and over TLS one SSL_write) per read batch, not per stream: every stream's
    // response flushes, and 64 streams answered from one read would be 64 records and syscalls
    p.addLast("h2-flush", new FlushConsolidationHandler(FLUSHES_PER_BATCH, true));
    p.addLast("h2", codec);
    // a flooder that reads nothing would hold its GOAWAY, and so its connection, forever
    p.addLast("h2-goaway-close", new GoAwayClose(codec.connection()));
    p.addLast("h2-control-frames", new ControlFrameGuard(System::nanoTime));
    // a connection without streams for edge.timeouts.idle is closed, as an idle HTTP/1.1 one is
    p.addLast("h2-idle", new IdleStateHandler(0, 0, idle.toMillis(), TimeUnit.MILLISECONDS));
    p.addLast("h2-idle-close", new IdleClose());
    p.addLast(
        "h2-streams",
        new Http2MultiplexHandler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel stream) {
                ChannelPipeline sp = stream.pipeline();
                sp.addLast("h2-http", new Http2StreamFrameToHttpObjectCodec(true, true));
                sp.addLast("h2-request", new StreamRequest());
                if (!hsts.isEmpty()) {
                  sp.addLast("hsts", new HstsHeader(hsts));
                }
                sp.addLast("proxy", new ClientConnection(rt, scheme));
              }
            }));
  }

  /**
   * Shapes a stream's request as the HTTP/1.1 path expects it: a head, then its body parts (a
   * request without a body arrives whole), without the codec's own {@code x-http2-*} fields.
   */
  static final class StreamRequest extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest req) {
        for (HttpConversionUtil.ExtensionHeaderNames n :
            HttpConversionUtil.ExtensionHeaderNames.values()) {
          req.headers().remove(n.text());
        }
      }
      if (msg instanceof FullHttpRequest full) {
        HttpRequest head =
            new DefaultHttpRequest(
                full.protocolVersion(), full.method(), full.uri(), full.headers());
        head.setDecoderResult(full.decoderResult());
        ctx.fireChannelRead(head);
        DefaultLastHttpContent last =
            new DefaultLastHttpContent(full.content(), full.trailingHeaders());
        ctx.fireChannelRead(last);
        return;
      }
      ctx.fireChannelRead(msg);
    }
  }

  /** Closes an HTTP/2 connection that had no frames for the idle timeout (GOAWAY first). */
  private static final class IdleClose extends ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof IdleStateEvent) {
        ctx.close();
        return;
      }
      ctx.fireUserEventTriggered(evt);
    }
  }
}
