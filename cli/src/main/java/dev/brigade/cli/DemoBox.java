package dev.brigade.cli;

import dev.brigade.box.Box;
import dev.brigade.box.BoxSettings;
import dev.brigade.box.auth.PasswordHash;
import dev.brigade.box.auth.Sessions;
import dev.brigade.box.web.Role;
import dev.brigade.demo.DemoApp;
import dev.brigade.demo.DemoInstance;
import dev.brigade.edge.EdgeServer;
import dev.brigade.model.Cluster;
import dev.brigade.model.ClusterLoader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The management box over the demo cluster: each instance's /health, the edge's port and the edge's
 * pool (through its admin API), checked every 5 seconds; the dashboard and the monitor's API on
 * free loopback ports; one operator, {@code admin}, with a password made at start (only its
 * Argon2id hash is kept, in memory; the password is printed once, to the terminal).
 */
final class DemoBox implements AutoCloseable {
  private final Path dir;
  private final Box box;
  private final String password;
  private boolean closed;

  private DemoBox(Path dir, Box box, String password) {
    this.dir = dir;
    this.box = box;
    this.password = password;
  }

  static DemoBox start(DemoApp app, EdgeServer edge, String token) throws Exception {
    Path dir = Files.createTempDirectory("brigade-demo-box");
    Path model = dir.resolve("brigade.yml");
    Files.writeString(model, model(app, edge, token, dir));
    Cluster cluster = new ClusterLoader(Map.of(), List.of()).read(model);
    String password = Sessions.randomToken().substring(0, 20);
    BoxSettings.User admin =
        new BoxSettings.User("admin", Role.OPERATOR, PasswordHash.hash(password.toCharArray()));
    Box box =
        BoxCommand.start(
            cluster,
            Box.Options.DEFAULT
                .withListen(new InetSocketAddress("127.0.0.1", 0))
                .withMonitorListen(new InetSocketAddress("127.0.0.1", 0))
                .withUsers(List.of(admin)));
    return new DemoBox(dir, box, password);
  }

  /** The demo's model: one host with the instances and the edge as services, checked every 5 s. */
  static String model(DemoApp app, EdgeServer edge, String token, Path dir) {
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
    return "cluster: demo\n"
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
        + "  checks:\n"
        + "    pool: { host: demo, type: edge-pool, pool: app, port: "
        + edge.adminAddress().getPort()
        + " }\n"
        + "box:\n"
        + "  listen: 127.0.0.1:0\n"
        + "  data: "
        + dir.resolve("box")
        + "\n";
  }

  /** Where the monitor's API listens, {@code 127.0.0.1:PORT}. */
  String api() {
    return "127.0.0.1:" + box.monitorAddress().getPort();
  }

  /** The dashboard's URL. */
  String url() {
    return box.url();
  }

  /** The one-time password of {@code admin}. */
  String password() {
    return password;
  }

  int checks() {
    return box.monitor().checks().size();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      box.close();
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
