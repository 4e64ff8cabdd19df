package dev.brigade.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A memcached daemon (Debian's {@code memcached} package) run for the demo as its own process on a
 * free loopback port: the cache layer of the seed's "Drupal + Page Cache + memcached". Killed when
 * closed.
 *
 * <pre>{@code
 * if (MemcachedServer.installed(MemcachedServer.BINARY)) {
 *   try (MemcachedServer m = MemcachedServer.start(MemcachedServer.BINARY, "127.0.0.1")) {
 *     System.out.println(m.address() + " " + m.stats().get("get_hits"));
 *   }
 * }
 * }</pre>
 */
public final class MemcachedServer implements AutoCloseable {
  /** Where Debian's memcached package installs the daemon. */
  public static final Path BINARY = Path.of("/usr/bin/memcached");

  /** The Debian package to install for it. */
  public static final String PACKAGE = "memcached";

  private static final Duration STARTUP = Duration.ofSeconds(10);
  private static final int ATTEMPTS = 3;

  private final Process process;
  private final InetSocketAddress address;
  private final MemcachedClient client;

  private MemcachedServer(Process process, InetSocketAddress address) {
    this.process = process;
    this.address = address;
    this.client = new MemcachedClient(address, 1, Duration.ofSeconds(2));
  }

  /** Whether the daemon is installed at {@code binary}. */
  public static boolean installed(Path binary) {
    return Files.isExecutable(binary);
  }

  /**
   * Starts the daemon on a free port of {@code bindAddress} with 64 MB of memory, and waits until
   * it accepts connections.
   *
   * @throws UncheckedIOException when it cannot be started or never listens
   */
  public static MemcachedServer start(Path binary, String bindAddress) {
    IOException last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int port = freePort(bindAddress);
      List<String> command = new ArrayList<>();
      command.addAll(
          List.of(binary.toString(), "-l", bindAddress, "-p", Integer.toString(port), "-U", "0"));
      command.addAll(List.of("-m", "64", "-c", "512", "-t", "2"));
      if ("root".equals(System.getProperty("user.name"))) {
        command.addAll(List.of("-u", "nobody")); // memcached refuses to run as root
      }
      Process p;
      try {
        p =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot run " + binary + ": " + e.getMessage(), e);
      }
      InetSocketAddress address = new InetSocketAddress(bindAddress, port);
      try {
        awaitListening(p, address);
        return new MemcachedServer(p, address);
      } catch (IOException e) {
        last = e; // most likely someone took the port in between: try another
        kill(p);
      } catch (InterruptedException e) {
        kill(p);
        Thread.currentThread().interrupt();
        throw new UncheckedIOException(new IOException("interrupted", e));
      }
    }
    throw new UncheckedIOException(
        "memcached did not start: " + (last == null ? "" : last.getMessage()), last);
  }

  private static int freePort(String bindAddress) {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(bindAddress))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + bindAddress + ": " + e.getMessage(), e);
    }
  }

  private static void awaitListening(Process p, InetSocketAddress address)
      throws IOException, InterruptedException {
    long end = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < end) {
      try (Socket s = new Socket()) {
        s.connect(address, 200);
        return;
      } catch (IOException e) {
        if (p.waitFor(50, TimeUnit.MILLISECONDS)) {
          throw new IOException("memcached exited with " + p.exitValue() + " before listening");
        }
      }
    }
    throw new IOException("memcached did not listen on " + address + " within " + STARTUP);
  }

  /** Where it listens. */
  public InetSocketAddress address() {
    return address;
  }

  /** True while the process runs. */
  public boolean running() {
    return process.isAlive();
  }

  /** The daemon's {@code stats} (get_hits, get_misses, curr_items, ...). */
  public Map<String, String> stats() throws IOException {
    return client.stats();
  }

  /** Stops the daemon: TERM, then KILL after a few seconds. */
  @Override
  public void close() {
    client.close();
    kill(process);
  }

  private static void kill(Process p) {
    p.destroy();
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "memcached " + address.getHostString() + ":" + address.getPort();
  }
}
