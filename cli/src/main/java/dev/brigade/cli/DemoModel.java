package dev.brigade.cli;

import dev.brigade.demo.DemoApp;
import dev.brigade.demo.MemcachedServer;
import dev.brigade.edge.EdgeServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The running demo as a Brigade model, so that its monitor (and the box) watch it as they would a
 * real site: an edge layer (the Brigade edge) balancing the application instances, and a cache
 * layer (memcached, when the demo runs one); checks of every instance's /health, the edge, its pool
 * through the admin API and memcached's stats; Prometheus scrapes of the edge's and every
 * instance's /metrics every 5 seconds, so that graphs move within minutes.
 *
 * <p>By default the demo's instances listen on one port, each on its own loopback address
 * (127.0.0.11, .12, ...): they are hosts of one role, {@code app}, and the layers are the seed's
 * edge -> app -> cache. The model gives a service's port per role, so instances that differ only by
 * port ({@code --port}, {@code --bind}) are each a host with a role of its own, the edge layer's
 * pools (the edge itself runs one pool, {@code app}, over them all).
 *
 * <pre>{@code
 * Path model = DemoModel.of(app, edge, token, memcached, dir).write();
 * }</pre>
 *
 * @param instances each instance's name and address
 * @param edge where the edge serves
 * @param admin where the edge's admin API listens
 * @param token the admin API's and the monitor API's token
 * @param memcached where memcached listens, when the demo runs one
 * @param dir the directory of the model, the monitor's store and the metrics
 */
