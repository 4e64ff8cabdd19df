package dev.brigade.edge;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
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
  private final List<ClientListener> listeners = new ArrayList<>();
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final HealthProber prober;
  private final AdminApi admin;

  private EdgeServer(EdgeConfig config, Supplier<Optional<EdgeConfig>> reloader)
      throws IOException {
    Transport transport = Transport.best();
    AccessLog accessLog =
        config.accessLog().isPresent() ? new AccessLog(config.accessLog().get()) : null;
    this.group = transport.group(eventLoops());
    this.rt = new EdgeRuntime(config, accessLog, transport);
    this.prober = new HealthProber(rt, group);
    try {
      for (Listener l : config.listeners()) {
        listeners.add(new ClientListener(rt, l, group));
      }
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
                try {
                  reload(next.get());
                } catch (IllegalArgumentException e) {
                  return "error: " + e.getMessage();
                }
                return next.get().pools().size()
                    + " pools, "
                    + next.get().pools().stream().mapToInt(p -> p.backends().size()).sum()
                    + " backends";
              });
    } catch (RuntimeException | IOException e) {
      listeners.forEach(ClientListener::close);
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      prober.close();
      if (accessLog != null) {
        accessLog.close();
      }
      throw e;
    }
    prober.watch(rt.snapshot());
    for (ClientListener l : listeners) {
      log.info("edge {} listening on {}: {}", config.node(), l.address(), l.describe());
    }
    if (config.listeners().stream().anyMatch(l -> l.tls().isPresent())) {
      log.info("edge {} TLS by {}", config.node(), TlsContexts.providerName());
    }
    log.info("edge {} on {}, admin on {}", config.node(), transport.name(), adminAddress());
  }

  /**
   * One event loop per core (Netty's default is two), as HAProxy's nbthread and nginx's
   * worker_processes auto: more loops than cores only take turns on them, and a request whose loop
   * waits for a core waits in the tail latency. {@code -Dio.netty.eventLoopThreads=N} overrides.
   */
  static int eventLoops() {
    return Math.max(
        1,
        Integer.getInteger(
            "io.netty.eventLoopThreads", Runtime.getRuntime().availableProcessors()));
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

  /** Where clients connect: the main listener. */
  public InetSocketAddress address() {
    return listeners.getFirst().address();
  }

  /** Where the listener {@code i} (in the order of {@link EdgeConfig#listeners()}) is bound. */
  public InetSocketAddress address(int i) {
    return listeners.get(i).address();
  }

  /** Where the admin API listens. */
  public InetSocketAddress adminAddress() {
    return admin.address();
  }

  /**
   * Swaps pools, routes, certificates and HSTS without dropping client connections: open ones keep
   * what they have, new ones and new TLS handshakes get the new. Listeners are not added, removed
   * or moved (that needs a restart).
   *
   * @throws IllegalArgumentException when a certificate cannot be used; nothing changed then
   */
  public void reload(EdgeConfig config) {
    List<TlsContexts> tls = new ArrayList<>();
    for (int i = 0; i < listeners.size(); i++) {
      Listener next = i < config.listeners().size() ? config.listeners().get(i) : null;
      if (next == null || !listeners.get(i).sameSocket(next)) {
        throw new IllegalArgumentException(
            "listeners changed (" + config.listeners() + "): restart the edge to apply that");
      }
      tls.add(ClientListener.prepare(next));
    }
    if (config.listeners().size() > listeners.size()) {
      throw new IllegalArgumentException("new listeners need a restart of the edge");
    }
    EdgeRuntime.Snapshot s = rt.reload(config);
    for (int i = 0; i < listeners.size(); i++) {
      listeners.get(i).swap(config.listeners().get(i), tls.get(i));
    }
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
    listeners.getFirst().channel().closeFuture().await();
  }

  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return; // closing twice is harmless
    }
    listeners.forEach(ClientListener::close);
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
