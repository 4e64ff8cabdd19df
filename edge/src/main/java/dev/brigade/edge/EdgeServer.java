package dev.brigade.edge;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running edge node: the reverse proxy and load balancer in front of the application servers,
 * with active health checks and an admin API. "Reverse proxy caches can automatically use only
 * functional application servers" (the seed).
 *
 * <pre>{@code
 * Cluster cluster = ClusterLoader.load(Path.of("brigade.yml"));
 * try (EdgeServer edge = EdgeServer.start(EdgeConfig.from(cluster, "edge1"))) {
 *   System.out.println("listening on " + edge.address());
 *   edge.awaitClose();
 * }
 * }</pre>
 */
public final class EdgeServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EdgeServer.class);

  /** Longest request line, and largest request head, accepted. */
  static final int MAX_LINE = 8192;

  static final int MAX_HEAD = 32 * 1024;

  private final EdgeRuntime rt;
  private final EventLoopGroup group;
  private final Channel listener;
  private final HealthProber prober;
  private final AdminApi admin;

  private EdgeServer(EdgeConfig config, Supplier<Optional<EdgeConfig>> reloader)
      throws IOException {
    Transport transport = Transport.best();
    AccessLog accessLog =
        config.accessLog().isPresent() ? new AccessLog(config.accessLog().get()) : null;
    this.group = transport.group(0);
    this.rt = new EdgeRuntime(config, accessLog, transport);
    this.prober = new HealthProber(rt, group);
    try {
      HttpDecoderConfig decoder =
          new HttpDecoderConfig()
              .setMaxInitialLineLength(MAX_LINE)
              .setMaxHeaderSize(MAX_HEAD)
              .setMaxChunkSize(64 * 1024)
              .setStrictLineParsing(true)
              .setAllowDuplicateContentLengths(false)
              .setValidateHeaders(true);
      ServerBootstrap b =
          new ServerBootstrap()
              .group(group)
              .channel(transport.server())
              .option(ChannelOption.SO_BACKLOG, 1024)
              .option(ChannelOption.SO_REUSEADDR, true)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childHandler(
                  new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                      ClientConnection front = new ClientConnection(rt);
                      ch.pipeline().addLast("framing", front.framing());
                      ch.pipeline().addLast("codec", new HttpServerCodec(decoder));
                      ch.pipeline().addLast("proxy", front);
                    }
                  });
      this.listener = b.bind(config.listen()).syncUninterruptibly().channel();
      this.admin =
          new AdminApi(
              rt,
              config.admin(),
              config.adminToken(),
              () -> {
                Optional<EdgeConfig> next;
                try {
                  next = reloader.get();
                } catch (RuntimeException e) {
                  return "error: " + e.getMessage();
                }
                if (next.isEmpty()) {
                  return "error: reloading is not available";
                }
                reload(next.get());
                return next.get().pools().size()
                    + " pools, "
                    + next.get().pools().stream().mapToInt(p -> p.backends().size()).sum()
                    + " backends";
              });
    } catch (RuntimeException | IOException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      prober.close();
      if (accessLog != null) {
        accessLog.close();
      }
      throw e;
    }
    prober.watch(rt.snapshot());
    log.info(
        "edge {} listening on {} ({}), admin on {}",
        config.node(),
        address(),
        transport.name(),
        adminAddress());
  }

  /** Starts an edge that cannot reload. */
  public static EdgeServer start(EdgeConfig config) {
    return start(config, Optional::empty);
  }

  /**
   * Starts an edge; {@code reloader} re-reads the model when the admin API asks for a reload (it
   * throws with a message when the new model is invalid, and the old one stays in force).
   */
  public static EdgeServer start(EdgeConfig config, Supplier<Optional<EdgeConfig>> reloader) {
    try {
      return new EdgeServer(config, reloader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the edge: " + e.getMessage(), e);
    }
  }

  /** Where clients connect. */
  public InetSocketAddress address() {
    return (InetSocketAddress) listener.localAddress();
  }

  /** Where the admin API listens. */
  public InetSocketAddress adminAddress() {
    return admin.address();
  }

  /** Swaps pools and routes without dropping client connections. */
  public void reload(EdgeConfig config) {
    EdgeRuntime.Snapshot s = rt.reload(config);
    prober.watch(s);
    log.info("edge reloaded: {} pools", s.pools().size());
  }

  /** The state of one backend, or empty. */
  public Optional<BackendState> state(String pool, String backendId) {
    return Optional.ofNullable(rt.snapshot().pools().get(pool))
        .flatMap(p -> p.backend(backendId))
        .map(Backend::state);
  }

  /** Sets an operator state (DRAIN, MAINT, or UP to clear), as the admin API does. */
  public void setState(String pool, String backendId, BackendState state) {
    rt.snapshot().pools().get(pool).backend(backendId).orElseThrow().setOperatorState(state);
  }

  /** Probes every backend once, now (tests and start-up). */
  public void probeAll() {
    for (BackendPool p : rt.snapshot().pools().values()) {
      for (Backend b : p.all()) {
        prober.probe(p.config, b);
      }
    }
  }

  /** The metrics in Prometheus text format. */
  public String metrics() {
    return MetricsText.prometheus(rt);
  }

  /** Blocks until the listener closes. */
  public void awaitClose() throws InterruptedException {
    listener.closeFuture().await();
  }

  @Override
  public void close() {
    listener.close().syncUninterruptibly();
    admin.close();
    prober.close();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    for (BackendPool p : rt.snapshot().pools().values()) {
      p.all().forEach(Backend::closeIdle);
    }
    if (rt.accessLog != null) {
      rt.accessLog.close();
    }
  }
}
