package dev.brigade.edge;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** Netty's native epoll transport where it is available (Linux x86_64), else NIO. */
record Transport(
    String name,
    Class<? extends ServerSocketChannel> server,
    Class<? extends SocketChannel> client) {

  static Transport best() {
    return Epoll.isAvailable()
        ? new Transport("epoll", EpollServerSocketChannel.class, EpollSocketChannel.class)
        : new Transport("nio", NioServerSocketChannel.class, NioSocketChannel.class);
  }

  EventLoopGroup group(int threads) {
    return new MultiThreadIoEventLoopGroup(
        threads, name.equals("epoll") ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  }
}
