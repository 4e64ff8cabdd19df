package dev.brigade.edge;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;

/** The backend side of the proxy: one per backend connection, lent to one exchange at a time. */
final class ProxyBackend extends ChannelInboundHandlerAdapter {
  private final Backend backend;
  private Exchange ex;
  private Upstream front;
  private ChannelHandlerContext ctx;
  private boolean keepAlive = true;

  ProxyBackend(Backend backend) {
    this.backend = backend;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  void bind(Exchange e, Upstream f) {
    this.ex = e;
    this.front = f;
  }

  void unbind() {
    this.ex = null;
    this.front = null;
  }

  /** True when the connection may carry another request. */
  boolean reusable() {
    return keepAlive && ctx.channel().isActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Exchange e = ex;
    if (e == null) {
      // Nothing was asked on this connection: whatever the backend says is noise.
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
      ReferenceCountUtil.release(msg);
      keepAlive = false;
      front.backendLost(e, ctx.channel(), "invalid HTTP from the backend", true);
      ctx.close();
      return;
    }
    if (msg instanceof HttpResponse r) {
      if (r.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
        boolean bodyAllowed = r.status().code() != 204 && r.status().code() != 304;
        if (!HttpUtil.isKeepAlive(r)
            || bodyAllowed
                && !HttpUtil.isContentLengthSet(r)
                && !HttpUtil.isTransferEncodingChunked(r)
                && !e.clientRequest.method().name().equals("HEAD")) {
          keepAlive = false;
        }
      }
      front.responseHead(e, r);
    }
    if (msg instanceof HttpContent c) {
      front.responseBody(e, c);
    } else if (!(msg instanceof HttpResponse)) {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (front != null) {
      front.flushClient();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (front != null) {
      front.backendWritable(ctx.channel().isWritable());
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Exchange e = ex;
    if (e != null && front != null) {
      front.backendLost(e, ctx.channel(), "the backend closed the connection", false);
    }
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
