package dev.brigade.monitor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real NRPE daemon ({@code /usr/sbin/nrpe -f}) on 127.0.0.1 on a free port, with its own config
 * in a temporary directory. NRPE refuses to run as root, so the config names the {@code nagios}
 * user the Debian package creates.
 */
final class NrpeAgent implements AutoCloseable {
  /** How the agent speaks. */
  enum Mode {
    /** TLS with a self-signed certificate ({@code ssl_cert_file}). */
    CERTIFICATE,
    /** TLS as the Debian package ships it: no certificate, so anonymous DH only. */
    ANONYMOUS,
    /** Plain TCP ({@code nrpe -n}). */
    PLAIN
  }

  static final String NRPE = "/usr/sbin/nrpe";
  static final String PLUGINS = "/usr/lib/nagios/plugins";

  final int port;
  final Path dir;
  private final Process process;

  private NrpeAgent(int port, Path dir, Process process) {
    this.port = port;
    this.dir = dir;
    this.process = process;
  }

  /** Skips (or fails under CI) unless nrpe and the plugins are installed. */
  static void requireInstalled() {
    Peers.require(NRPE, "nagios-nrpe-server");
    Peers.require(PLUGINS + "/check_dummy", "monitoring-plugins-basic");
    Peers.require("/usr/bin/openssl", "openssl");
  }

  static NrpeAgent start(Path dir, Mode mode) throws Exception {
    requireInstalled();
    Files.createDirectories(dir);
    int port = Peers.freePort();
    List<String> cfg = new ArrayList<>();
    cfg.add("log_file=" + dir.resolve("nrpe.log"));
    cfg.add("debug=1");
    cfg.add("disable_syslog=1");
    cfg.add("server_address=127.0.0.1");
    cfg.add("server_port=" + port);
    cfg.add("nrpe_user=nagios");
    cfg.add("nrpe_group=nagios");
    cfg.add("allowed_hosts=127.0.0.1");
    cfg.add("dont_blame_nrpe=0");
    cfg.add("allow_bash_command_substitution=0");
    cfg.add("command_timeout=10");
    cfg.add("connection_timeout=30");
    cfg.add("command[check_ok]=" + PLUGINS + "/check_dummy 0 fine");
    cfg.add("command[check_crit]=" + PLUGINS + "/check_dummy 2 bad");
    cfg.add("command[check_perf]=/bin/echo 'LOAD OK - load 0.50 | load1=0.5;1;2;0'");
    if (mode == Mode.CERTIFICATE) {
      Peers.run(
          List.of(
              "/usr/bin/openssl",
              "req",
              "-x509",
              "-newkey",
              "rsa:2048",
              "-nodes",
              "-keyout",
              dir.resolve("key.pem").toString(),
              "-out",
              dir.resolve("cert.pem").toString(),
              "-days",
              "30",
              "-subj",
              "/CN=localhost"),
          Duration.ofSeconds(30));
      cfg.add("ssl_cert_file=" + dir.resolve("cert.pem"));
      cfg.add("ssl_privatekey_file=" + dir.resolve("key.pem"));
    }
    Path config = dir.resolve("nrpe.cfg");
    Files.write(config, cfg);
    List<String> cmd = new ArrayList<>(List.of(NRPE, "-c", config.toString(), "-f"));
    if (mode == Mode.PLAIN) {
      cmd.add(1, "-n");
    }
    Path out = dir.resolve("nrpe.out");
    Process p = Peers.start(cmd, out);
    try {
      Peers.awaitTcp(port, p, dir.resolve("nrpe.log"), Duration.ofSeconds(15));
    } catch (Exception e) {
      Peers.stop(p);
      throw e;
    }
    return new NrpeAgent(port, dir, p);
  }

  Path certificate() {
    return dir.resolve("cert.pem");
  }

  String log() {
    return Peers.tail(dir.resolve("nrpe.log"));
  }

  @Override
  public void close() {
    Peers.stop(process);
  }
}
