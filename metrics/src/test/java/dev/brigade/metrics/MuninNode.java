package dev.brigade.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real munin-node (Debian package munin-node) on a free loopback port with its own configuration
 * file, log and pid file; it serves the package's plugins from /etc/munin/plugins (Debian's
 * munin-node has no option for another plugin directory).
 */
final class MuninNode implements AutoCloseable {
  static final String BINARY = "/usr/sbin/munin-node";
  static final String PACKAGE = "munin-node";

  final int port;
  final Path dir;
  private final Process process;

  private MuninNode(int port, Path dir, Process process) {
    this.port = port;
    this.dir = dir;
    this.process = process;
  }

  /** Starts one; skips the test (fails under CI=true) without the package. */
  static MuninNode start(Path dir) throws Exception {
    Peers.require(BINARY, PACKAGE);
    Files.createDirectories(dir);
    int port = Peers.freePort();
    Path conf = dir.resolve("munin-node.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "log_level 4",
            "log_file " + dir.resolve("node.log"),
            "pid_file " + dir.resolve("node.pid"),
            "background 0",
            "setsid 0",
            "user root",
            "group root",
            "allow ^127\\.0\\.0\\.1$",
            "host 127.0.0.1",
            "port " + port,
            ""));
    Path log = dir.resolve("stdout.log");
    Process p = Peers.start(List.of(BINARY, "--config", conf.toString(), "--foreground"), log);
    try {
      Peers.awaitTcp(port, p, log, Duration.ofSeconds(20));
    } catch (Exception e) {
      Peers.stop(p);
      throw e;
    }
    return new MuninNode(port, dir, p);
  }

  String log() {
    try {
      return Files.readString(dir.resolve("node.log"));
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    Peers.stop(process);
  }
}