record DemoModel(
    List<Node> instances,
    InetSocketAddress edge,
    InetSocketAddress admin,
    String token,
    Optional<InetSocketAddress> memcached,
    Path dir) {

  /** How often checks run and metrics are collected. */
  static final String INTERVAL = "5s";

  /** The edge's pool of application instances, as the demo configures the edge. */
  static final String POOL = "app";

  /**
   * One application instance.
   *
   * @param name app1, app2, ...
   * @param address where it listens
   */
  record Node(String name, InetSocketAddress address) {}

  DemoModel {
    instances = List.copyOf(instances);
    if (!token.matches("[0-9a-zA-Z_-]{16,128}")) {
      throw new IllegalArgumentException("the demo's token must be 16 to 128 letters and digits");
    }
  }

  /** The model of a running demo. */
  static DemoModel of(
      DemoApp app, EdgeServer edge, String token, Optional<MemcachedServer> memcached, Path dir) {
    List<Node> nodes =
        app.instances().stream().map(i -> new Node(i.name(), reachable(i.address()))).toList();
    return new DemoModel(
        nodes,
        reachable(edge.address()),
        reachable(edge.adminAddress()),
        token,
        memcached.map(MemcachedServer::address),
        dir);
  }

  /** A wildcard address ({@code --bind 0.0.0.0}) is reached on loopback. */
  static InetSocketAddress reachable(InetSocketAddress a) {
    return a.getAddress() != null && a.getAddress().isAnyLocalAddress()
        ? new InetSocketAddress("127.0.0.1", a.getPort())
        : a;
  }

  /**
   * Whether the instances listen on one port (each on its own loopback address, as {@code brigade
   * demo} starts them by default): then they are one role, {@code app}, and a layer of their own.
   * The model gives a service's port per role, so instances told apart only by their ports ({@code
   * --port}, {@code --bind}) are a role each, the edge layer's pools.
   */
  boolean sharedPort() {
    return instances.stream().map(n -> n.address().getPort()).distinct().count() == 1
        && instances.stream().map(n -> n.address().getHostString()).distinct().count()
            == instances.size();
  }

  private String roleOf(Node n) {
    return sharedPort() ? "app" : n.name();
  }

  /** What the model's checks cover, in words. */
  String covers() {
    return "each instance's /health, the edge, its pool"
        + (memcached.isPresent() ? ", memcached" : "");
  }

  /** Writes the model to {@code dir/brigade.yml} and returns its path. */
  Path write() throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve("brigade.yml");
    Files.writeString(file, yaml());
    return file;
  }

  /** The model's YAML. */
  String yaml() {
    StringBuilder y = new StringBuilder(4096);
    y.append("# The running 'brigade demo' as a Brigade model, written by the demo for its monitor")
        .append(" and box.\ncluster: demo\n\nroles:\n");
    y.append("  edge:\n    description: the Brigade edge (reverse proxy cache and load balancer)\n")
        .append("    services:\n")
        .append("      http: { port: ")
        .append(edge.getPort())
        .append(", protocol: http }\n")
        .append("      admin: { port: ")
        .append(admin.getPort())
        .append(", protocol: http, check: { type: http, path: /health, expect: 200 } }\n");
    if (sharedPort()) {
      y.append(
              "  app:\n    description: the demo application's instances, one per loopback address\n")
          .append("    services:\n")
          .append("      http: { port: ")
          .append(instances.getFirst().address().getPort())
          .append(", protocol: http, check: { type: http, path: /health, expect: 200 } }\n");
    } else {
      for (Node n : instances) {
        y.append("  ")
            .append(n.name())
            .append(":\n    description: demo application instance ")
            .append(n.name())
            .append(", a role of its own since the instances share an address\n")
            .append("    services:\n")
            .append("      http: { port: ")
            .append(n.address().getPort())
            .append(", protocol: http, check: { type: http, path: /health, expect: 200 } }\n");
      }
    }
    memcached.ifPresent(
        m ->
            y.append(
                    "  cache:\n    description: memcached, the application's fragment and cart cache\n")
                .append("    services:\n      memcached: { port: ")
                .append(m.getPort())
                .append(", protocol: memcached }\n"));

    y.append("\nhosts:\n");
    host(y, "edge", edge.getHostString(), "edge");
    for (Node n : instances) {
      host(y, n.name(), n.address().getHostString(), roleOf(n));
    }
    memcached.ifPresent(m -> host(y, "cache", m.getHostString(), "cache"));

    y.append("\nstages:\n  demo: { hosts: [edge");
    instances.forEach(n -> y.append(", ").append(n.name()));
    memcached.ifPresent(m -> y.append(", cache"));
    y.append("] }\n");

    if (sharedPort()) {
      y.append("\n# Less traffic at each step: edge -> app")
          .append(memcached.isPresent() ? " -> cache" : "")
          .append(".\nlayers:\n  - name: edge\n    role: edge\n    service: http\n    pools:\n")
          .append("      ")
          .append(POOL)
          .append(": { role: app, service: http }\n")
          .append("  - name: app\n    role: app\n    service: http\n");
      if (memcached.isPresent()) {
        y.append("    pools:\n      cache: { role: cache, service: memcached }\n");
      }
    } else {
      y.append(
              "\n# The application servers are the edge layer's pools, one per instance, since the"
                  + " model gives\n# ports per role and these instances differ only by port.\n")
          .append("layers:\n  - name: edge\n    role: edge\n    service: http\n    pools:\n");
      for (Node n : instances) {
        y.append("      ").append(n.name()).append(": { role: ").append(n.name()).append(" }\n");
      }
    }
    if (memcached.isPresent()) {
      y.append("  - name: cache\n    role: cache\n    service: memcached\n");
    }

    y.append("\nedge:\n  admin: { address: ")
        .append(admin.getHostString())
        .append(", port: ")
        .append(admin.getPort())
        .append(", token: \"")
        .append(token)
        .append("\" }\n");

    y.append("\nmonitor:\n  defaults: { interval: ")
        .append(INTERVAL)
        .append(", retry-interval: 2s, max-attempts: 2, timeout: 2s, host-check: none }\n")
        .append("  api: { listen: \"127.0.0.1:0\", token: \"")
        .append(token)
        .append("\" }\n  store: ")
        .append(quoted(dir.resolve("monitor.db")))
        .append("\n  checks:\n    pool: { host: edge, type: edge-pool, pool: ")
        .append(POOL)
        .append(", port: ")
        .append(admin.getPort())
        .append(" }\n");
    memcached.ifPresent(
        m ->
            y.append("    cache-stats: { host: cache, type: memcached, port: ")
                .append(m.getPort())
                .append(" }\n"));

    y.append("\nbox:\n  listen: 127.0.0.1:0\n  data: ")
        .append(quoted(dir.resolve("box")))
        .append("\n");

    y.append("\nmetrics:\n  store: ")
        .append(quoted(dir.resolve("metrics")))
        .append("\n  interval: ")
        .append(INTERVAL)
        .append("\n  flush: 10s\n  host-basics: none\n")
        .append("  retention: [\"5s:1d\", \"1m:14d\"]\n  collect:\n")
        .append("    edge: { host: edge, type: prometheus, port: ")
        .append(admin.getPort())
        .append(" }\n");
    for (Node n : instances) {
      y.append("    ")
          .append(n.name())
          .append(": { host: ")
          .append(n.name())
          .append(", type: prometheus, port: ")
          .append(n.address().getPort())
          .append(" }\n");
    }
    return y.toString();
  }

  private static void host(StringBuilder y, String name, String address, String role) {
    y.append("  ")
        .append(name)
        .append(": { address: ")
        .append(address)
        .append(", roles: [")
        .append(role)
        .append("] }\n");
  }

  /** A YAML double-quoted scalar. */
  static String quoted(Path p) {
    String s = p.toAbsolutePath().toString();
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
