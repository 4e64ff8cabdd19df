package dev.brigade.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that need no process: TCP connect and HTTP GET, timed, with performance data in the plugin
 * format so that graphs and thresholds treat them like any plugin's.
 */
public final class BuiltinChecks {
  /** Most bytes of an HTTP response read by a check. */
  static final int MAX_RESPONSE = 64 * 1024;

  private BuiltinChecks() {}

  /** Connects to {@code host:port}: OK when it accepts, CRITICAL when refused or too slow. */
  public static CheckResult tcp(String host, int port, Duration timeout) {
    return tcp(host, port, Thresholds.NONE, timeout);
  }

  /**
   * Like {@link #tcp(String, int, Duration)}, and WARNING or CRITICAL when the connect time in
   * seconds crosses {@code time}, as check_tcp's {@code -w} and {@code -c} do.
   */
  public static CheckResult tcp(String host, int port, Thresholds time, Duration timeout) {
    return tcp(host, port, time, Deadline.after(timeout));
  }

  /** Like {@link #tcp(String, int, Thresholds, Duration)}, done by {@code deadline}. */
  public static CheckResult tcp(String host, int port, Thresholds time, Deadline deadline) {
    long start = System.nanoTime();
    Duration timeout = deadline.remaining();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), deadline.socketTimeoutMillis());
      double secs = seconds(start);
      if (selfConnected(s)) {
        return result(
            Status.CRITICAL,
            "TCP CRITICAL - " + host + " port " + port + ": Connection refused (self-connect)",
            "",
            start);
      }
      Status status = time.status(secs);
      return result(
          status,
          String.format(
              Locale.ROOT,
              "TCP %s - %.3f second response time on %s port %d",
              status,
              secs,
              host,
              port),
          Results.time("time", secs, time, timeout),
          start);
    } catch (IOException e) {
      return failure("TCP", host + " port " + port, e, deadline, timeout, start);
    }
  }

  /**
   * Whether {@code host} answers an ICMP echo (as root; otherwise a TCP echo, where a refused
   * connection also counts as alive): OK with the round trip, CRITICAL when nothing answers.
   */
  public static CheckResult ping(String host, Duration timeout) {
    return ping(host, Deadline.after(timeout));
  }

  /** Like {@link #ping(String, Duration)}, done by {@code deadline}. */
  public static CheckResult ping(String host, Deadline deadline) {
    long start = System.nanoTime();
    Duration timeout = deadline.remaining();
    try {
      boolean alive =
          java.net.InetAddress.getByName(host).isReachable(deadline.socketTimeoutMillis());
      double secs = seconds(start);
      if (alive) {
        return result(
            Status.OK,
            String.format(Locale.ROOT, "PING OK - %s answers, rta %.3f ms", host, secs * 1000),
            String.format(Locale.ROOT, "rta=%.3fms;;;0", secs * 1000),
            start);
      }
      return result(
          Status.CRITICAL,
          "PING CRITICAL - " + host + " does not answer within " + timeout.toMillis() + " ms",
          "",
          start);
    } catch (IOException e) {
      return result(Status.CRITICAL, "PING CRITICAL - " + host + ": " + e.getMessage(), "", start);
    }
  }

  /**
   * GETs {@code path} from {@code host:port} over HTTP/1.1: OK when the status is {@code expect},
   * CRITICAL otherwise, with response time and size as performance data.
   */
  public static CheckResult http(String host, int port, String path, int expect, Duration timeout) {
    return http(
        host, port, path, Set.of(expect), Optional.empty(), false, Thresholds.NONE, timeout);
  }

  /**
   * Like {@link #http(String, int, String, int, Duration)}, over TLS when {@code tls} (the
   * certificate is judged by {@link CertificateCheck}, not here): OK when the status is one of
   * {@code expect}, CRITICAL when the body does not contain {@code body}, and WARNING or CRITICAL
   * when the response time in seconds crosses {@code time}, as check_http's {@code -e}, {@code -s},
   * {@code -w} and {@code -c} do.
   */
  public static CheckResult http(
      String host,
      int port,
      String path,
      Set<Integer> expect,
      Optional<String> body,
      boolean tls,
      Thresholds time,
      Duration timeout) {
    return http(host, port, path, expect, body, tls, time, Deadline.after(timeout));
  }

  /**
   * Like {@link #http(String, int, String, Set, Optional, boolean, Thresholds, Duration)}, done by
   * {@code deadline}: connect, handshake, request and the whole response share it.
   */
  public static CheckResult http(
      String host,
      int port,
      String path,
      Set<Integer> expect,
      Optional<String> body,
      boolean tls,
      Thresholds time,
      Deadline deadline) {
    long start = System.nanoTime();
    Duration timeout = deadline.remaining();
    try (Socket plain = new Socket();
        Deadline.Guard _ = deadline.guard(plain)) {
      plain.connect(new InetSocketAddress(host, port), deadline.socketTimeoutMillis());
      plain.setSoTimeout(deadline.socketTimeoutMillis());
      if (selfConnected(plain)) {
        return result(
            Status.CRITICAL,
            "HTTP CRITICAL - " + host + ":" + port + ": Connection refused (self-connect)",
            "",
            start);
      }
      Socket s = tls ? TlsSockets.wrap(plain, host, port) : plain;
      OutputStream out = s.getOutputStream();
      String hostHeader = host.contains(":") ? "[" + host + "]" : host;
      out.write(
          ("GET "
                  + path
                  + " HTTP/1.1\r\nHost: "
                  + hostHeader
                  + ":"
                  + port
                  + "\r\nUser-Agent: brigade-check\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] reply = in.readNBytes(MAX_RESPONSE);
      double secs = seconds(start);
      String text = new String(reply, StandardCharsets.ISO_8859_1);
      String statusLine = text.lines().findFirst().orElse("");
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[0-9]{3}")) {
        return result(
            Status.CRITICAL,
            "HTTP CRITICAL - invalid response from " + host + ":" + port,
            "",
            start);
      }
      int status = Integer.parseInt(parts[1]);
      String perf = Results.time("time", secs, time, timeout) + " size=" + reply.length + "B;;;0";
      boolean expected = expect.contains(status);
      int bodyAt = text.indexOf("\r\n\r\n");
      if (expected
          && body.isPresent()
          && (bodyAt < 0 || !text.substring(bodyAt + 4).contains(body.get()))) {
        return result(
            Status.CRITICAL,
            "HTTP CRITICAL - "
                + statusLine.strip()
                + " - body does not contain '"
                + body.get()
                + "'",
            perf,
            start);
      }
      Status judged = expected ? time.status(secs) : Status.CRITICAL;
      String line =
          String.format(
              Locale.ROOT,
              "HTTP %s - %s - %d bytes in %.3f second response time",
              judged,
              statusLine.strip(),
              reply.length,
              secs);
      return result(
          judged, line + (expected ? "" : " (expected " + codes(expect) + ")"), perf, start);
    } catch (IOException e) {
      return failure("HTTP", host + ":" + port, e, deadline, timeout, start);
    }
  }

  /** CRITICAL for a connection that failed or was not answered in time. */
  private static CheckResult failure(
      String kind, String where, IOException e, Deadline deadline, Duration timeout, long start) {
    boolean late = Results.timedOut(e, deadline);
    String why =
        late
            ? "no answer from " + where + " within " + timeout.toMillis() + " ms"
            : where + ": " + Results.message(e);
    return Results.result(Status.CRITICAL, kind + " CRITICAL - " + why, "", start, late);
  }

  /**
   * True when a connect to a closed local port in the ephemeral range was given that same port as
   * its source and "succeeded" by connecting to itself (TCP simultaneous open): no listener is
   * there, so it is a refusal.
   */
  static boolean selfConnected(Socket s) {
    return s.getLocalPort() == s.getPort() && s.getLocalAddress().equals(s.getInetAddress());
  }

  private static String codes(Set<Integer> expect) {
    return String.join(" or ", expect.stream().sorted().map(String::valueOf).toList());
  }

  private static double seconds(long start) {
    return Results.seconds(start);
  }

  private static CheckResult result(Status status, String text, String perf, long start) {
    return Results.result(status, text, perf, start);
  }
}
