package dev.brigade.monitor;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A long-lived Perl process that forks and execs plugins for the JVM, as Nagios 4's core workers do
 * for Nagios: a small process forks cheaply, while the JVM's only way on Linux is posix_spawn
 * through jspawnhelper, two execs per plugin (measured here: about 75 plugin runs a second against
 * about 110 through the worker; see bench/README.md). Perl is part of every Debian system
 * (perl-base is essential); without it, or with {@code -Dbrigade.plugins.worker=false}, plugins are
 * started by the JVM itself.
 */
final class PluginWorker {
  private static final Logger log = LoggerFactory.getLogger(PluginWorker.class);
  private static final int MAX_FRAME = 1 << 20;
  private static volatile PluginWorker shared;
  private static volatile boolean unavailable;

  /**
   * What a plugin run came to.
   *
   * @param exitCode the exit code; -1 killed at its timeout; -2 could not be started
   * @param cut whether stdout was cut at the limit
   * @param took how long it ran
   * @param stdout what it printed
   * @param stderr what it printed on stderr (or why it could not start)
   */
  record Reply(int exitCode, boolean cut, Duration took, String stdout, String stderr) {}

  private final Process process;
  private final OutputStream requests;
  private final Map<Long, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private volatile boolean dead;

  private PluginWorker(Process process) {
    this.process = process;
    this.requests = process.getOutputStream();
    Thread.ofPlatform()
        .daemon()
        .name("brigade-plugin-worker-reader")
        .start(() -> readReplies(process.getInputStream()));
  }

  /** The worker of this JVM, started on first use; empty when it cannot run. */
  static Optional<PluginWorker> shared() {
    PluginWorker w = shared;
    if (w != null && !w.dead) {
      return Optional.of(w);
    }
    if (unavailable || "false".equals(System.getProperty("brigade.plugins.worker"))) {
      return Optional.empty();
    }
    synchronized (PluginWorker.class) {
      if (shared == null || shared.dead) {
        try {
          shared = start();
        } catch (IOException e) {
          unavailable = true;
          log.info("no plugin worker ({}); the JVM starts plugins itself", e.getMessage());
          return Optional.empty();
        }
      }
      return Optional.of(shared);
    }
  }

  private static PluginWorker start() throws IOException {
    String script;
    try (InputStream in = PluginWorker.class.getResourceAsStream("plugin-worker.pl")) {
      if (in == null) {
        throw new IOException("plugin-worker.pl is missing from the jar");
      }
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Process p =
        new ProcessBuilder("perl", "-e", script)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    return new PluginWorker(p);
  }

  /** Runs {@code argv}; the future fails if the worker dies first. */
  CompletableFuture<Reply> submit(List<String> argv, Duration timeout, int maxOutputBytes) {
    long id = ids.incrementAndGet();
    CompletableFuture<Reply> f = new CompletableFuture<>();
    List<String> fields = new ArrayList<>();
    fields.add(Long.toString(id));
    fields.add(Long.toString(Math.max(1, timeout.toMillis())));
    fields.add(Integer.toString(maxOutputBytes));
    fields.addAll(argv);
    byte[] payload = String.join("\0", fields).getBytes(StandardCharsets.UTF_8);
    if (payload.length > MAX_FRAME || argv.stream().anyMatch(a -> a.indexOf('\0') >= 0)) {
      f.completeExceptionally(new IOException("command too long for the plugin worker"));
      return f;
    }
    pending.put(id, f);
    try {
      synchronized (requests) {
        requests.write(ByteBuffer.allocate(4).putInt(payload.length).array());
        requests.write(payload);
        requests.flush();
      }
    } catch (IOException e) {
      die(e);
    }
    if (dead) {
      fail(new IOException("the plugin worker has stopped"));
    }
    return f;
  }

  private void readReplies(InputStream raw) {
    DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16));
    try {
      while (true) {
        int len = in.readInt();
        if (len < 0 || len > 4 * MAX_FRAME) {
          throw new IOException("bad frame length " + len);
        }
        byte[] payload = in.readNBytes(len);
        if (payload.length < len) {
          throw new EOFException();
        }
        String[] f = new String(payload, StandardCharsets.UTF_8).split("\0", 6);
        if (f.length < 6) {
          throw new IOException("bad reply with " + f.length + " fields");
        }
        CompletableFuture<Reply> future = pending.remove(Long.parseLong(f[0]));
        if (future != null) {
          future.complete(
              new Reply(
                  Integer.parseInt(f[1]),
                  f[2].contains("t"),
                  Duration.ofNanos(Long.parseLong(f[3]) * 1000),
                  f[4],
                  f[5]));
        }
      }
    } catch (IOException | RuntimeException e) {
      die(e);
    }
  }

  private void die(Exception e) {
    if (!dead) {
      dead = true;
      log.warn(
          "the plugin worker stopped ({}); a new one starts with the next plugin", e.toString());
      process.destroyForcibly();
    }
    fail(new IOException("the plugin worker has stopped"));
  }

  private void fail(IOException e) {
    pending.values().forEach(f -> f.completeExceptionally(e));
    pending.clear();
  }
}
