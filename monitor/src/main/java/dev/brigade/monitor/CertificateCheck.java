package dev.brigade.monitor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * Checks the certificate a TLS server presents, as {@code check_http -C} does: the days until the
 * leaf certificate expires against warning and critical limits; CRITICAL when it has expired or the
 * handshake fails. It looks at the certificate and does not verify its chain of trust.
 */
public final class CertificateCheck {
  /** Default days before expiry that warn. */
  public static final int WARN_DAYS = 30;

  /** Default days before expiry that are critical. */
  public static final int CRIT_DAYS = 14;

  private CertificateCheck() {}

  /** Checks {@code host:port} with SNI {@code host} and the default limits of 30 and 14 days. */
  public static CheckResult check(String host, int port, Duration timeout) {
    return check(host, port, host, WARN_DAYS, CRIT_DAYS, timeout);
  }

  /**
   * Shakes hands with {@code host:port}, sending {@code serverName} as SNI, and checks the days
   * until the server's certificate expires: WARNING under {@code warnDays}, CRITICAL under {@code
   * critDays}.
   */
  public static CheckResult check(
      String host, int port, String serverName, int warnDays, int critDays, Duration timeout) {
    return check(host, port, serverName, warnDays, critDays, timeout, Instant.now());
  }

  static CheckResult check(
      String host,
      int port,
      String serverName,
      int warnDays,
      int critDays,
      Duration timeout,
      Instant now) {
    return check(host, port, serverName, warnDays, critDays, Deadline.after(timeout), now);
  }

  /** Like {@link #check(String, int, String, int, int, Duration)}, done by {@code deadline}. */
  public static CheckResult check(
      String host, int port, String serverName, int warnDays, int critDays, Deadline deadline) {
    return check(host, port, serverName, warnDays, critDays, deadline, Instant.now());
  }

  static CheckResult check(
      String host,
      int port,
      String serverName,
      int warnDays,
      int critDays,
      Deadline deadline,
      Instant now) {
    long start = System.nanoTime();
    Duration timeout = deadline.remaining();
    String where = host + ":" + port;
    X509Certificate leaf;
    try (Socket raw = new Socket();
        Deadline.Guard _ = deadline.guard(raw)) {
      raw.connect(new InetSocketAddress(host, port), deadline.socketTimeoutMillis());
      raw.setSoTimeout(deadline.socketTimeoutMillis());
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new PinningTrustManager(Optional.empty())}, null);
      try (SSLSocket ssl =
          (SSLSocket) ctx.getSocketFactory().createSocket(raw, serverName, port, true)) {
        ssl.startHandshake();
        Certificate[] chain = ssl.getSession().getPeerCertificates();
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate x)) {
          return fail(where + " presented no X.509 certificate", start);
        }
        leaf = x;
      }
    } catch (IOException e) {
      if (Results.timedOut(e, deadline)) {
        return Results.result(
            Status.CRITICAL,
            "CERT CRITICAL - no answer from " + where + " in time",
            "",
            start,
            true);
      }
      if (e instanceof SSLException) {
        return fail("TLS handshake with " + where + " failed: " + Results.message(e), start);
      }
      return fail(where + ": " + Results.message(e), start);
    } catch (GeneralSecurityException e) {
      return fail(where + ": " + Results.message(e), start);
    }
    Instant notAfter = leaf.getNotAfter().toInstant();
    double days = Duration.between(now, notAfter).toSeconds() / 86400.0;
    Thresholds t = Thresholds.of(warnDays + ":", critDays + ":");
    Status status = days < 0 ? Status.CRITICAL : t.status(days);
    String subject = Results.oneLine(leaf.getSubjectX500Principal().getName(), 120);
    String text =
        days < 0
            ? String.format(
                Locale.ROOT,
                "certificate '%s' expired %s (%d days ago)",
                subject,
                notAfter,
                (long) Math.ceil(-days))
            : String.format(
                Locale.ROOT,
                "certificate '%s' expires in %d days (%s)",
                subject,
                (long) Math.floor(days),
                notAfter);
    String perf =
        Results.perf("days", Math.floor(days * 100) / 100, "", t, "")
            + " "
            + Results.time("time", Results.seconds(start), timeout);
    return Results.result(status, "CERT " + status + " - " + text, perf, start);
  }

  private static CheckResult fail(String text, long start) {
    return Results.result(Status.CRITICAL, "CERT CRITICAL - " + text, "", start);
  }
}
