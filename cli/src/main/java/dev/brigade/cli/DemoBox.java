package dev.brigade.cli;

import dev.brigade.box.Box;
import dev.brigade.box.BoxSettings;
import dev.brigade.box.auth.PasswordHash;
import dev.brigade.box.auth.Sessions;
import dev.brigade.box.web.Role;
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
 * The management box over the demo cluster: {@link DemoModel}'s model (each instance's /health, the
 * edge, its pool through its admin API, memcached), checked every 5 seconds; the dashboard and the
 * monitor's API on free loopback ports; one operator, {@code admin}, with a password made at start
 * (only its Argon2id hash is kept, in memory; the password is printed once, to the terminal).
 */
final class DemoBox implements AutoCloseable {
  private final Path dir;
  private final Box box;
  private final String password;
  private final String covers;
  private boolean closed;

  private DemoBox(Path dir, Box box, String password, String covers) {
    this.dir = dir;
    this.box = box;
    this.password = password;
    this.covers = covers;
  }

  /** What the checks cover, in words. */
  String covers() {
    return covers;
  }

  /** Starts the box on {@code model}, written into its directory (removed on close). */
  static DemoBox start(DemoModel model) throws Exception {
    Path dir = model.dir();
    Cluster cluster = new ClusterLoader(Map.of(), List.of()).read(model.write());
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
    return new DemoBox(dir, box, password, model.covers());
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
