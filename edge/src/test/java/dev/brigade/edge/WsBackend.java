package dev.brigade.edge;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A WebSocket echo server on loopback for the edge's tunnel tests, on Netty's own handshaker: on
 * {@code /ws} text and binary messages come back as they went (up to 2 MiB), a ping gets its pong,
 * the text {@code close-me} makes it close (close frame, then the connection); every other path
 * answers 200 {@code plain} as ordinary HTTP, upgrade asked or not. It keeps each request's headers
 * and the peer port it came from, and counts down {@link #closed} when a WebSocket connection
 * closes.
 */
final class WsBackend implements AutoCloseable {
  static final int MAX_MESSAGE = 2 << 20;

  /** A request the backend got: its path, headers and the edge's port it came from. */
  record Seen(String uri, HttpHeaders headers, int peerPort, String body) {}

  final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
  volatile CountDownLatch closed = new CountDownLatch(1);
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel server;

  WsBackend() {
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new HttpServerCodec());
                    ch.pipeline().addLast(new HttpObjectAggregator(1 << 20));
                    ch.pipeline().addLast(new Handler());
                  }
                })
            .bind("127.0.0.1", 0)
            .syncUninterruptibly()
            .channel();
  }

  int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  private final class Handler extends SimpleChannelInboundHandler<Object> {
    private WebSocketServerHandshaker handshaker;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof FullHttpRequest req) {
        request(ctx, req);
      } else if (msg instanceof WebSocketFrame f) {
        frame(ctx, f);
      }
    }

    private void request(ChannelHandlerContext ctx, FullHttpRequest req) {
      int port = ((InetSocketAddress) ctx.channel().remoteAddress()).getPort();
      String body = req.content().toString(StandardCharsets.UTF_8);
      if (!req.uri().equals("/health")) {
        seen.add(new Seen(req.uri(), req.headers().copy(), port, body));
      }
      if (req.uri().startsWith("/ws")
          && req.headers().containsValue(HttpHeaderNames.CONNECTION, "upgrade", true)) {
        handshaker =
            new WebSocketServerHandshakerFactory(
                    "ws://127.0.0.1" + req.uri(), null, false, MAX_MESSAGE)
                .newHandshaker(req);
        if (handshaker == null) {
          WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
          return;
        }
        CountDownLatch mine = closed;
        ctx.channel().closeFuture().addListener(f -> mine.countDown());
        handshaker.handshake(ctx.channel(), req);
        ctx.pipeline()
            .addBefore(ctx.name(), "ws-aggregate", new WebSocketFrameAggregator(MAX_MESSAGE));
        return;
      }
      ByteBuf content = Unpooled.copiedBuffer("plain", StandardCharsets.UTF_8);
      DefaultFullHttpResponse r =
          new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, content);
      r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
      r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
      r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
      if (HttpUtil.isKeepAlive(req)) {
        ctx.writeAndFlush(r);
      } else {
        ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
      }
    }

    private void frame(ChannelHandlerContext ctx, WebSocketFrame f) {
      if (f instanceof CloseWebSocketFrame c) {
        handshaker.close(ctx.channel(), c.retain());
      } else if (f instanceof PingWebSocketFrame p) {
        ctx.writeAndFlush(new PongWebSocketFrame(p.content().retain()));
      } else if (f instanceof TextWebSocketFrame t && t.text().equals("close-me")) {
        ctx.writeAndFlush(new CloseWebSocketFrame(1001, "going away"))
            .addListener(ChannelFutureListener.CLOSE);
      } else if (f instanceof TextWebSocketFrame t) {
        ctx.writeAndFlush(new TextWebSocketFrame(t.content().retain()));
      } else if (f instanceof BinaryWebSocketFrame b) {
        ctx.writeAndFlush(new BinaryWebSocketFrame(b.content().retain()));
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
