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
import java.util.List;
import java.util.Locale;

/**
 * Checks an SMTP server as check_smtp does: a {@code 220} banner, {@code EHLO} answered with {@code
 * 250}, optionally {@code STARTTLS} among the extensions, then {@code QUIT}.
 */
public final class SmtpCheck {
  /** Longest reply line read (RFC 5321 allows 512). */
  static final int MAX_LINE = 1000;

  /** Most lines of one multi-line reply. */
  static final int MAX_LINES = 100;

  private SmtpCheck() {}

  /** A reply: its code and its lines' texts. */
  record Reply(int code, List<String> lines) {
    String first() {
      return lines.isEmpty() ? "" : lines.getFirst();
    }
  }

  /**
   * Talks to the SMTP server at {@code host:port}: OK when it greets and answers EHLO (and
   * advertises STARTTLS when {@code requireStartTls}), CRITICAL otherwise.
   */
  public static CheckResult check(
      String host, int port, boolean requireStartTls, Duration timeout) {
    return check(host, port, requireStartTls, Thresholds.NONE, timeout);
  }

  /**
   * Like {@link #check(String, int, boolean, Duration)}, and WARNING or CRITICAL when the time of
   * the whole dialogue in seconds crosses {@code time}, as check_smtp's {@code -w} and {@code -c}.
   */
  public static CheckResult check(
      String host, int port, boolean requireStartTls, Thresholds time, Duration timeout) {
    return check(host, port, requireStartTls, time, Deadline.after(timeout));
  }

  /** Like {@link #check(String, int, boolean, Thresholds, Duration)}, done by {@code deadline}. */
  public static CheckResult check(
      String host, int port, boolean requireStartTls, Thresholds time, Deadline deadline) {
    long start = System.nanoTime();
    Duration timeout = deadline.remaining();
    String where = host + ":" + port;
    try (Socket s = new Socket();
        Deadline.Guard _ = deadline.guard(s)) {
      s.connect(new InetSocketAddress(host, port), deadline.socketTimeoutMillis());
      s.setSoTimeout(deadline.socketTimeoutMillis());
      InputStream in = new java.io.BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      Reply banner = reply(in);
      if (banner.code() != 220) {
        return fail(where + " greeted with " + banner.code() + " " + banner.first(), start);
      }
      send(out, "EHLO brigade-check");
      Reply ehlo = reply(in);
      if (ehlo.code() != 250) {
        return fail(where + " answered EHLO with " + ehlo.code() + " " + ehlo.first(), start);
      }
      boolean startTls =
          ehlo.lines().stream()
              .anyMatch(l -> l.strip().toUpperCase(Locale.ROOT).equals("STARTTLS"));
      send(out, "QUIT");
      try {
        reply(in);
      } catch (IOException e) {
        // the check is done; a server closing on QUIT without 221 is fine
      }
      double secs = Results.seconds(start);
      String perf = Results.time("time", secs, time, timeout);
      String text =
          String.format(
              Locale.ROOT,
              "%.3f sec. response time, %s, %s",
              secs,
              Results.oneLine(banner.first(), 80),
              startTls ? "STARTTLS offered" : "no STARTTLS");
      if (requireStartTls && !startTls) {
        return Results.result(
            Status.CRITICAL, "SMTP CRITICAL - STARTTLS not offered: " + text, perf, start);
      }
      Status status = time.status(secs);
      return Results.result(status, "SMTP " + status + " - " + text, perf, start);
    } catch (IOException e) {
      if (Results.timedOut(e, deadline)) {
        return Results.result(
            Status.CRITICAL,
            "SMTP CRITICAL - no answer from " + where + " in time",
            "",
            start,
            true);
      }
      return fail(where + ": " + Results.message(e), start);
    }
  }

  private static CheckResult fail(String text, long start) {
    return Results.result(Status.CRITICAL, "SMTP CRITICAL - " + text, "", start);
  }

  private static void send(OutputStream out, String command) throws IOException {
    out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Reads one reply: lines {@code NNN-text} up to one {@code NNN text}, bounded. */
  static Reply reply(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    int code = -1;
    while (true) {
      if (lines.size() >= MAX_LINES) {
        throw new ProtocolException("reply longer than " + MAX_LINES + " lines");
      }
      String line = line(in);
      if (line.length() < 3 || !line.substring(0, 3).matches("[2-5][0-9][0-9]")) {
        throw new ProtocolException(
            "answered '" + Results.oneLine(line, 60) + "', not an SMTP reply");
      }
      int c = Integer.parseInt(line.substring(0, 3));
      if (code >= 0 && c != code) {
        throw new ProtocolException("reply mixes codes " + code + " and " + c);
      }
      code = c;
      lines.add(line.length() > 4 ? line.substring(4) : "");
      if (line.length() == 3 || line.charAt(3) == ' ') {
        return new Reply(code, lines);
      }
      if (line.charAt(3) != '-') {
        throw new ProtocolException(
            "answered '" + Results.oneLine(line, 60) + "', not an SMTP reply");
      }
    }
  }

  private static String line(InputStream in) throws IOException {
    String line = Results.readLine(in, MAX_LINE);
    if (line == null) {
      throw new ProtocolException("closed the connection in the middle of a reply");
    }
    return line;
  }
}
