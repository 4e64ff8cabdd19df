package dev.brigade.monitor;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code dns} check: resolve {@code name} at a DNS server (the host itself unless {@code server}
 * names one), as check_dns does with {@code -s}, {@code -a}, {@code -w} and {@code -c}.
 *
 * @param server the server's address, or empty for the checked host's
 * @param serverPort the server's port
 * @param name the name resolved
 * @param expect an address that must be among the answers, if any
 * @param time thresholds on the response time in seconds
 */
record DnsSpec(
    Optional<String> server, int serverPort, String name, Optional<String> expect, Thresholds time)
    implements CheckOptions {
  private static final Pattern NAME =
      Pattern.compile(
          "([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\\.)*[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\\.?");
  private static final Pattern BRACKETED =
      Pattern.compile("\\[([0-9a-fA-F:.]+)](?::([0-9]{1,5}))?");
  private static final Pattern V4_PORT = Pattern.compile("([0-9.]+):([0-9]{1,5})");

  static final CheckType TYPE = CheckType.of("dns", DnsSpec::read);

  private static Optional<DnsSpec> read(CheckReader r) {
    String name = r.required("name").orElse("");
    if (!name.isEmpty() && (name.length() > DnsCheck.MAX_NAME || !NAME.matcher(name).matches())) {
      r.error("name", "is not a DNS name of at most " + DnsCheck.MAX_NAME + " characters");
    }
    Optional<String> server = Optional.empty();
    int port = 53;
    Optional<String> serverText = r.string("server");
    if (serverText.isPresent()) {
      String v = serverText.get().strip();
      Matcher b = BRACKETED.matcher(v);
      Matcher p = V4_PORT.matcher(v);
      String host = v;
      String portText = null;
      if (b.matches()) {
        host = b.group(1);
        portText = b.group(2);
      } else if (p.matches()) {
        host = p.group(1);
        portText = p.group(2);
      }
      port = portText == null ? 53 : Integer.parseInt(portText);
      if (!isAddress(host) || port < 1 || port > 65535) {
        r.error(
            "server",
            "is not IP or IP:PORT",
            "write e.g. 10.0.0.53, 10.0.0.53:5353 or [fd00::53]:53");
      }
      server = Optional.of(host);
    }
    Optional<String> expect = r.string("expect").map(String::strip);
    if (expect.isPresent() && !isAddress(expect.get())) {
      r.error("expect", "is not an IP address", "check_dns -a takes an address, e.g. 10.0.1.10");
    }
    return r.valid(new DnsSpec(server, port, name, expect, r.thresholds()));
  }

  /** An IP address literal (never looked up). */
  static boolean isAddress(String v) {
    if (v.length() > 45
        || !v.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
      return false;
    }
    try {
      InetAddress.getByName(v);
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  @Override
  public Probe probe(CheckSite site) {
    String at = server.orElse(site.address());
    return d -> DnsCheck.resolve(at, serverPort, name, expect, time, d);
  }
}
