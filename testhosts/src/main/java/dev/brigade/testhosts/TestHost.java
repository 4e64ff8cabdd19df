package dev.brigade.testhosts;

import dev.brigade.model.Host;
import dev.brigade.model.SshSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One test host: an overlay over the shared Debian root, its own network namespace reached over a
 * veth pair at {@link #address()}, and its own sshd as PID 1 of a PID and mount namespace, chrooted
 * into the overlay. Daemons inside are started with {@code service NAME start} (sysvinit scripts).
 *
 * <p>The overlay and its mounts live in the host's own mount namespace, so they disappear with its
 * PID 1: killing it is the whole teardown of what runs inside.
 */
public final class TestHost {
  private static final Duration START_LIMIT = Duration.ofSeconds(20);
  private static final Duration COMMAND_LIMIT = Duration.ofSeconds(60);

  private final String name;
  private final int slot;
  private final Path dir;
  private final Path lower;
  private final Path clientPublicKey;
  private final Optional<Path> jdk;
  private Process process;
  private ProcessHandle pid1;

  TestHost(String name, int slot, Path dir, Path lower, Path clientPublicKey, Optional<Path> jdk) {
    this.name = name;
    this.slot = slot;
    this.dir = dir;
    this.lower = lower;
    this.clientPublicKey = clientPublicKey;
    this.jdk = jdk;
  }

  /** The host's name, e.g. {@code host1}. */
  public String name() {
    return name;
  }

  /** Where the host listens: {@code 10.99.SLOT.2}, on a private /30 with the test's side at .1. */
  public String address() {
    return "10.99." + slot + ".2";
  }

  /** The test machine's side of the veth pair, which the host sees as its only neighbour. */
  public String gateway() {
    return "10.99." + slot + ".1";
  }

  /** The network namespace's name ({@code ip netns}). */
  public String namespace() {
    return namespace(slot);
  }

  static String namespace(int slot) {
    return "brigade-th-" + slot;
  }

  static String veth(int slot) {
    return "bth-" + slot;
  }

  /**
   * The host as the model would describe it: its address, root over SSH on port 22 with the
   * fixture's client key, and these roles.
   */
  public Host host(Path clientKey, List<String> roles) {
    return new Host(
        name,
        address(),
        new SshSettings("root", 22, Optional.of(clientKey)),
        roles,
        Map.of(),
        List.of());
  }

  /** Makes the namespace and the veth pair, then starts the host. */
  void create() throws IOException, InterruptedException {
    Files.createDirectories(dir.resolve("upper"));
    Files.createDirectories(dir.resolve("work"));
    Files.createDirectories(dir.resolve("root"));
    writeHostKey();
    Path ssh = Files.createDirectories(dir.resolve("upper/root/.ssh"));
    Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwx------"));
    Files.copy(clientPublicKey, ssh.resolve("authorized_keys"));
    Files.createDirectories(dir.resolve("upper/etc"));
    Files.writeString(dir.resolve("upper/etc/hostname"), name + "\n");
    Files.writeString(
        dir.resolve("upper/etc/hosts"), "127.0.0.1 localhost\n" + address() + " " + name + "\n");
    Files.writeString(dir.resolve("upper/etc/ssh/sshd_config"), SSHD_CONFIG);
    String ns = namespace();
    String veth = veth(slot);
    String peer = "bthp-" + slot;
    Duration t = Duration.ofSeconds(10);
    Commands.run(List.of("ip", "netns", "add", ns), t);
    Commands.run(
        List.of("ip", "link", "add", veth, "type", "veth", "peer", "name", peer, "netns", ns), t);
    Commands.run(List.of("ip", "addr", "add", gateway() + "/30", "dev", veth), t);
    Commands.run(List.of("ip", "link", "set", veth, "up"), t);
    Commands.run(List.of("ip", "-n", ns, "link", "set", peer, "name", "eth0"), t);
    Commands.run(List.of("ip", "-n", ns, "addr", "add", address() + "/30", "dev", "eth0"), t);
    Commands.run(List.of("ip", "-n", ns, "link", "set", "eth0", "up"), t);
    Commands.run(List.of("ip", "-n", ns, "link", "set", "lo", "up"), t);
    start();
  }

  /** sshd_config inside: keys only, root by key, internal sftp, room for many parallel channels. */
  private static final String SSHD_CONFIG =
      String.join(
          "\n",
          "Port 22",
          "ListenAddress 0.0.0.0",
          "HostKey /etc/ssh/ssh_host_ed25519_key",
          "PidFile /run/sshd.pid",
          "PermitRootLogin prohibit-password",
          "PubkeyAuthentication yes",
          "PasswordAuthentication no",
          "KbdInteractiveAuthentication no",
          "UsePAM no",
          "UseDNS no",
          "AuthorizedKeysFile .ssh/authorized_keys",
          "MaxSessions 64",
          "MaxStartups 100:30:200",
          "Subsystem sftp internal-sftp",
          "");

  private void writeHostKey() throws IOException, InterruptedException {
    Path etcSsh = Files.createDirectories(dir.resolve("upper/etc/ssh"));
    Path key = etcSsh.resolve("ssh_host_ed25519_key");
    Files.deleteIfExists(key);
    Files.deleteIfExists(etcSsh.resolve("ssh_host_ed25519_key.pub"));
    Commands.run(
        List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key.toString()),
        Duration.ofSeconds(30));
  }

  /** Starts sshd as PID 1 of new PID, mount and UTS namespaces inside the host's netns. */
  void start() throws IOException, InterruptedException {
    Path root = dir.resolve("root");
    StringBuilder script = new StringBuilder();
    script
        .append("set -e\n")
        .append("mount --make-rprivate /\n")
        .append("mount -t overlay overlay -o lowerdir=")
        .append(lower)
        .append(",upperdir=")
        .append(dir.resolve("upper"))
        .append(",workdir=")
        .append(dir.resolve("work"))
        .append(' ')
        .append(root)
        .append('\n')
        .append("mount -t proc proc ")
        .append(root)
        .append("/proc\n")
        .append("mount -t tmpfs -o mode=755 tmpfs ")
        .append(root)
        .append("/run\n")
        .append("mkdir -p ")
        .append(root)
        .append("/run/sshd ")
        .append(root)
        .append("/run/lock\n")
        .append("hostname ")
        .append(name)
        .append('\n');
    if (jdk.isPresent()) {
      // the JDK of the test run, read-only at /opt/jdk, so hosts can run Java applications
      script
          .append("mkdir -p ")
          .append(root)
          .append("/opt/jdk\n")
          .append("mount --bind ")
          .append(jdk.get())
          .append(' ')
          .append(root)
          .append("/opt/jdk\n")
          .append("mount -o remount,bind,ro ")
          .append(root)
          .append("/opt/jdk\n");
    }
    script.append("exec chroot ").append(root).append(" /usr/sbin/sshd -D -e\n");
    process =
        new ProcessBuilder(
                "setsid",
                "ip",
                "netns",
                "exec",
                namespace(),
                "unshare",
                "--pid",
                "--fork",
                "--mount",
                "--uts",
                "--mount-proc",
                "sh",
                "-c",
                script.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("host.log").toFile()))
            .start();
    process.getOutputStream().close();
    awaitSsh();
    // setsid (in its own session, away from the test JVM's process group and terminal) -> ip ->
    // unshare, whose forked child became sshd
    pid1 =
        process
            .toHandle()
            .descendants()
            .filter(p -> p.info().command().map(c -> c.endsWith("/sshd")).orElse(false))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException(name + ": no sshd under unshare"));
  }

  private void awaitSsh() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + ": the host's PID 1 exited " + process.exitValue() + ": " + log());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(address(), 22), 200);
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              name + ": sshd does not listen on " + address() + ":22: " + log());
        }
        Thread.sleep(20);
      }
    }
  }

  /** Kills the host's PID 1, and with it every process inside and every mount of the host. */
  void stop() {
    if (process == null) {
      return;
    }
    if (pid1 != null) {
      pid1.destroyForcibly();
      pid1.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> null).join();
    }
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
    pid1 = null;
  }

  /** Stops the host and starts it again, keeping its files (a reboot, without its services). */
  public void restart() throws IOException, InterruptedException {
    stop();
    start();
  }

  /** Gives the host a new SSH host key (a reinstalled machine, or an impostor) and restarts it. */
  public void changeHostKey() throws IOException, InterruptedException {
    stop();
    writeHostKey();
    start();
  }

  /**
   * Takes the host's end of the link down, as a pulled cable: the host keeps running, packets to it
   * are dropped and connections to it time out. (Taking the test machine's end down instead would
   * remove its route, and packets for the host would follow the default route out of the machine.)
   */
  public void cutLink() throws IOException, InterruptedException {
    Commands.run(
        List.of("ip", "-n", namespace(), "link", "set", "eth0", "down"), Duration.ofSeconds(10));
  }

  /** Brings the link back up and waits until sshd answers over it again. */
  public void restoreLink() throws IOException, InterruptedException {
    Commands.run(
        List.of("ip", "-n", namespace(), "link", "set", "eth0", "up"), Duration.ofSeconds(10));
    awaitSsh();
  }

  /**
   * Runs {@code sh -c command} inside the host as root, through the kernel's namespaces rather than
   * SSH, so tests can look at a host without trusting the code under test. Fails unless it exits 0.
   */
  public String shell(String command) {
    ShellResult r = tryShell(command);
    if (r.exitCode() != 0) {
      throw new IllegalStateException(
          name + ": '" + command + "' exited " + r.exitCode() + ": " + r.output().strip());
    }
    return r.output();
  }

  /** Like {@link #shell}, answering the exit code and output whatever the exit code. */
  public ShellResult tryShell(String command) {
    return inside(command, null);
  }

  /** Writes a file inside the host with the given mode, e.g. an init script with 755. */
  public void write(String path, String content, String mode) {
    ShellResult r =
        inside(
            "mkdir -p \"$(dirname '"
                + path
                + "')\" && cat > '"
                + path
                + "' && chmod "
                + mode
                + " '"
                + path
                + "'",
            content.getBytes(StandardCharsets.UTF_8));
    if (r.exitCode() != 0) {
      throw new IllegalStateException(name + ": cannot write " + path + ": " + r.output());
    }
  }

  private ShellResult inside(String command, byte[] stdin) {
    if (pid1 == null) {
      throw new IllegalStateException(name + " is not running");
    }
    String pid = Long.toString(pid1.pid());
    try {
      return Commands.result(
          List.of(
              "setsid", "nsenter", "-t", pid, "-m", "-u", "-n", "-p", "-r", "-w", "/bin/sh", "-c",
              command),
          stdin,
          COMMAND_LIMIT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The host key as a known_hosts line: {@code 10.99.N.2 ssh-ed25519 AAAA...}. */
  public String knownHostsLine() {
    try {
      String[] parts =
          Files.readString(dir.resolve("upper/etc/ssh/ssh_host_ed25519_key.pub"))
              .strip()
              .split("\\s+");
      return address() + " " + parts[0] + " " + parts[1];
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the host's PID 1 (sshd -e) and its start-up printed. */
  public String log() {
    try {
      Path log = dir.resolve("host.log");
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public String toString() {
    return name + " (" + address() + ")";
  }
}
