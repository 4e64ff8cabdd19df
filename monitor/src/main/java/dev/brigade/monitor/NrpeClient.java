package dev.brigade.monitor;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.Security;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * A client of the NRPE agent ({@code nagios-nrpe-server}), as check_nrpe is: it asks the agent to
 * run one of its configured commands and returns the command's status and output.
 *
 * <p>It speaks protocol v4 and, when the agent closes the connection on it (an agent older than
 * NRPE 3), v2; over TLS unless told otherwise. Connection failures and timeouts are CRITICAL; an
 * answer that is not valid NRPE (wrong version, type, length or CRC) is UNKNOWN.
 */
public final class NrpeClient {
  /** Longest command name accepted. */
  static final int MAX_COMMAND = 255;

  private NrpeClient() {}

  /** Runs {@code command} with {@code args} on the NRPE agent at {@code host:port}. */
  public static CheckResult query(
      String host,
      int port,
      String command,
      List<String> args,
      Duration timeout,
      NrpeOptions options) {
    return query(host, port, command, args, Deadline.after(timeout), options);
  }

  /** Like {@link #query(String, int, String, List, Duration, NrpeOptions)}, by {@code deadline}. */
  public static CheckResult query(
      String host,
      int port,
      String command,
      List<String> args,
      Deadline deadline,
      NrpeOptions options) {
    long start = System.nanoTime();
    String query;
    try {
      query = query(command, args);
    } catch (IllegalArgumentException e) {
      return Results.result(Status.UNKNOWN, "NRPE UNKNOWN - " + Results.message(e), "", start);
    }
    int version = options.version() == 0 ? 4 : options.version();
    try {
      NrpePacket.Response r;
      try {
        r = exchange(host, port, version, query, deadline, options);
      } catch (Fallback e) {
        if (options.version() != 0) {
          throw new Failure(
              Status.UNKNOWN, "NRPE UNKNOWN - " + where(host, port) + " " + e.getMessage(), false);
        }
        r = exchange(host, port, 2, query, deadline, options);
      }
      String text = r.text().isEmpty() ? "NRPE: no output from the command" : r.text();
      return new CheckResult(
          Status.ofExitCode(r.resultCode()),
          PluginOutput.parse(text),
          Duration.ofNanos(System.nanoTime() - start),
          false,
          false);
    } catch (Fallback e) {
      return Results.result(
          Status.UNKNOWN, "NRPE UNKNOWN - " + where(host, port) + " " + e.getMessage(), "", start);
    } catch (Failure f) {
      return Results.result(f.status, f.getMessage(), "", start, f.timedOut);
    }
  }

  /** The NRPE query text: the command, then each argument after a {@code !}. */
  static String query(String command, List<String> args) {
    if (command == null || command.isEmpty()) {
      throw new IllegalArgumentException("empty NRPE command name");
    }
    if (command.length() > MAX_COMMAND || !command.matches("[A-Za-z0-9_.:-]+")) {
      throw new IllegalArgumentException(
          "NRPE command name '"
              + Results.oneLine(command, 40)
              + "' is not 1-"
              + MAX_COMMAND
              + " letters, digits, _ . : -");
    }
    StringBuilder b = new StringBuilder(command);
    for (String a : args) {
      if (a.indexOf('!') >= 0 || a.chars().anyMatch(c -> c < 0x20)) {
        throw new IllegalArgumentException(
            "NRPE argument '" + Results.oneLine(a, 40) + "' contains '!' or a control character");
      }
      b.append('!').append(a);
    }
    return b.toString();
  }

