package dev.brigade.cli;

import dev.brigade.model.Cluster;
import dev.brigade.monitor.Monitor;
import dev.brigade.monitor.MonitorApi;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A running monitor with its API, which a changed model can replace without losing anything: the
 * old engine saves its state to the store and stops, a new one reads it back and starts, and the
 * API comes back on the same address (as {@code nagios reload} keeps retention data).
 */
final class MonitorService implements AutoCloseable {
  private final Monitor.Options options;
  private Monitor monitor;
  private MonitorApi api;

  private MonitorService(Monitor.Options options, Monitor monitor, MonitorApi api) {
    this.options = options;
    this.monitor = monitor;
    this.api = api;
  }

  static MonitorService start(
      Cluster cluster, Monitor.Options options, Optional<InetSocketAddress> listen)
      throws SQLException, IOException {
    Monitor m = Monitor.create(cluster, options);
    MonitorApi a;
    try {
      a = MonitorApi.start(m, listen);
    } catch (IOException e) {
      m.close();
      throw e;
    }
    m.start();
    return new MonitorService(options, m, a);
  }

  /** Replaces the engine with one for {@code cluster}; state carries over through the store. */
  synchronized void reload(Cluster cluster) throws SQLException, IOException {
    InetSocketAddress at = api.address();
    api.close();
    monitor.close();
    monitor = Monitor.create(cluster, options);
    api = MonitorApi.start(monitor, Optional.of(at));
    monitor.start();
  }

  synchronized Monitor monitor() {
    return monitor;
  }

  synchronized InetSocketAddress address() {
    return api.address();
  }

  @Override
  public synchronized void close() throws SQLException {
    api.close();
    monitor.close();
  }
}
