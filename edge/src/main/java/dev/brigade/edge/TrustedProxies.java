package dev.brigade.edge;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The balancers in front of the edge whose {@code X-Forwarded-For} and {@code Forwarded} (RFC 7239)
 * are believed ({@code edge.trusted-proxies}, CIDRs). The client is the right-most address of the
 * chain that is not a trusted proxy, as nginx's {@code real_ip_recursive} finds it; an untrusted
 * peer's headers are ignored, so a client cannot claim another's address.
 *
 * @param ranges the trusted networks
 */
public record TrustedProxies(List<Cidr> ranges) {
  /** Trusts nobody: the socket's peer (or the PROXY header's address) is the client. */
  public static final TrustedProxies NONE = new TrustedProxies(List.of());

  /** Addresses read from one header chain, at most; more are ignored (a bounded parse). */
  static final int MAX_HOPS = 32;

  public TrustedProxies {
    ranges = List.copyOf(ranges);
  }

  /** Parses CIDRs like {@code 10.0.0.0/8}, {@code ::1/128} or a bare address. */
  public static TrustedProxies parse(List<String> cidrs) {
    List<Cidr> out = new ArrayList<>();
    for (String c : cidrs) {
      out.add(Cidr.parse(c));
    }
    return new TrustedProxies(out);
  }

  boolean trusts(InetAddress a) {
    for (Cidr c : ranges) {
      if (c.contains(a)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The real client of a request that came from {@code peer}: {@code peer} itself unless it is a
   * trusted proxy, else the right-most untrusted address of Forwarded's {@code for=} (when present)
   * or of X-Forwarded-For.
   */
  InetSocketAddress client(
      InetSocketAddress peer, List<String> forwarded, List<String> xForwardedFor) {
    if (peer == null || ranges.isEmpty() || !trusts(peer.getAddress())) {
      return peer;
    }
    List<String> chain = new ArrayList<>();
    if (!forwarded.isEmpty()) {
      for (String header : forwarded) {
        for (String element : header.split(",", MAX_HOPS + 1)) {
          for (String pair : element.split(";")) {
            String p = pair.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("for=")) {
              chain.add(p.substring(4));
            }
          }
        }
      }
    } else {
      for (String header : xForwardedFor) {
        for (String hop : header.split(",", MAX_HOPS + 1)) {
          chain.add(hop);
        }
      }
    }
    InetSocketAddress client = peer;
    for (int i = chain.size() - 1; i >= 0 && chain.size() - i <= MAX_HOPS; i--) {
      InetAddress a = literal(chain.get(i));
      if (a == null) {
        return client; // "unknown", an obfuscated node or garbage: stop believing the chain
      }
      client = new InetSocketAddress(a, 0);
      if (!trusts(a)) {
        return client;
      }
    }
    return client;
  }

  /** An IP literal from a chain element ({@code 1.2.3.4}, {@code "[::1]:80"}), or null. */
  static InetAddress literal(String s) {
    String v = s.strip();
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      v = v.substring(1, v.length() - 1);
    }
    if (v.startsWith("[")) {
      int end = v.indexOf(']');
      if (end < 0) {
        return null;
      }
      v = v.substring(1, end);
    } else if (v.indexOf(':') > 0 && v.indexOf(':') == v.lastIndexOf(':') && v.contains(".")) {
      v = v.substring(0, v.indexOf(':')); // 1.2.3.4:port
    }
    if (v.isEmpty() || v.length() > 45 || !v.matches("[0-9A-Fa-f:.]+")) {
      return null; // only literals: never a DNS lookup for a header's value
    }
    try {
      return InetAddress.getByName(v);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /**
   * A network: an address and a prefix length.
   *
   * @param network the network's address
   * @param prefix how many leading bits must match
   */
  public record Cidr(InetAddress network, int prefix) {
    /** Parses {@code ADDRESS/BITS} or a bare address (all bits). */
    public static Cidr parse(String text) {
      String t = text.strip();
      int slash = t.indexOf('/');
      String addr = slash < 0 ? t : t.substring(0, slash);
      InetAddress a = literal(addr);
      if (a == null) {
        throw new IllegalArgumentException("not an IP address or CIDR: '" + text + "'");
      }
      int max = a.getAddress().length * 8;
      int bits = max;
      if (slash >= 0) {
        String b = t.substring(slash + 1);
        if (!b.matches("[0-9]{1,3}") || Integer.parseInt(b) > max) {
          throw new IllegalArgumentException("prefix length of '" + text + "' must be 0 to " + max);
        }
        bits = Integer.parseInt(b);
      }
      return new Cidr(a, bits);
    }

    boolean contains(InetAddress a) {
      byte[] x = a.getAddress();
      byte[] n = network.getAddress();
      if (x.length != n.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (x[i] != n[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xff << (8 - rest) & 0xff;
      return (x[full] & mask) == (n[full] & mask);
    }

    @Override
    public String toString() {
      return network.getHostAddress() + "/" + prefix;
    }
  }
}
