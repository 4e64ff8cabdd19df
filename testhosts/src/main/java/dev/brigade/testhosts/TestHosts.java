package dev.brigade.testhosts;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * N real Debian hosts for a test, each in its own network namespace with its own sshd, reached from
 * the test's JVM at {@code 10.99.SLOT.2} with the fixture's client key; their host keys are in
 * {@link #knownHosts()}. Nothing of the machine's own network is touched: each host has a veth pair
 * on a /30 of its own and no route anywhere else.
 *
 * <pre>{@code
 * @RegisterExtension static TestHosts hosts = TestHosts.named("app", 3).withJdk();
 *
 * @Test
 * void something() {
 *   Host app1 = hosts.get(0).host(hosts.clientKey(), List.of("app"));
 *   // ... Remote with RemoteOptions.defaults().withKnownHosts(hosts.knownHosts()) ...
 * }
 * }</pre>
 *
 * <p>Needs root, iproute2, util-linux, debootstrap, openssh-client and overlayfs; without them the
 * test is skipped with a message naming what is missing (and fails under {@code CI=true}). The
 * first use builds the root file system with debootstrap (about a minute; see {@link
 * RootFilesystem}). Slots are claimed with file locks under {@code /run/brigade-testhosts}, so
 * parallel test JVMs never share an address, and a slot left behind by a killed JVM is cleaned up
 * by the next one that claims it.
 */
public final class TestHosts implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
  private static final Path SLOTS = Path.of("/run/brigade-testhosts");
  private static final Path WORK = Path.of("/var/tmp/brigade-testhosts");
  private static final int MAX_SLOT = 250;

  private final String prefix;
  private final int count;
  private final boolean withJdk;
  private final List<TestHost> hosts = new ArrayList<>();
  private final List<FileLock> slots = new ArrayList<>();
  private Path dir;
  private Thread shutdownHook;

  private TestHosts(String prefix, int count, boolean withJdk) {
    if (count < 1 || count > 64) {
      throw new IllegalArgumentException("1 to 64 test hosts, not " + count);
    }
    this.prefix = prefix;
    this.count = count;
    this.withJdk = withJdk;
  }

  /** {@code count} hosts named {@code PREFIX1}, {@code PREFIX2}, ... */
  public static TestHosts named(String prefix, int count) {
    return new TestHosts(prefix, count, false);
  }

  /** The same hosts with this test run's JDK mounted read-only at {@code /opt/jdk} inside. */
  public TestHosts withJdk() {
    return new TestHosts(prefix, count, true);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** Builds (once) the root file system and starts every host; skips without the requirements. */
  public TestHosts start() throws IOException, InterruptedException {
    Requirements.require();
    Path lower = RootFilesystem.get();
    Files.createDirectories(WORK);
    dir = Files.createTempDirectory(WORK, "run-");
    Path clientKey = dir.resolve("client_key");
    Commands.run(
        List.of(
            "ssh-keygen",
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            "brigade-test",
            "-f",
            clientKey.toString()),
        Duration.ofSeconds(30));
    shutdownHook = new Thread(this::close, "testhosts-teardown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    Optional<Path> jdk =
        withJdk ? Optional.of(Path.of(System.getProperty("java.home"))) : Optional.empty();
    for (int i = 1; i <= count; i++) {
      int slot = claimSlot();
      hosts.add(
          new TestHost(
              prefix + i,
              slot,
              dir.resolve(prefix + i),
              lower,
              dir.resolve("client_key.pub"),
              jdk));
    }
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> started = new ArrayList<>();
      for (TestHost h : hosts) {
        started.add(
            threads.submit(
                () -> {
                  h.create();
                  return null;
                }));
      }
      for (Future<?> f : started) {
        f.get();
      }
    } catch (java.util.concurrent.ExecutionException e) {
      close();
      throw new IllegalStateException("cannot start the test hosts: " + e.getCause(), e);
    }
    writeKnownHosts();
    return this;
  }

  /** The hosts, in order. */
  public List<TestHost> hosts() {
    return List.copyOf(hosts);
  }

  /** Host {@code i} (0-based). */
  public TestHost get(int i) {
    return hosts.get(i);
  }

  /** The private key every host lets root in with. */
  public Path clientKey() {
    return dir.resolve("client_key");
  }

  /**
   * An OpenSSH known_hosts file with every host's key, as started; {@link TestHost#changeHostKey}
   * does not update it (that is the point of changing a key).
   */
  public Path knownHosts() {
    return dir.resolve("known_hosts");
  }

  /** A scratch directory that is deleted with the hosts. */
  public Path directory() {
    return dir;
  }

  private void writeKnownHosts() throws IOException {
    StringBuilder lines = new StringBuilder();
    for (TestHost h : hosts) {
      lines.append(h.knownHostsLine()).append('\n');
    }
    Files.writeString(knownHosts(), lines.toString());
  }

  /** Kills every host, deletes its namespace, veth and files, and gives up the slots. */
  @Override
  public synchronized void close() {
    for (TestHost h : hosts) {
      h.stop();
    }
    for (TestHost h : hosts) {
      removeNetwork(slotOf(h));
    }
    hosts.clear();
    if (dir != null) {
      Commands.quietly(
          List.of("rm", "-rf", "--one-file-system", dir.toString()), Duration.ofMinutes(5));
      dir = null;
    }
    for (FileLock lock : slots) {
      try {
        lock.channel().close();
      } catch (IOException e) {
        // released with the channel either way
      }
    }
    slots.clear();
    if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway and finds nothing left to do
      }
      shutdownHook = null;
    }
  }

  private static int slotOf(TestHost h) {
    String a = h.address();
    return Integer.parseInt(a.split("\\.")[2]);
  }

  /** Claims a free slot, cleaning up what a killed JVM may have left on it. */
  private int claimSlot() throws IOException {
    Files.createDirectories(SLOTS);
    for (int slot = 1; slot <= MAX_SLOT; slot++) {
      FileChannel channel =
          FileChannel.open(
              SLOTS.resolve("slot-" + slot + ".lock"),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException mine) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        continue;
      }
      slots.add(lock);
      removeNetwork(slot); // leftovers of a JVM that died holding this slot
      return slot;
    }
    throw new IllegalStateException("all " + MAX_SLOT + " test host slots are taken");
  }

  private static void removeNetwork(int slot) {
    String ns = TestHost.namespace(slot);
    if (Files.exists(Path.of("/run/netns", ns))) {
      try {
        String pids =
            Commands.result(List.of("ip", "netns", "pids", ns), null, Duration.ofSeconds(10))
                .output();
        for (String pid : pids.strip().split("\\s+")) {
          if (!pid.isEmpty()) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
          }
        }
      } catch (IOException | NumberFormatException e) {
        // nothing running there
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Commands.quietly(List.of("ip", "link", "del", TestHost.veth(slot)));
    Commands.quietly(List.of("ip", "netns", "del", ns));
  }

  /** For messages: the hosts and their addresses. */
  @Override
  public String toString() {
    return hosts.toString();
  }
}
