package dev.brigade.box;

import dev.brigade.box.auth.PasswordHash;
import dev.brigade.box.web.Role;
import dev.brigade.model.ClusterLoader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real box for tests on loopback: three hosts in two stages, an HTTP service whose TCP check goes
 * to a closed loopback port (a real CRITICAL), a passive backup check, users {@code alice}
 * (operator) and {@code bob} (read), and the token {@code TOKEN} (operator).
 */
final class TestBox implements AutoCloseable {
  static final String TOKEN = "test-token-0123456789abcdef";
  static final String READ_TOKEN = "read-token-0123456789abcdef";
  final Box box;
  final String url;

  private TestBox(Box box) {
    this.box = box;
    this.url = box.url();
  }

  static TestBox start(Path dir) throws Exception {
    return start(dir, "");
  }

  /** A box whose model has {@code extraHosts} (YAML lines under {@code hosts:}) too. */
  static TestBox start(Path dir, String extraHosts) throws Exception {
    return start(dir, extraHosts, "");
  }

  /** ... and {@code extraBox} (YAML lines under {@code box:}). */
  static TestBox start(Path dir, String extraHosts, String extraBox) throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    String yaml =
        """
        cluster: t
        roles:
          app: { services: { http: { port: %d } } }
          db: { services: { mysql: { port: %d, check: none } } }
        hosts:
          app1: { address: 127.0.0.1, roles: [app] }
          app2: { address: 127.0.0.1, roles: [app] }
          db1: { address: 127.0.0.1, roles: [db] }
        %s
        stages:
          production: { hosts: [app1, db1] }
          staging: { hosts: [app2] }
        monitor:
          defaults: { host-check: none, max-attempts: 1, interval: 1h, retry-interval: 1h, timeout: 2s }
          checks:
            backup: { host: db1, type: passive, max-attempts: 1 }
        box:
          tokens:
            script: { role: operator, sha256: %s }
            reader: { role: read, sha256: %s }
        %s
        """
            .formatted(
                closed,
                closed,
                extraHosts.indent(2),
                dev.brigade.box.auth.Sessions.sha256(TOKEN),
                dev.brigade.box.auth.Sessions.sha256(READ_TOKEN),
                extraBox.indent(2));
    Path model = dir.resolve("brigade.yml");
    Files.writeString(model, yaml);
    var cluster = new ClusterLoader(Map.of(), List.of()).read(model);
    Box b =
        Box.start(
            cluster,
            Box.Options.DEFAULT
                .withListen(new InetSocketAddress("127.0.0.1", 0))
                .withMonitorListen(new InetSocketAddress("127.0.0.1", 0))
                .withUsers(
                    List.of(
                        new BoxSettings.User("alice", Role.OPERATOR, hash("alice-password")),
                        new BoxSettings.User("bob", Role.READ, hash("bob-password")))));
    return new TestBox(b);
  }

  private static String hash(String password) {
    return PasswordHash.hash(password.toCharArray());
  }

  @Override
  public void close() throws java.sql.SQLException {
    box.close();
  }
}
