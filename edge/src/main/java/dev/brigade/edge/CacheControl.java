package dev.brigade.edge;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parsed {@code Cache-Control} directives (RFC 9111 section 5.2), lenient as section 4.2.1 asks:
 * names are case-insensitive, values may be quoted, the first of duplicate directives wins, and an
 * invalid delta-seconds value reads as 0 (stale) rather than as absent.
 */
record CacheControl(Map<String, String> directives) {
  static final CacheControl NONE = new CacheControl(Map.of());

  /** All Cache-Control lines of {@code headers}, and also a targeted field when it is present. */
  static CacheControl of(HttpHeaders headers, String... targetedFields) {
    for (String f : targetedFields) {
      List<String> t = headers.getAll(f);
      if (!t.isEmpty() && validTargeted(f, t)) {
        return parse(t); // RFC 9213 section 2.2: a targeted field replaces Cache-Control
      }
    }
    return parse(headers.getAll("Cache-Control"));
  }

  /**
   * A targeted field is a Structured Fields Dictionary (RFC 9213 section 2.1); one that does not
   * parse is ignored as a whole. Surrogate-Control predates that and is read leniently.
   */
  static boolean validTargeted(String field, List<String> lines) {
    return !field.equalsIgnoreCase("CDN-Cache-Control")
        || StructuredFields.isDictionary(String.join(", ", lines));
  }

  /** The greatest delta-seconds a cache needs to represent (RFC 9111 section 1.2.2). */
  static final long MAX_DELTA = 1L << 31;

  static CacheControl parse(List<String> lines) {
    Map<String, String> d = new LinkedHashMap<>();
    for (String line : lines) {
      int i = 0;
      int n = line.length();
      while (i < n) {
        while (i < n
            && (line.charAt(i) == ',' || line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
          i++;
        }
        int start = i;
        while (i < n && line.charAt(i) != '=' && line.charAt(i) != ',') {
          i++;
        }
        String name = line.substring(start, i).strip().toLowerCase(Locale.ROOT);
        String value = "";
        if (i < n && line.charAt(i) == '=') {
          i++;
          if (i < n && line.charAt(i) == '"') {
            StringBuilder v = new StringBuilder();
            i++;
            while (i < n && line.charAt(i) != '"') {
              if (line.charAt(i) == '\\' && i + 1 < n) {
                i++;
              }
              v.append(line.charAt(i++));
            }
            i++;
            value = v.toString();
          } else {
            int vs = i;
            while (i < n && line.charAt(i) != ',') {
              i++;
            }
            value = line.substring(vs, i).strip();
          }
        }
        if (!name.isEmpty()) {
          d.putIfAbsent(name, value);
        }
      }
    }
    return d.isEmpty() ? NONE : new CacheControl(Map.copyOf(d));
  }

  boolean has(String name) {
    return directives.containsKey(name);
  }

  /** delta-seconds of a directive: -1 when absent, 0 when invalid (RFC 9111 section 1.2.2). */
  long seconds(String name) {
    String v = directives.get(name);
    if (v == null) {
      return -1;
    }
    if (v.isEmpty() || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return 0;
    }
    return deltaSeconds(v);
  }

  /** Digits as delta-seconds, capped at 2^31 (RFC 9111 section 1.2.2). */
  static long deltaSeconds(String digits) {
    return digits.length() > 10 ? MAX_DELTA : Math.min(Long.parseLong(digits), MAX_DELTA);
  }
}
