package dev.brigade.remote;

import dev.brigade.model.Host;
import dev.brigade.model.SshSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real OpenSSH server on loopback for tests, with its own ed25519 host key and an ed25519 client
 * key in its authorized_keys. Register it with {@code @RegisterExtension static OpenSshServer
 * server = new OpenSshServer();} (started before the class's tests, stopped after), or {@link
 * #start()} and {@link #close()} it yourself.
 *
 * <p>Listens on 127.0.0.1 and 127.0.0.2 on a free port and lets in the current user with {@link
 * #clientKey()}; {@code Subsystem sftp internal-sftp}. Without {@code /usr/sbin/sshd} tests are
 * skipped, or fail when the environment has {@code CI=true}.
 */
public final class OpenSshServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  public static final Path SSHD = Path.of("/usr/sbin/sshd");
  public static final String MISSING = "install Debian package openssh-server";

  /** How long {@link #start()} waits for sshd to listen. */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private final List<String> extraConfig;
  private Path dir;
  private int port;
  private Process process;

  /** A server with the fixture's usual sshd_config. */
  public OpenSshServer() {
    this(List.of());
  }

  /** A server with these sshd_config lines added, e.g. {@code MaxSessions 1}. */
  public OpenSshServer(List<String> extraConfig) {
    this.extraConfig = List.copyOf(extraConfig);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** Starts sshd and waits until it accepts connections; skips (or fails on CI) without it. */
  public OpenSshServer start() throws IOException, InterruptedException {
    requireSshd();
    dir = Files.createTempDirectory("brigade-sshd-");
    keygen(dir.resolve("host_key"));
    keygen(dir.resolve("client_key"));
    Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
    Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation directory
    port = freePort();
    Path config = dir.resolve("sshd_config");
    Files.writeString(
        config,
        String.join(
            "\n",
            "Port " + port,
            "ListenAddress 127.0.0.1",
            "ListenAddress 127.0.0.2",
            "HostKey " + dir.resolve("host_key"),
            "PidFile " + dir.resolve("sshd.pid"),
            "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
            "UsePAM no",
            "StrictModes no",
            "PermitRootLogin prohibit-password",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PubkeyAuthentication yes",
            "Subsystem sftp internal-sftp",
            String.join("\n", extraConfig),
            ""));
    process =
        new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("sshd.log").toFile())
            .start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("sshd exited " + process.exitValue() + ": " + log());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return this;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          close();
          throw new IllegalStateException("sshd does not listen on port " + port + ": " + log());
        }
        Thread.sleep(20);
      }
    }
  }

  /** Stops sshd and its connections' processes and deletes its files. */
  @Override
  public void close() {
    if (process != null) {
      List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
      all.add(process.toHandle());
      all.forEach(ProcessHandle::destroy);
      for (ProcessHandle p : all) {
        p.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> null).join();
      }
      process = null;
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      dir = null;
    }
  }

  public int port() {
    return port;
  }

  /** The private key the server lets in. */
  public Path clientKey() {
    return dir.resolve("client_key");
  }

  /**
   * A host for this server at 127.0.0.1, logging in as the current user with {@link #clientKey()}.
   */
  public Host host(String name) {
    return host(name, "127.0.0.1");
  }

  /** A host for this server at {@code address} (127.0.0.1 or 127.0.0.2). */
  public Host host(String name, String address) {
    return new Host(
        name,
        address,
        new SshSettings(System.getProperty("user.name"), port, Optional.of(clientKey())),
        List.of(),
        Map.of(),
        List.of());
  }

  /** The server's public host key as in a known_hosts line: {@code ssh-ed25519 AAAA...}. */
  public String hostKey() {
    String[] parts = read(dir.resolve("host_key.pub")).strip().split("\\s+");
    return parts[0] + " " + parts[1];
  }

  /**
   * A known_hosts line for this server at {@code address}: {@code [address]:port ssh-ed25519 ...}.
   */
  public String knownHostsLine(String address) {
    return "[" + address + "]:" + port + " " + hostKey();
  }

  /** The host key's fingerprint as OpenSSH prints it: {@code SHA256:...}. */
  public String hostKeyFingerprint() throws IOException, InterruptedException {
    String out = exec("ssh-keygen", "-l", "-f", dir.resolve("host_key.pub").toString());
    return out.strip().split("\\s+")[1];
  }

  /** sshd's log so far (it runs with {@code -e}). */
  public String log() {
    Path file = dir == null ? null : dir.resolve("sshd.log");
    return file != null && Files.exists(file) ? read(file) : "";
  }

  /** Generates an ed25519 key pair without passphrase at {@code file} and {@code file.pub}. */
  public static Path keygen(Path file) throws IOException, InterruptedException {
    exec(
        "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "brigade-test", "-f", file.toString());
    return file;
  }

  /** Runs a local program, answers its stdout; fails when it exits non-zero. */
  static String exec(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }

  private static void requireSshd() {
    if (Files.isExecutable(SSHD)) {
      return;
    }
    if ("true".equals(System.getenv("CI"))) {
      Assertions.fail(MISSING);
    }
    Assumptions.assumeTrue(false, MISSING);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