  private static NrpePacket.Response exchange(
      String host, int port, int version, String query, Deadline deadline, NrpeOptions options)
      throws Failure, Fallback {
    byte[] packet = NrpePacket.query(version, query);
    try (Socket raw = new Socket();
        Deadline.Guard _ = deadline.guard(raw)) {
      try {
        raw.connect(new InetSocketAddress(host, port), remainingMillis(deadline));
      } catch (SocketTimeoutException e) {
        throw timeout(host, port, deadline);
      } catch (IOException e) {
        throw new Failure(
            Status.CRITICAL,
            "NRPE CRITICAL - connect to " + where(host, port) + ": " + Results.message(e),
            false);
      }
      Socket s = raw;
      if (options.tls()) {
        s = handshake(raw, host, port, deadline, options);
      }
      try {
        s.setSoTimeout(remainingMillis(deadline));
        OutputStream out = s.getOutputStream();
        out.write(packet);
        out.flush();
        InputStream in = s.getInputStream();
        s.setSoTimeout(remainingMillis(deadline));
        return NrpePacket.read(in);
      } catch (SocketTimeoutException e) {
        throw timeout(host, port, deadline);
      } catch (ProtocolException e) {
        throw new Failure(
            Status.UNKNOWN,
            "NRPE UNKNOWN - " + where(host, port) + " " + Results.message(e),
            false);
      } catch (IOException e) {
        if (deadline.expired()) {
          throw timeout(host, port, deadline);
        }
        if (e instanceof EOFException) {
          throw new Fallback(Results.message(e));
        }
        // a reset or a TLS close_notify after the query: an agent that does not speak this version
        throw new Fallback("failed the exchange: " + Results.message(e));
      }
    } catch (IOException e) {
      throw new Failure(
          Status.CRITICAL,
          "NRPE CRITICAL - " + where(host, port) + ": " + Results.message(e),
          false);
    }
  }

  private static SSLSocket handshake(
      Socket raw, String host, int port, Deadline deadline, NrpeOptions options) throws Failure {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new PinningTrustManager(options.pinSha256())}, null);
      SSLSocket ssl = (SSLSocket) ctx.getSocketFactory().createSocket(raw, host, port, true);
      if (options.anonymousDh()) {
        List<String> suites = new ArrayList<>(Arrays.asList(ssl.getEnabledCipherSuites()));
        for (String s : ssl.getSupportedCipherSuites()) {
          if (s.contains("_anon_") && !suites.contains(s)) {
            suites.add(s);
          }
        }
        ssl.setEnabledCipherSuites(suites.toArray(String[]::new));
      }
      ssl.setSoTimeout(remainingMillis(deadline));
      ssl.startHandshake();
      return ssl;
    } catch (SocketTimeoutException e) {
      throw timeout(host, port, deadline);
    } catch (IOException e) {
      if (deadline.expired()) {
        throw timeout(host, port, deadline);
      }
      if (e instanceof SSLException) {
        throw new Failure(
            Status.CRITICAL,
            "NRPE CRITICAL - TLS handshake with "
                + where(host, port)
                + " failed: "
                + Results.message(e)
                + hint(options),
            false);
      }
      throw new Failure(
          Status.CRITICAL,
          "NRPE CRITICAL - TLS with " + where(host, port) + ": " + Results.message(e),
          false);
    } catch (GeneralSecurityException e) {
      throw new Failure(
          Status.CRITICAL,
          "NRPE CRITICAL - TLS with " + where(host, port) + ": " + Results.message(e),
          false);
    }
  }

  /** Why a handshake with an agent that has no certificate fails. */
  private static String hint(NrpeOptions options) {
    if (!options.anonymousDh()) {
      return " (an agent without ssl_cert_file offers only anonymous DH)";
    }
    String disabled = Security.getProperty("jdk.tls.disabledAlgorithms");
    return disabled != null && disabled.matches("(?s).*\\banon\\b.*")
        ? " (this JVM disables anonymous DH: 'anon' is in jdk.tls.disabledAlgorithms)"
        : "";
  }

  private static Failure timeout(String host, int port, Deadline deadline) {
    return new Failure(
        Status.CRITICAL, "NRPE CRITICAL - no answer from " + where(host, port) + " in time", true);
  }

  private static int remainingMillis(Deadline deadline) throws Failure {
    try {
      return deadline.socketTimeoutMillis();
    } catch (SocketTimeoutException e) {
      throw new Failure(Status.CRITICAL, "NRPE CRITICAL - timed out", true);
    }
  }

  private static String where(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** The check's end, with its status and one-line text. */
  private static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    final Status status;
    final boolean timedOut;

    Failure(Status status, String text, boolean timedOut) {
      super(text, null, false, false);
      this.status = status;
      this.timedOut = timedOut;
    }
  }

  /** The agent hung up on a query: worth asking again in v2. */
  private static final class Fallback extends Exception {
    private static final long serialVersionUID = 1L;

    Fallback(String text) {
      super(text, null, false, false);
    }
  }
}
