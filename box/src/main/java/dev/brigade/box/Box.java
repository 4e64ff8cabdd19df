package dev.brigade.box;

import dev.brigade.box.store.BoxStore;
import dev.brigade.box.web.BoxContext;
import dev.brigade.box.web.Dashboards;
import dev.brigade.metrics.MetricsEngine;
import dev.brigade.metrics.MetricsSection;
import dev.brigade.metrics.MetricsSettings;
import dev.brigade.model.Cluster;
import dev.brigade.monitor.Monitor;
import dev.brigade.monitor.MonitorSection;
import dev.brigade.monitor.MonitorService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The management box running: the failure monitor (with its own API, so {@code brigade status}
 * works), the metrics engine fed with every check's perfdata, the store, and the web server. A
 * reload replaces the model and the monitor's engine, keeping all state; a model that cannot be
 * read or run leaves the old one running.
 *
 * <pre>{@code
 * try (Box box = Box.start(cluster, Box.Options.DEFAULT)) {
 *   System.out.println("dashboard: " + box.url());
 * }
 * }</pre>
 */
public final class Box implements BoxContext, AutoCloseable {
  /**
   * How the box is started.
   *
   * @param listen overrides {@code box.listen}
   * @param monitorListen overrides {@code monitor.api.listen}
   * @param moreUsers users on top of the model's (the demo's one-time admin)
   * @param clock the clock of the monitor, metrics and sessions
   */
  public record Options(
      Optional<InetSocketAddress> listen,
      Optional<InetSocketAddress> monitorListen,
      List<BoxSettings.User> moreUsers,
      InstantSource clock) {
    /** As the model says, on the system clock. */
    public static final Options DEFAULT =
        new Options(Optional.empty(), Optional.empty(), List.of(), InstantSource.system());

    public Options withListen(InetSocketAddress a) {
      return new Options(Optional.of(a), monitorListen, moreUsers, clock);
    }

    public Options withMonitorListen(InetSocketAddress a) {
      return new Options(listen, Optional.of(a), moreUsers, clock);
    }

    public Options withUsers(List<BoxSettings.User> u) {
      return new Options(listen, monitorListen, u, clock);
    }
  }

  private final InstantSource clock;
  private final Path data;
  private final BoxStore store;
  private final MetricsEngine metrics;
  private final MonitorService monitor;
  private final BoxServer server;
  private volatile Cluster cluster;

  private Box(
      Cluster cluster,
      InstantSource clock,
      Path data,
      BoxStore store,
      MetricsEngine metrics,
      MonitorService monitor,
      BoxServer.Options serverOptions)
      throws IOException, SQLException {
    this.cluster = cluster;
    this.clock = clock;
    this.data = data;
    this.store = store;
    this.metrics = metrics;
    this.monitor = monitor;
    this.server = BoxServer.start(this, serverOptions);
  }

  /** Starts everything for {@code cluster}; on a failure, what started is stopped again. */
  public static Box start(Cluster cluster, Options options) throws SQLException, IOException {
    BoxSettings s = cluster.section(BoxSection.TYPE);
    Path data = s.dataDir(cluster);
    BoxStore store = BoxStore.open(s.store(), data);
    MetricsEngine metrics = null;
    MonitorService monitor = null;
    try {
      MetricsSettings ms = cluster.section(MetricsSection.TYPE);
      metrics =
          MetricsEngine.create(
              cluster, ms, options.clock(), ms.store().orElse(data.resolve("metrics")));
      metrics.start();
      LiveFeed feed = new LiveFeed();
      Monitor.Options mo =
          Monitor.Options.defaults()
              .withClock(options.clock())
              .withListener(LiveFeed.both(new CheckMetrics(metrics), feed));
      if (cluster.section(MonitorSection.TYPE).store().isEmpty()) {
        mo = mo.withStore(data.resolve("monitor.db"));
      }
      monitor = MonitorService.start(cluster, mo, options.monitorListen());
      List<BoxSettings.User> users = new ArrayList<>(s.users());
      users.addAll(options.moreUsers());
      BoxServer.Options so =
          BoxServer.Options.loopback(store, users)
              .withListen(
                  options.listen().orElseGet(() -> new InetSocketAddress(s.address(), s.port())))
              .withTokens(s.tokens())
              .withLifetimes(s.idle(), s.absolute())
              .withFeed(feed);
      if (s.tls().isPresent()) {
        so = so.withTls(TlsFiles.context(s.tls().get().certificate(), s.tls().get().key()));
      }
      return new Box(cluster, options.clock(), data, store, metrics, monitor, so);
    } catch (SQLException | IOException | RuntimeException e) {
      if (monitor != null) {
        monitor.close();
      }
      if (metrics != null) {
        metrics.close();
      }
      store.close();
      throw e;
    }
  }

  /**
   * Reads the model again and runs it, keeping every state; the old model keeps running when the
   * new one cannot be read or run. The box's own settings (users, listen) need a restart.
   */
  public MonitorService.Reload reload(Callable<Cluster> load) {
    Cluster[] next = new Cluster[1];
    MonitorService.Reload r =
        monitor.reload(
            () -> {
              next[0] = load.call();
              return next[0];
            });
    if (r.ok()) {
      cluster = next[0];
    }
    return r;
  }

  /** The dashboard's URL. */
  public String url() {
    return server.url();
  }

  /** Where the box's server listens. */
  public InetSocketAddress address() {
    return server.address();
  }

  /** Where the monitor's API listens. */
  public InetSocketAddress monitorAddress() {
    return monitor.address();
  }

  @Override
  public Cluster cluster() {
    return cluster;
  }

  @Override
  public Monitor monitor() {
    return monitor.monitor();
  }

  @Override
  public MetricsEngine metrics() {
    return metrics;
  }

  @Override
  public InstantSource clock() {
    return clock;
  }

  @Override
  public Dashboards dashboards() {
    return store.dashboards();
  }

  @Override
  public Path dataDirectory() {
    return data;
  }

  @Override
  public void close() throws SQLException {
    server.close();
    try {
      monitor.close();
    } finally {
      metrics.close(); // after the monitor: its last results are stored too
      store.close();
    }
  }
}
