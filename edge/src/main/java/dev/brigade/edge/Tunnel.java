package dev.brigade.edge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * A client connection and its backend connection after the backend answered an upgrade request
 * ({@link UpgradeRequest}) with {@code 101 Switching Protocols}: the 101 goes to the client, the
 * HTTP codecs leave both pipelines, and bytes are relayed both ways as they come, each direction
 * read only while the other side can take more (autoRead follows writability). When one side ends
 * its input the other's output is shut (half-close) where the transport allows it, else closed; a
 * side that closes closes the other; {@code edge.timeouts.tunnel-idle} without a byte either way
 * closes both. The tunnel holds no backend slot, no pool connection and no in-flight budget; the
 * client connection stays counted against {@code connections-per-client} until it closes.
 *
 * <p>Known limit of the half-close on epoll (Netty 4.2.18): a channel whose input ended and that
 * has nothing to wait for leaves the epoll set while Netty still takes it for registered; when a
 * later write to it must wait for the socket, Netty fails it and shuts that output, and the tunnel
 * closes with what went through. Bytes back after a half-close go through while the socket takes
 * them (TunnelTest); a large answer to a half-closed, slow reader may be cut.
 */
final class Tunnel {
  private final Tunnels metrics;
  private final Channel client;
  private final Channel backend;
  private boolean closed;

  /**
   * False while the pipelines are being switched: what either side reads then (a codec's leftover
   * bytes, handed on as it leaves) waits in {@link Side#early} until both codecs are gone.
   */
  private boolean ready;

  private Tunnel(Tunnels metrics, Channel client, Channel backend) {
    this.metrics = metrics;
    this.client = client;
    this.backend = backend;
  }

