package dev.brigade.cli;

import dev.brigade.model.Cluster;
import dev.brigade.model.ClusterLoader;
import dev.brigade.monitor.Monitor;
import dev.brigade.monitor.MonitorApi;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The failure monitor over the demo cluster, on {@link DemoModel}'s model: each instance's /health,
 * the edge, its pool (through its admin API) and memcached, checked every 5 seconds, with its API
 * on a free loopback port, so that {@code brigade status} shows an instance going down.
 */
final class DemoMonitor implements AutoCloseable {
  private final Path dir;
  private final Monitor monitor;
  private final MonitorApi api;
  private final String covers;
  private boolean closed;

  private DemoMonitor(Path dir, Monitor monitor, MonitorApi api, String covers) {
    this.dir = dir;
    this.monitor = monitor;
    this.api = api;
    this.covers = covers;
  }

  /** Starts the monitor on {@code model}, written into its directory (removed on close). */
  static DemoMonitor start(DemoModel model) throws Exception {
    Path dir = model.dir();
    Path file = model.write();
    Cluster cluster = new ClusterLoader(Map.of(), List.of()).read(file);
    Monitor monitor = Monitor.create(cluster, Monitor.Options.defaults());
    MonitorApi api;
    try {
      api = MonitorApi.start(monitor, Optional.of(new InetSocketAddress("127.0.0.1", 0)));
    } catch (IOException e) {
      monitor.close();
      throw e;
    }
    monitor.start();
    return new DemoMonitor(dir, monitor, api, model.covers());
  }

  /** Where the API listens, {@code 127.0.0.1:PORT}. */
  String api() {
    return "127.0.0.1:" + api.address().getPort();
  }

  /** What the checks cover, in words. */
  String covers() {
    return covers;
  }

  int checks() {
    return monitor.checks().size();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    api.close();
    try {
      monitor.close();
    } catch (java.sql.SQLException e) {
      // the demo's state is thrown away anyway
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp dir left behind
    }
  }
}
