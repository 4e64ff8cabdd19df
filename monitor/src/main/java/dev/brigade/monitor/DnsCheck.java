package dev.brigade.monitor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Resolves a name's A and AAAA records against one given DNS server, as check_dns does: CRITICAL
 * when the server does not answer, answers an error, has no address, or not the expected one.
 */
public final class DnsCheck {
  /** Longest DNS name accepted. */
  static final int MAX_NAME = 253;

  /** Most addresses reported. */
  static final int MAX_ADDRESSES = 32;

  private DnsCheck() {}

  /**
   * Asks {@code server:port} for {@code name}'s A and AAAA records.
   *
   * @param expected an address (literal) that must be among the answers, if any
   */
  public static CheckResult resolve(
      String server, int port, String name, Optional<String> expected, Duration timeout) {
    return resolve(server, port, name, expected, Thresholds.NONE, timeout);
  }

  /**
   * Like {@link #resolve(String, int, String, Optional, Duration)}, and WARNING or CRITICAL when
   * the response time in seconds crosses {@code time}, as check_dns's {@code -w} and {@code -c} do.
   */
  public static CheckResult resolve(
      String server,
      int port,
      String name,
      Optional<String> expected,
      Thresholds time,
      Duration timeout) {
    return resolve(server, port, name, expected, time, Deadline.after(timeout));
  }

  /**
   * Like {@link #resolve(String, int, String, Optional, Thresholds, Duration)}; both queries share
   * {@code deadline}.
   */
  public static CheckResult resolve(
      String server,
      int port,
      String name,
      Optional<String> expected,
      Thresholds time,
      Deadline deadline) {
    long start = System.nanoTime();
    Duration timeout = deadline.remaining();
    Name qname;
    InetAddress want = null;
    InetAddress serverAddress;
    try {
      if (name.length() > MAX_NAME) {
        throw new IllegalArgumentException("DNS name longer than " + MAX_NAME + " characters");
      }
      qname = Name.fromString(name.endsWith(".") ? name : name + ".");
      if (expected.isPresent()) {
        want = literal(expected.get(), "expected address");
      }
      serverAddress = literal(server, "DNS server");
    } catch (TextParseException | IllegalArgumentException e) {
      return Results.result(Status.UNKNOWN, "DNS UNKNOWN - " + Results.message(e), "", start);
    }
    Set<InetAddress> addresses = new LinkedHashSet<>();
    try {
      SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(serverAddress, port));
      String error = null;
      for (int type : new int[] {Type.A, Type.AAAA}) {
        if (deadline.expired()) {
          throw new java.net.SocketTimeoutException("no answer in time");
        }
        resolver.setTimeout(deadline.remaining());
        Message reply = resolver.send(Message.newQuery(Record.newRecord(qname, type, DClass.IN)));
        int rcode = reply.getRcode();
        if (rcode != Rcode.NOERROR) {
          // a server may answer NXDOMAIN for the family it has no address of; the other decides
          error =
              error != null
                  ? error
                  : Rcode.string(rcode) + " for " + name + " " + Type.string(type);
          continue;
        }
        for (Record r : reply.getSection(Section.ANSWER)) {
          if (addresses.size() >= MAX_ADDRESSES) {
            break;
          }
          if (r instanceof ARecord a) {
            addresses.add(a.getAddress());
          } else if (r instanceof AAAARecord a) {
            addresses.add(a.getAddress());
          }
        }
      }
      if (addresses.isEmpty() && error != null) {
        return Results.result(
            Status.CRITICAL,
            "DNS CRITICAL - " + server + " answered " + error,
            Results.time("time", Results.seconds(start), timeout),
            start);
      }
    } catch (IOException e) {
      return Results.result(
          Status.CRITICAL,
          "DNS CRITICAL - " + server + " port " + port + ": " + Results.message(e),
          "",
          start,
          e instanceof java.net.SocketTimeoutException);
    }
    double secs = Results.seconds(start);
    String perf = Results.time("time", secs, time, timeout);
    List<String> shown = new ArrayList<>();
    addresses.forEach(a -> shown.add(a.getHostAddress()));
    if (addresses.isEmpty()) {
      return Results.result(
          Status.CRITICAL, "DNS CRITICAL - " + server + " has no address for " + name, perf, start);
    }
    if (want != null && !addresses.contains(want)) {
      return Results.result(
          Status.CRITICAL,
          "DNS CRITICAL - "
              + name
              + " is "
              + String.join(", ", shown)
              + ", not the expected "
              + want.getHostAddress(),
          perf,
          start);
    }
    Status status = time.status(secs);
    return Results.result(
        status,
        String.format(
            Locale.ROOT,
            "DNS %s - %.3f seconds response time. %s returns %s",
            status,
            secs,
            name,
            String.join(", ", shown)),
        perf,
        start);
  }

  /** An IP address literal, never looked up. */
  private static InetAddress literal(String s, String what) {
    if (!s.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
      throw new IllegalArgumentException(
          what + " '" + Results.oneLine(s, 60) + "' is not an IP address");
    }
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          what + " '" + Results.oneLine(s, 60) + "' is not an IP address");
    }
  }
}
