package dev.brigade.cli;

import dev.brigade.demo.DemoApp;
import dev.brigade.demo.DemoInstance;
import dev.brigade.edge.EdgeServer;
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
 * The failure monitor over the demo cluster: each instance's /health, the edge's port and the
 * edge's pool (through its admin API), checked every 5 seconds, with its API on a free loopback
 * port, so that {@code brigade status} shows an instance going down.
 */
final class DemoMonitor implements AutoCloseable {
  private final Path dir;
  private final Monitor monitor;
  private final MonitorApi api;
  private boolean closed;

  private DemoMonitor(Path dir, Monitor monitor, MonitorApi api) {
    this.dir = dir;
    this.monitor = monitor;
    this.api = api;
  }

  static DemoMonitor start(DemoApp app, EdgeServer edge, String token) throws Exception {
    Path dir = Files.createTempDirectory("brigade-demo-monitor");
    StringBuilder services = new StringBuilder();
    services.append("      edge: { port: ").append(edge.address().getPort()).append(" }\n");
    for (DemoInstance i : app.instances()) {
      services
          .append("      ")
          .append(i.name())
          .append(": { port: ")
          .append(i.address().getPort())
          .append(", check: { type: http, path: /health, expect: 200 } }\n");
    }
    String yaml =
        "cluster: demo\n"
            + "roles:\n  demo:\n    services:\n"
            + services
            + "hosts:\n  demo: { address: 127.0.0.1, roles: [demo] }\n"
            + "stages:\n  demo: { hosts: [demo] }\n"
            + "monitor:\n"
            + "  defaults: { interval: 5s, retry-interval: 2s, max-attempts: 2, timeout: 2s,"
            + " host-check: none }\n"
            + "  api: { listen: \"127.0.0.1:0\", token: \""
            + token
            + "\" }\n"
            + "  store: "
            + dir.resolve("monitor.db")
            + "\n"
            + "  checks:\n"
            + "    pool: { host: demo, type: edge-pool, pool: app, port: "
            + edge.adminAddress().getPort()
            + " }\n";
    Path model = dir.resolve("brigade.yml");
    Files.writeString(model, yaml);
    Cluster cluster = new ClusterLoader(Map.of(), List.of()).read(model);
    Monitor monitor = Monitor.create(cluster, Monitor.Options.defaults());
    MonitorApi api;
    try {
      api = MonitorApi.start(monitor, Optional.of(new InetSocketAddress("127.0.0.1", 0)));
    } catch (IOException e) {
      monitor.close();
      throw e;
    }
    monitor.start();
    return new DemoMonitor(dir, monitor, api);
  }

  /** Where the API listens, {@code 127.0.0.1:PORT}. */
  String api() {
    return "127.0.0.1:" + api.address().getPort();
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
