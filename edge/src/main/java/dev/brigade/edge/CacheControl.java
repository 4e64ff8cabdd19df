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
      if (!t.isEmpty()) {
        return parse(t); // RFC 9213 section 2.2: a targeted field replaces Cache-Control
      }
    }
    return parse(headers.getAll("Cache-Control"));
  }

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
    if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(Character::isDigit)) {
      return v.chars().allMatch(Character::isDigit) && !v.isEmpty() ? Integer.MAX_VALUE : 0;
    }
    return Math.min(Long.parseLong(v), Integer.MAX_VALUE);
  }
}
