package dev.brigade.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a memcached server over its text protocol: it must answer {@code stats}; the hit ratio,
 * evictions and current connections are reported as performance data and compared with optional
 * thresholds.
 */
public final class MemcachedCheck {
  /** Most {@code STAT} lines read. */
  static final int MAX_STATS = 500;

  /** Longest line read. */
  static final int MAX_LINE = 1024;

  private MemcachedCheck() {}

  /**
   * Asks memcached at {@code host:port} for its stats.
   *
   * @param hitRatio thresholds on the hit ratio in percent (e.g. warn {@code 90:}), if any
   * @param evictions thresholds on the evictions counter
   * @param connections thresholds on the current connections
   */
  public static CheckResult check(
      String host,
      int port,
      Duration timeout,
      Thresholds hitRatio,
      Thresholds evictions,
      Thresholds connections) {
    return check(host, port, Deadline.after(timeout), hitRatio, evictions, connections);
  }

  /**
   * Like {@link #check(String, int, Duration, Thresholds, Thresholds, Thresholds)}, by a deadline.
   */
  public static CheckResult check(
      String host,
      int port,
      Deadline deadline,
      Thresholds hitRatio,
      Thresholds evictions,
      Thresholds connections) {
    long start = System.nanoTime();
    Duration timeout = deadline.remaining();
    Map<String, String> stats;
    try (Socket s = new Socket();
        Deadline.Guard _ = deadline.guard(s)) {
      s.connect(new InetSocketAddress(host, port), deadline.socketTimeoutMillis());
      s.setSoTimeout(deadline.socketTimeoutMillis());
      OutputStream out = s.getOutputStream();
      out.write("stats\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      stats = read(new java.io.BufferedInputStream(s.getInputStream()));
      try {
        out.write("quit\r\n".getBytes(StandardCharsets.US_ASCII));
      } catch (IOException e) {
        // the stats are in; a server hanging up early is fine
      }
    } catch (ProtocolException e) {
      return Results.result(
          Status.UNKNOWN,
          "MEMCACHED UNKNOWN - " + host + ":" + port + " " + Results.message(e),
          "",
          start);
    } catch (IOException e) {
      if (Results.timedOut(e, deadline)) {
        return Results.result(
            Status.CRITICAL,
            "MEMCACHED CRITICAL - no answer from " + host + ":" + port + " in time",
            "",
            start,
            true);
      }
      return Results.result(
          Status.CRITICAL,
          "MEMCACHED CRITICAL - " + host + ":" + port + ": " + Results.message(e),
          "",
          start);
    }
    double secs = Results.seconds(start);
    try {
      long hits = number(stats, "get_hits");
      long misses = number(stats, "get_misses");
      long evicted = number(stats, "evictions");
      long conns = number(stats, "curr_connections");
      double ratio = hits + misses == 0 ? 100 : 100.0 * hits / (hits + misses);
      Status status =
          hitRatio.status(ratio).worst(evictions.status(evicted)).worst(connections.status(conns));
      List<String> perf = new ArrayList<>();
      perf.add(Results.time("time", secs, timeout));
      perf.add(Results.perf("hit_ratio", round(ratio), "%", hitRatio, "0;100"));
      perf.add(Results.perf("evictions", evicted, "c", evictions, "0"));
      perf.add(Results.perf("curr_connections", conns, "", connections, "0"));
      String text =
          String.format(
              Locale.ROOT,
              "MEMCACHED %s - version %s, hit ratio %.2f%% (%d hits, %d misses), %d evictions,"
                  + " %d connections, %.3f s response time",
              status,
              Results.oneLine(stats.getOrDefault("version", "?"), 40),
              ratio,
              hits,
              misses,
              evicted,
              conns,
              secs);
      return Results.result(status, text, String.join(" ", perf), start);
    } catch (ProtocolException e) {
      return Results.result(
          Status.UNKNOWN,
          "MEMCACHED UNKNOWN - " + host + ":" + port + " " + Results.message(e),
          "",
          start);
    }
  }

  /** Reads {@code STAT name value} lines up to {@code END}, bounded in lines and line length. */
  static Map<String, String> read(InputStream in) throws IOException {
    Map<String, String> stats = new LinkedHashMap<>();
    for (int n = 0; ; n++) {
      if (n > MAX_STATS) {
        throw new ProtocolException("answered more than " + MAX_STATS + " stats lines");
      }
      String line = line(in);
      if (line == null) {
        throw new ProtocolException("closed the connection before END of the stats");
      }
      if (line.equals("END")) {
        return stats;
      }
      String[] f = line.split(" ", 3);
      if (f.length != 3 || !f[0].equals("STAT")) {
        throw new ProtocolException(
            "answered '" + Results.oneLine(line, 60) + "' instead of a STAT line");
      }
      stats.put(f[1], f[2]);
    }
  }

  private static String line(InputStream in) throws IOException {
    return Results.readLine(in, MAX_LINE);
  }

  private static long number(Map<String, String> stats, String name) throws ProtocolException {
    String v = stats.get(name);
    if (v == null) {
      throw new ProtocolException("answered no stat " + name);
    }
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new ProtocolException(
          "answered stat " + name + " = '" + Results.oneLine(v, 30) + "', not a number");
    }
  }

  private static double round(double d) {
    return Math.round(d * 100) / 100.0;
  }
}
