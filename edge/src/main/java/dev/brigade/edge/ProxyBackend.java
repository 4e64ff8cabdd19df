package dev.brigade.edge;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;

/**
 * The backend side of {@link UpstreamClient}: one per backend connection, lent to one {@link
 * Receiver} at a time (an exchange's {@link Upstream}, or a health probe).
 */
final class ProxyBackend extends ChannelInboundHandlerAdapter {
  /** Who gets what the backend sends for the request in progress on the connection. */
  interface Receiver {
    /** True when the request sent was a HEAD (its response has no body, whatever it says). */
    boolean headRequest();

    void head(HttpResponse r);

    void body(HttpContent c);

    /** The connection's read ended: what was passed on may be flushed. */
    default void readComplete() {}

    /** The backend can take more of the request body, or cannot. */
    default void writable(boolean writable) {}

    /** The connection closed or broke before the response was complete. */
    void lost(Channel ch, String why, boolean badResponse);
  }

  private final Backend backend;
  private Receiver receiver;
  private ChannelHandlerContext ctx;
  private boolean keepAlive = true;

  /** The backend timeouts of the exchange in progress ({@link BackendTimers}). */
  Deadline timer;

  ProxyBackend(Backend backend) {
    this.backend = backend;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.timer = new Deadline(ctx.executor());
  }

  void bind(Receiver r) {
    this.receiver = r;
  }

  void unbind() {
    this.receiver = null;
  }

  /** True when the connection may carry another request. */
  boolean reusable() {
    return keepAlive && ctx.channel().isActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Receiver r = receiver;
    if (r == null) {
      // Nothing was asked on this connection: whatever the backend says is noise.
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
      ReferenceCountUtil.release(msg);
      keepAlive = false;
      r.lost(ctx.channel(), "invalid HTTP from the backend", true);
      ctx.close();
      return;
    }
    if (msg instanceof HttpResponse resp) {
      if (resp.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
        boolean bodyAllowed = resp.status().code() != 204 && resp.status().code() != 304;
        if (!HttpUtil.isKeepAlive(resp)
            || bodyAllowed
                && !HttpUtil.isContentLengthSet(resp)
                && !HttpUtil.isTransferEncodingChunked(resp)
                && !r.headRequest()) {
          keepAlive = false;
        }
      }
      r.head(resp);
    }
    if (msg instanceof HttpContent c) {
      if (receiver == r) {
        r.body(c);
      } else {
        ReferenceCountUtil.release(c); // the head ended the receiver's interest
      }
    } else if (!(msg instanceof HttpResponse)) {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    Receiver r = receiver;
    if (r != null) {
      r.readComplete();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Receiver r = receiver;
    if (r != null) {
      r.writable(ctx.channel().isWritable());
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Receiver r = receiver;
    if (r != null) {
      r.lost(ctx.channel(), "the backend closed the connection", false);
    }
    timer.close();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    keepAlive = false;
    ctx.close();
  }

  @Override
  public String toString() {
    return "ProxyBackend[" + backend.id() + "]";
  }
}
