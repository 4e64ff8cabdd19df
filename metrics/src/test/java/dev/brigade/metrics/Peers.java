package dev.brigade.metrics;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Helpers for tests against real peers (daemons from Debian packages) started on loopback: skip
 * when the package is missing, except under CI where that fails.
 */
final class Peers {
  private Peers() {}

  /** The binary's path; skips the test (fails under CI=true) when it is not installed. */
  static Path require(String binary, String debianPackage) {
    Path p = Path.of(binary);
    boolean present = Files.isExecutable(p);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(
          binary + " missing under CI: install Debian package " + debianPackage);
    }
    assumeTrue(present, "skipped: install Debian package " + debianPackage + " for " + binary);
    return p;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Starts a process with its output in {@code log}. */
  static Process start(List<String> command, Path log) throws IOException {
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** Waits until {@code port} accepts TCP connections, failing with the log when it never does. */
  static void awaitTcp(int port, Process p, Path log, Duration limit) throws Exception {
    long end = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < end) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException e) {
        if (!p.isAlive()) {
          throw new IllegalStateException(
              "peer exited with " + p.exitValue() + " before listening: " + tail(log));
        }
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException(
        "peer not listening on " + port + " in " + limit + ": " + tail(log));
  }

  /** Stops a process: TERM, then KILL after a few seconds. */
  static void stop(Process p) {
    if (p == null) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static String tail(Path log) {
    try {
      String s = Files.readString(log);
      return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Runs a command to its end, failing with its output unless it exits 0. */
  static String run(List<String> command, Duration limit) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readNBytes(1 << 20);
    if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(command.getFirst() + " did not finish in " + limit);
    }
    String text = new String(out, java.nio.charset.StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " exited " + p.exitValue() + ": " + text);
    }
    return text;
  }
}
