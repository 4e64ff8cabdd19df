package dev.brigade.edge;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SniHandler;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One bound listener and the pipeline of its connections: PROXY header, admission, TLS chosen by
 * SNI, then HTTP/1.1 or (by ALPN) HTTP/2, each ending in a {@link ClientConnection}; or, on a
 * redirecting listener, only the redirect. Its certificates and HSTS value are swapped on reload:
 * connections open keep theirs, new handshakes get the new ones.
 */
final class ClientListener implements AutoCloseable {
  /** The longest TLS ClientHello read before the SNI is known. */
  static final int MAX_CLIENT_HELLO = 16 * 1024;

  private static final HttpDecoderConfig DECODER =
      new HttpDecoderConfig()
          .setMaxInitialLineLength(EdgeServer.MAX_LINE)
          .setMaxHeaderSize(EdgeServer.MAX_HEAD)
          .setMaxChunkSize(64 * 1024)
          .setStrictLineParsing(true)
          .setAllowDuplicateContentLengths(false)
          .setValidateHeaders(true);

  /**
   * What a listener runs with; swapped whole.
   *
   * @param listener its settings
   * @param tls its certificates, or null for plain HTTP
   */
  private record Current(Listener listener, TlsContexts tls) {}

  private final EdgeRuntime rt;
  private final Channel channel;
  private volatile Current current;

  ClientListener(EdgeRuntime rt, Listener listener, EventLoopGroup group) {
    this.rt = rt;
    this.current = new Current(listener, prepare(listener));
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(rt.transport.server())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    pipeline(ch.pipeline(), current);
                  }
                });
    this.channel = b.bind(listener.address()).syncUninterruptibly().channel();
  }

  /**
   * The TLS contexts {@code next} needs, built and checked now so that a reload can refuse a bad
   * certificate before anything changes; null for a plain listener.
   *
   * @throws IllegalArgumentException naming the file and what is wrong with it
   */
  static TlsContexts prepare(Listener next) {
    return next.tls().map(t -> TlsContexts.build(t, next.http2())).orElse(null);
  }

  /** Takes new settings (same address) and the contexts {@link #prepare} built for them. */
  void swap(Listener next, TlsContexts tls) {
    current = new Current(next, tls);
  }

  Listener listener() {
    return current.listener();
  }

  /** The certificates' names, for the log. */
  String describe() {
    Current c = current;
    String what = c.tls == null ? "http" : "https " + c.tls.names();
    return what
        + (c.listener.http2() ? (c.tls == null ? " +h2c" : " +h2") : "")
        + (c.listener.proxyProtocol() ? " +proxy-protocol" : "")
        + (c.listener.redirectToHttps() > 0 ? " redirect" : "");
  }

  InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  Channel channel() {
    return channel;
  }

  private void pipeline(ChannelPipeline p, Current c) {
    Listener l = c.listener();
    Timeouts t = rt.snapshot().timeouts();
    if (l.proxyProtocol()) {
      ProxyHeader.addTo(p, t.clientHeader());
    }
    p.addLast("admission", new ClientAdmission(rt));
    if (l.redirectToHttps() > 0) {
      // no request is held open here: a silent connection goes after the idle timeout
      p.addLast(
          "idle",
          new io.netty.handler.timeout.ReadTimeoutHandler(
              t.idle().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
      p.addLast("codec", new HttpServerCodec(DECODER));
      p.addLast("redirect", new HttpsRedirect(l.redirectToHttps()));
      return;
    }
    if (c.tls() == null) {
      if (l.http2()) {
        p.addLast(
            "h2c",
            new PriorKnowledge(
                t.clientHeader(),
                q -> Http2Front.addTo(q, rt, "", t.idle(), "http"),
                q -> http1(q, l)));
      } else {
        http1(p, l);
      }
      return;
    }
    TlsContexts tls = c.tls();
    p.addLast("tls", new SniHandler(tls.mapping(), MAX_CLIENT_HELLO, t.clientHeader().toMillis()));
    if (l.http2()) {
      p.addLast("alpn", Http2Front.negotiation(rt, l.hsts(), t.idle(), q -> http1(q, l)));
    } else {
      http1(p, l);
    }
  }

  private void http1(ChannelPipeline p, Listener l) {
    ClientConnection front = new ClientConnection(rt, l.scheme());
    p.addLast("framing", front.framing());
    p.addLast("codec", new HttpServerCodec(DECODER));
    if (!l.hsts().isEmpty()) {
      p.addLast("hsts", new HstsHeader(l.hsts()));
    }
    p.addLast("proxy", front);
  }

  /** True when {@code next} can replace this listener's settings without a new socket. */
  boolean sameSocket(Listener next) {
    return Objects.equals(next.address(), current.listener().address())
        && next.proxyProtocol() == current.listener().proxyProtocol();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }
}
