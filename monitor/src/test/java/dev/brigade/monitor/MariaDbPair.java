package dev.brigade.monitor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Two real MariaDB servers on loopback, a primary and its replica, each with its own data directory
 * made by {@code mariadb-install-db}. Both have the user {@link #USER} for the checks; setup SQL
 * goes through the {@code mariadb} client over each server's Unix socket as root.
 */
final class MariaDbPair implements AutoCloseable {
  static final String USER = "brigade";
  static final String PASSWORD = "s3cret-pw-7";

  /** One server. */
  static final class Server {
    final Path dir;
    final int port;
    final Process process;

    Server(Path dir, int port, Process process) {
      this.dir = dir;
      this.port = port;
      this.process = process;
    }

    /** Runs SQL as root over the socket and returns the client's tab-separated output. */
    String sql(String statements) throws Exception {
      return Peers.run(
          List.of(
              "/usr/bin/mariadb",
              "--no-defaults",
              "--socket=" + dir.resolve("mysqld.sock"),
              "-uroot",
              "-N",
              "-B",
              "-e",
              statements),
          Duration.ofSeconds(30));
    }

    String log() {
      return Peers.tail(dir.resolve("error.log"));
    }
  }

  final Server primary;
  final Server replica;

  private MariaDbPair(Server primary, Server replica) {
    this.primary = primary;
    this.replica = replica;
  }

  static MariaDbPair start(Path dir) throws Exception {
    Peers.require("/usr/sbin/mariadbd", "mariadb-server");
    Peers.require("/usr/bin/mariadb-install-db", "mariadb-server");
    Peers.require("/usr/bin/mariadb", "mariadb-client");
    Server primary = server(dir.resolve("primary"), 1);
    Server replica;
    try {
      replica = server(dir.resolve("replica"), 2);
    } catch (Exception e) {
      Peers.stop(primary.process);
      throw e;
    }
    MariaDbPair pair = new MariaDbPair(primary, replica);
    try {
      String user = "'" + USER + "'@'127.0.0.1'";
      String checkUser =
          "CREATE USER " + user + " IDENTIFIED BY '" + PASSWORD + "'; GRANT ALL ON *.* TO " + user;
      primary.sql(
          "SET sql_log_bin=0; CREATE USER 'repl'@'127.0.0.1' IDENTIFIED BY 'repl-pw';"
              + " GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1'; "
              + checkUser);
      replica.sql(
          "SET sql_log_bin=0; "
              + checkUser
              + "; CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT="
              + primary.port
              + ", MASTER_USER='repl', MASTER_PASSWORD='repl-pw', MASTER_CONNECT_RETRY=1;"
              + " START SLAVE");
    } catch (Exception e) {
      pair.close();
      throw e;
    }
    return pair;
  }

  private static Server server(Path dir, int id) throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(dir);
    Peers.run(
        List.of(
            "/usr/bin/mariadb-install-db",
            "--no-defaults",
            "--user=root",
            "--datadir=" + data,
            "--auth-root-authentication-method=normal",
            "--skip-test-db"),
        Duration.ofSeconds(120));
    int port = Peers.freePort();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "/usr/sbin/mariadbd",
                "--no-defaults",
                "--user=root",
                "--datadir=" + data,
                "--socket=" + dir.resolve("mysqld.sock"),
                "--pid-file=" + dir.resolve("mysqld.pid"),
                "--log-error=" + dir.resolve("error.log"),
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--skip-name-resolve",
                "--server-id=" + id,
                "--innodb-buffer-pool-size=16M"));
    if (id == 1) {
      cmd.add("--log-bin=" + dir.resolve("binlog"));
    }
    Process p = Peers.start(cmd, dir.resolve("mariadbd.out"));
    try {
      Peers.awaitTcp(port, p, dir.resolve("error.log"), Duration.ofSeconds(60));
    } catch (Exception e) {
      Peers.stop(p);
      throw e;
    }
    return new Server(dir, port, p);
  }

  @Override
  public void close() {
    Peers.stop(replica.process);
    Peers.stop(primary.process);
  }
}
