package dev.brigade.model;

import java.util.regex.Pattern;

/** Checks host addresses: IPv4 and IPv6 literals and DNS names (RFC 1123), without lookups. */
final class Addresses {
  private static final Pattern LABEL =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final Pattern NUMERIC = Pattern.compile("[0-9.]+");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

  private Addresses() {}

  /** Null when {@code address} is valid, else what is wrong with it. */
  static String problem(String address) {
    if (address.isEmpty()) {
      return "is empty";
    }
    if (address.contains(":")) {
      return ipv6Problem(address);
    }
    if (NUMERIC.matcher(address).matches()) {
      return ipv4Problem(address);
    }
    if (address.length() > 253) {
      return "is longer than 253 characters";
    }
    String name = address.endsWith(".") ? address.substring(0, address.length() - 1) : address;
    for (String label : name.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return label.isEmpty()
            ? "has an empty label (two dots in a row?)"
            : "has an invalid DNS label '" + Suggestions.shorten(label) + "'";
      }
    }
    return null;
  }

  private static String ipv4Problem(String address) {
    String[] parts = address.split("\\.", -1);
    if (parts.length != 4) {
      return "is not an IPv4 address (it needs 4 numbers separated by dots)";
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || Integer.parseInt(p) > 255) {
        return "is not an IPv4 address ('" + p + "' is not a number from 0 to 255)";
      }
      if (p.length() > 1 && p.startsWith("0")) {
        return "is ambiguous: '" + p + "' has a leading zero";
      }
    }
    return null;
  }

  private static String ipv6Problem(String address) {
    String a =
        address.startsWith("[") && address.endsWith("]")
            ? address.substring(1, address.length() - 1)
            : address;
    if (!IPV6_CHARS.matcher(a).matches() || a.length() > 45) {
      return "is not an IPv6 address";
    }
    int doubleColon = a.indexOf("::");
    if (doubleColon >= 0 && a.indexOf("::", doubleColon + 1) >= 0) {
      return "is not an IPv6 address ('::' appears twice)";
    }
    String[] groups = a.split(":", -1);
    int count = 0;
    for (int i = 0; i < groups.length; i++) {
      String g = groups[i];
      if (g.isEmpty()) {
        continue;
      }
      if (g.contains(".")) {
        if (i != groups.length - 1 || ipv4Problem(g) != null) {
          return "is not an IPv6 address (bad embedded IPv4 part)";
        }
        count += 2;
      } else if (g.length() > 4 || g.contains(".")) {
        return "is not an IPv6 address (group '" + g + "' is longer than 4 hex digits)";
      } else {
        count++;
      }
    }
    if (doubleColon < 0 ? count != 8 : count > 7) {
      return "is not an IPv6 address (it needs 8 groups, or '::')";
    }
    if (doubleColon < 0 && (a.startsWith(":") || a.endsWith(":"))) {
      return "is not an IPv6 address";
    }
    return null;
  }
}
