package dev.brigade.edge;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The first stage of every client connection, before TLS and HTTP: counts it and refuses it when
 * its client has {@code connections-per-client} open already. The client is the socket's peer, or
 * the source address of a PROXY protocol header ({@link ProxyHeader} fires this stage's {@code
 * channelActive} once the header is read).
 */
final class ClientAdmission extends ChannelInboundHandlerAdapter {
  /** The connection's client when a PROXY header named it; else the socket's peer is. */
  static final AttributeKey<InetSocketAddress> PEER = AttributeKey.valueOf("brigade.peer");

  private final EdgeRuntime rt;
  private InetAddress admitted;
  private boolean counted;

  ClientAdmission(EdgeRuntime rt) {
    this.rt = rt;
  }

  /**
   * The client of a connection, or of the connection an HTTP/2 stream belongs to: one place for the
   * address that the access log, the limits and the forwarding headers use.
   */
  static InetSocketAddress peerOf(Channel ch) {
    Channel conn = ch.parent() instanceof io.netty.channel.socket.SocketChannel p ? p : ch;
    InetSocketAddress given = conn.attr(PEER).get();
    return given != null ? given : (InetSocketAddress) conn.remoteAddress();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    rt.connections.increment();
    rt.openConnections.increment();
    counted = true;
    InetSocketAddress peer = peerOf(ctx.channel());
    InetAddress a = peer == null ? null : peer.getAddress();
    if (a != null && !rt.admitClient(a)) {
      rt.refusedConnections.increment();
      ctx.close(); // too many connections from this address
      return;
    }
    admitted = a;
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    release();
    ctx.fireChannelInactive();
  }

  private void release() {
    if (counted) {
      counted = false;
      rt.openConnections.decrement();
      if (admitted != null) {
        rt.releaseClient(admitted);
        admitted = null;
      }
    }
  }
}
