package dev.brigade.edge;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log: Combined Log Format plus upstream seconds, backend, cache status and request id,
 * written by its own thread so the event loops never block on disk. When the disk cannot keep up,
 * lines are dropped and counted rather than slowing traffic.
 *
 * <pre>
 * 127.0.0.1 - - [24/Nov/2026:23:10:00 +0000] "GET /news HTTP/1.1" 200 1234 "-" "curl/7.88" 0.021 app1/http - 8f3a...
 * </pre>
 */
final class AccessLog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AccessLog.class);
  static final DateTimeFormatter CLF_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(65_536);
  private final LongAdder dropped = new LongAdder();
  private final Thread writer;
  private volatile boolean closed;

  AccessLog(Path file) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    BufferedWriter out =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    writer = Thread.ofPlatform().daemon().name("brigade-access-log").start(() -> drain(out));
  }

  /** Queues one line; never blocks. */
  void log(
      String client,
      String method,
      String uri,
      String protocol,
      int status,
      long bytes,
      String referer,
      String userAgent,
      double upstreamSeconds,
      String backend,
      String cacheStatus,
      String requestId) {
    String line =
        client
            + " - - ["
            + CLF_TIME.format(Instant.now())
            + "] \""
            + clean(method)
            + " "
            + clean(uri)
            + " "
            + protocol
            + "\" "
            + status
            + " "
            + (bytes > 0 ? Long.toString(bytes) : "-")
            + " \""
            + clean(referer)
            + "\" \""
            + clean(userAgent)
            + "\" "
            + String.format(Locale.ROOT, "%.3f", upstreamSeconds)
            + " "
            + backend
            + " "
            + cacheStatus
            + " "
            + requestId;
    if (!queue.offer(line)) {
      dropped.increment();
    }
  }

  long dropped() {
    return dropped.sum();
  }

  private static String clean(String s) {
    if (s == null || s.isEmpty()) {
      return "-";
    }
    StringBuilder b = new StringBuilder(Math.min(s.length(), 512));
    for (int i = 0; i < s.length() && i < 2048; i++) {
      char c = s.charAt(i);
      b.append(
          c == '"' || c == '\\' || c < 0x20 || c == 0x7f
              ? String.format("\\x%02x", (int) c)
              : String.valueOf(c));
    }
    return b.toString();
  }

  private void drain(BufferedWriter out) {
    try (out) {
      while (!closed || !queue.isEmpty()) {
        String line = queue.poll(200, TimeUnit.MILLISECONDS);
        if (line == null) {
          out.flush();
          continue;
        }
        out.write(line);
        out.newLine();
        String more;
        while ((more = queue.poll()) != null) {
          out.write(more);
          out.newLine();
        }
        out.flush();
      }
    } catch (IOException e) {
      log.warn("access log stopped: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      writer.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