  /**
   * The backend answered {@code e} with a 101: a tunnel when {@code e} asked for that protocol and
   * its client is still there, else a bad response (the backend connection is dropped).
   */
  static void open(ClientConnection c, Upstream up, Exchange e, HttpResponse resp) {
    Channel backend = e.backendChannel;
    String chosen = resp.headers().get(HttpHeaderNames.UPGRADE);
    if (e.upgrade == null
        || e.detached()
        || !UpgradeRequest.accepted(e.upgrade, chosen)
        || !c.ctx.channel().isActive()) {
      up.backendLost(e, backend, "a 101 to a request that did not ask for it", true);
      backend.close();
      return;
    }
    Channel client = c.ctx.channel();
    e.cancelTimer();
    e.status = 101;
    e.to(Exchange.State.RESPONDING);
    e.to(Exchange.State.DONE);
    long micros = (System.nanoTime() - e.startNanos) / 1000;
    e.backend.passiveSuccess();
    e.backend.metrics.response(101, micros);
    e.pool.metrics.response(101, micros);
    BackendAdmission.freeSlot(e.backend, e.pool); // a long tunnel does not hold a request's slot
    e.lastBackend = e.backend;
    e.backend = null;
    e.backendChannel = null;
    HttpHeaders h = resp.headers().copy();
    ForwardHeaders.removeHopByHop(h);
    h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    h.set(HttpHeaderNames.UPGRADE, chosen.strip());
    h.add(HttpHeaderNames.VIA, ForwardHeaders.VIA);
    c.log(e, 101);

    Tunnel t = new Tunnel(c.rt.tunnels, client, backend);
    RequestFraming framing = client.pipeline().get(RequestFraming.class);
    ByteBuf early = framing == null ? null : framing.takeHeld();
    // The relay's ends first; a codec that leaves hands on the bytes it had, which wait until
    // both codecs are gone (through an HTTP encoder they would fail).
    backend.pipeline().replace(ProxyBackend.class, "tunnel", t.new Side(false));
    client.pipeline().replace(ClientConnection.class, "tunnel", t.new Side(true));
    backend.pipeline().remove("codec");
    client
        .writeAndFlush(
            new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.SWITCHING_PROTOCOLS,
                Unpooled.EMPTY_BUFFER,
                h,
                EmptyHttpHeaders.INSTANCE))
        .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    client.pipeline().remove("codec");
    if (client.pipeline().get("hsts") != null) {
      client.pipeline().remove("hsts");
    }
    if (framing != null) {
      client.pipeline().remove(framing);
    }
    long idle = e.snap.timeouts().tunnelIdle().toMillis();
    client
        .pipeline()
        .addBefore(
            "tunnel", "tunnel-idle", new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS));
    halfClosable(client);
    halfClosable(backend);
    c.rt.tunnels.opened.increment();
    c.rt.tunnels.open.increment();
    Side fromClient = client.pipeline().get(Side.class);
    if (early != null) {
      fromClient.early.addFirst(early); // read before the 101, ahead of anything since
    }
    t.ready = true;
    fromClient.relayEarly();
    backend.pipeline().get(Side.class).relayEarly();
    client.config().setAutoRead(backend.isWritable());
    backend.config().setAutoRead(client.isWritable());
    if (!backend.isActive()) {
      t.close();
    }
  }

  private static void halfClosable(Channel ch) {
    if (ch instanceof DuplexChannel && ch.pipeline().get(SslHandler.class) == null) {
      ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    }
  }

  /** Both connections close (once; the gauge counts it once). */
  private void close() {
    if (!closed) {
      closed = true;
      metrics.open.decrement();
    }
    flushAndClose(client);
    flushAndClose(backend);
  }

  private static void flushAndClose(Channel ch) {
    if (ch.isActive()) {
      ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    } else {
      ch.close();
    }
  }

  /** One end of the relay: what its channel reads goes to the other's. */
  private final class Side extends ChannelInboundHandlerAdapter {
    private final boolean fromClient;
    private boolean inputEnded;
    private final java.util.ArrayDeque<ByteBuf> early = new java.util.ArrayDeque<>(2);

    Side(boolean fromClient) {
      this.fromClient = fromClient;
    }

    private Channel peer() {
      return fromClient ? backend : client;
    }

    private Side peerSide() {
      return peer().pipeline().get(Side.class);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf b;
      if (msg instanceof ByteBuf buf) {
        b = buf;
      } else if (msg instanceof HttpContent content) {
        b = content.content(); // the decoder's end of the 101 (empty), before it left
      } else {
        ReferenceCountUtil.release(msg);
        return;
      }
      if (!ready && b.isReadable()) {
        early.add(b);
        return;
      }
      if (relay(b)) {
        ctx.channel().config().setAutoRead(false); // on again when the peer drained
      }
    }

    /** Writes {@code b} to the peer (or drops it, closed); true when the peer is full. */
    private boolean relay(ByteBuf b) {
      int n = b.readableBytes();
      Channel peer = peer();
      if (n == 0 || closed || !peer.isActive()) {
        b.release();
        return false;
      }
      (fromClient ? metrics.bytesToBackend : metrics.bytesToClient).add(n);
      peer.write(b, peer.voidPromise());
      return !peer.isWritable();
    }

    /** The bytes read while the pipelines were switched, now both codecs are gone. */
    void relayEarly() {
      boolean any = !early.isEmpty();
      while (!early.isEmpty()) {
        relay(early.poll());
      }
      if (any) {
        peer().flush();
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      peer().flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      Channel peer = peer();
      if (!closed && peer.isActive()) {
        peer.config().setAutoRead(ctx.channel().isWritable());
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof IdleStateEvent) {
        metrics.idleClosed.increment();
        close();
      } else if (evt instanceof ChannelInputShutdownEvent) {
        inputEnded = true;
        Side other = peerSide();
        Channel peer = peer();
        if (other != null && other.inputEnded || !(peer instanceof DuplexChannel d)) {
          close();
        } else if (peer.pipeline().get(SslHandler.class) != null) {
          close(); // TLS has no half-close of its own here
        } else {
          peer.writeAndFlush(Unpooled.EMPTY_BUFFER)
              .addListener(
                  f -> d.shutdownOutput().addListener(ChannelFutureListener.CLOSE_ON_FAILURE));
        }
      } else {
        ctx.fireUserEventTriggered(evt);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      close();
    }
  }
}
