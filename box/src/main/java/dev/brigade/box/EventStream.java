package dev.brigade.box;

import com.sun.net.httpserver.HttpExchange;
import dev.brigade.box.web.BoxContext;
import dev.brigade.monitor.CheckView;
import dev.brigade.monitor.Monitor;
import dev.brigade.monitor.MonitorJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/stream}: Server-Sent Events (HTML Living Standard, section 9.2) of state changes.
 * Each {@code check} event carries one {@link MonitorJson.Check}; each batch ends with a {@code
 * counts} event ({@code problems}, {@code unhandled}); a comment every 15 seconds keeps proxies
 * from closing the stream; {@code reload} asks a client that fell behind to load the page.
 */
final class EventStream {
  private static final long BATCH_MILLIS = 250;
  private final LiveFeed feed;
  private final BoxContext box;

  EventStream(LiveFeed feed, BoxContext box) {
    this.feed = feed;
    this.box = box;
  }

  void serve(HttpExchange x) throws IOException {
    LiveFeed.Subscriber s = feed.subscribe();
    if (s == null) {
      x.getResponseHeaders().set("Retry-After", "10");
      Wire.problem(x, 503, "Service Unavailable", "too many open streams", null);
      return;
    }
    try {
      x.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
      x.getResponseHeaders().set("Cache-Control", "no-store");
      x.getResponseHeaders().set("X-Accel-Buffering", "no");
      x.sendResponseHeaders(200, 0);
      OutputStream out = x.getResponseBody();
      write(out, "retry: 3000\n" + counts() + ": connected\n\n");
      while (!Thread.currentThread().isInterrupted()) {
        String first = s.ids.poll(15, TimeUnit.SECONDS);
        if (first == null) {
          write(out, ": keep-alive\n\n");
          continue;
        }
        Set<String> ids = new LinkedHashSet<>();
        ids.add(first);
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BATCH_MILLIS);
        String more;
        while ((more = s.ids.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS)) != null) {
          ids.add(more);
        }
        if (s.overflowed) {
          s.overflowed = false;
          write(out, "event: reload\ndata: {}\n\n");
          continue;
        }
        Monitor m = box.monitor();
        StringBuilder b = new StringBuilder();
        for (String id : ids) {
          m.check(id)
              .ifPresent(
                  v ->
                      b.append("event: check\ndata: ")
                          .append(MonitorJson.write(MonitorJson.Check.of(v)))
                          .append("\n\n"));
        }
        b.append(counts());
        write(out, b.toString());
      }
    } catch (IOException | InterruptedException e) {
      // the client went away, or the box stops
    } finally {
      feed.unsubscribe(s);
      x.close();
    }
  }

  private String counts() {
    int problems = 0;
    int unhandled = 0;
    for (CheckView v : box.monitor().checks()) {
      if (v.isProblem()) {
        problems++;
        if (!v.acknowledged() && !v.inDowntime()) {
          unhandled++;
        }
      }
    }
    return "event: counts\ndata: "
        + BoxJson.write(Map.of("problems", problems, "unhandled", unhandled))
        + "\n\n";
  }

  private static void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
