package dev.brigade.edge;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.regex.Pattern;

/**
 * A plain listener's only job when {@code redirect-to-https} is set: a 301 to the same host and
 * path over HTTPS (RFC 9110 section 15.4.2), so nothing is proxied in clear text.
 */
final class HttpsRedirect extends SimpleChannelInboundHandler<HttpObject> {
  /** A host name or IP literal, without the port; anything else gets a 400, not a redirect. */
  private static final Pattern HOST =
      Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\]");

  private final int port;

  HttpsRedirect(int port) {
    this.port = port;
  }

  /** The redirect target, or null when the Host is missing or not a host name. */
  static String location(String hostHeader, String uri, int port) {
    if (hostHeader == null) {
      return null;
    }
    String host = hostHeader.strip();
    int colon = host.lastIndexOf(':');
    if (colon > 0 && host.indexOf(']') < colon) {
      host = host.substring(0, colon);
    }
    if (!HOST.matcher(host).matches() || !uri.startsWith("/")) {
      return null;
    }
    return "https://" + host + (port == 443 ? "" : ":" + port) + uri;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
    if (!(msg instanceof HttpRequest req)) {
      return; // a body is read and dropped
    }
    String to =
        req.decoderResult().isSuccess()
            ? location(req.headers().get(HttpHeaderNames.HOST), req.uri(), port)
            : null;
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            to == null ? HttpResponseStatus.BAD_REQUEST : HttpResponseStatus.MOVED_PERMANENTLY);
    if (to != null) {
      r.headers().set(HttpHeaderNames.LOCATION, to);
    }
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
    boolean keepAlive =
        to != null && HttpUtil.isKeepAlive(req) && !HttpUtil.is100ContinueExpected(req);
    if (!keepAlive
        || HttpUtil.isTransferEncodingChunked(req)
        || HttpUtil.getContentLength(req, 0) > 0) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.writeAndFlush(r);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
