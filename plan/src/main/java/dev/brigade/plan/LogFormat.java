package dev.brigade.plan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An access log's line layout, from a named format ({@code combined}, {@code brigade}, ...) or a
 * format string with Apache's {@code %} directives ({@code %h %l %u %t "%r" %>s %b}) or nginx's
 * {@code $variables}, the two notations an operator already has in their server's configuration.
 *
 * <pre>{@code
 * LogFormat f = LogFormat.named("combined");
 * LogFormat g = LogFormat.of("$remote_addr [$time_local] \"$request\" $status $bytes_sent"
 *     + " $upstream_cache_status");
 * }</pre>
 */
public final class LogFormat {
  private static final int MAX_PATTERN = 4096;

  /** The named formats, most specific first (the order {@code auto} tries them in). */
  private static final Map<String, String> NAMED = new LinkedHashMap<>();

  static {
    String combined = "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"";
    // Brigade's edge: Combined plus upstream seconds, backend, cache status and request id.
    NAMED.put("brigade", combined + " %{upstream}T %{backend}x %{Brigade:cache}x %{request-id}x");
    NAMED.put(
        "vhost_combined", "%v:%p %h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"");
    NAMED.put("combined", combined);
    NAMED.put("common", "%h %l %u %t \"%r\" %>s %b");
    // nginx's predefined "combined" and varnishncsa's default are Combined (varnishncsa writes
    // absolute URLs in the request line, which the parser accepts); Debian's Apache uses it too.
    NAMED.put("nginx", combined);
    NAMED.put("apache", combined);
    NAMED.put("varnishncsa", "%h %l %u %t \"%r\" %s %b \"%{Referer}i\" \"%{User-agent}i\"");
  }

  private final String name;
  private final String pattern;
  final Field[] fields;
  final byte[][] literals;

  private LogFormat(String name, String pattern, List<Field> fields, List<byte[]> literals) {
    this.name = name;
    this.pattern = pattern;
    this.fields = fields.toArray(Field[]::new);
    this.literals = literals.toArray(byte[][]::new);
  }

  /** The names {@link #named} accepts. */
  public static List<String> names() {
    return List.copyOf(NAMED.keySet());
  }

  /** The formats {@code auto} detection tries, most specific first. */
  static List<LogFormat> candidates() {
    return List.of(named("brigade"), named("vhost_combined"), named("combined"), named("common"));
  }

  /**
   * A named format.
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static LogFormat named(String name) {
    String p = NAMED.get(name.toLowerCase(Locale.ROOT));
    if (p == null) {
      throw new IllegalArgumentException(
          "unknown log format '"
              + name
              + "'; known: "
              + String.join(", ", NAMED.keySet())
              + ", or a format string such as '%h %l %u %t \"%r\" %>s %b'");
    }
    return compile(name.toLowerCase(Locale.ROOT), p);
  }

  /**
   * A named format, or a format string when {@code spec} contains {@code %} or {@code $}.
   *
   * @throws IllegalArgumentException when the format string cannot be used
   */
  public static LogFormat of(String spec) {
    return spec.indexOf('%') >= 0 || spec.indexOf('$') >= 0 ? compile("custom", spec) : named(spec);
  }

  /** The format's name ({@code custom} for a format string). */
  public String name() {
    return name;
  }

  /** The format string. */
  public String pattern() {
    return pattern;
  }

  /** True when lines carry a cache's hit or miss, so hit rates can be measured. */
  public boolean hasCacheStatus() {
    return List.of(fields).contains(Field.CACHE);
  }

  @Override
  public String toString() {
    return name.equals("custom") ? "'" + pattern + "'" : name;
  }

  private static LogFormat compile(String name, String pattern) {
    if (pattern.length() > MAX_PATTERN) {
      throw new IllegalArgumentException("log format longer than " + MAX_PATTERN + " characters");
    }
    // Elements alternate: literal, field, literal, field, ..., literal (literals may be empty).
    List<Field> fields = new ArrayList<>();
    List<byte[]> literals = new ArrayList<>();
    StringBuilder lit = new StringBuilder();
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c == '%') {
        int start = i;
        i++;
        String arg = null;
        if (i < pattern.length() && pattern.charAt(i) == '{') {
          int close = pattern.indexOf('}', i);
          if (close < 0) {
            throw new IllegalArgumentException(
                "log format: '%{' at column " + (start + 1) + " has no closing '}'");
          }
          arg = pattern.substring(i + 1, close);
          i = close + 1;
        }
        while (i < pattern.length() && (pattern.charAt(i) == '>' || pattern.charAt(i) == '<')) {
          i++;
        }
        if (i >= pattern.length()) {
          throw new IllegalArgumentException(
              "log format: '%' at column " + (start + 1) + " ends the format");
        }
        char d = pattern.charAt(i++);
        if (d == '%') {
          lit.append('%');
          continue;
        }
        Field f = apache(d, arg);
        if (d == 't' && (arg == null || arg.isEmpty())) {
          lit.append('[');
          add(fields, literals, lit, Field.TIME_CLF);
          lit.append(']');
        } else {
          add(fields, literals, lit, f);
        }
      } else if (c == '$'
          && i + 1 < pattern.length()
          && (Character.isLetter(pattern.charAt(i + 1)) || pattern.charAt(i + 1) == '{')) {
        int j = i + 1;
        boolean braced = pattern.charAt(j) == '{';
        if (braced) {
          j++;
        }
        int s = j;
        while (j < pattern.length()
            && (Character.isLetterOrDigit(pattern.charAt(j)) || pattern.charAt(j) == '_')) {
          j++;
        }
        String var = pattern.substring(s, j);
        if (braced) {
          if (j >= pattern.length() || pattern.charAt(j) != '}') {
            throw new IllegalArgumentException(
                "log format: '${' at column " + (i + 1) + " has no closing '}'");
          }
          j++;
        }
        i = j;
        add(fields, literals, lit, nginx(var));
      } else {
        lit.append(c);
        i++;
      }
    }
    literals.add(lit.toString().getBytes(StandardCharsets.UTF_8));
    if (!fields.contains(Field.TIME_CLF)
        && !fields.contains(Field.TIME_ISO)
        && !fields.contains(Field.TIME_EPOCH)) {
      throw new IllegalArgumentException(
          "log format has no time (%t, $time_local, $time_iso8601 or $msec): "
              + "planning needs each request's time");
    }
    if (!fields.contains(Field.REQUEST) && !fields.contains(Field.TARGET)) {
      throw new IllegalArgumentException(
          "log format has no request (%r, %U, $request or $request_uri): "
              + "planning needs each request's path");
    }
    for (int k = 0; k + 1 < fields.size(); k++) {
      if (literals.get(k + 1).length == 0) {
        throw new IllegalArgumentException(
            "log format: two directives with nothing between them; put a space or a quote there");
      }
    }
    return new LogFormat(name, pattern, fields, literals);
  }

  private static void add(List<Field> fields, List<byte[]> literals, StringBuilder lit, Field f) {
    literals.add(lit.toString().getBytes(StandardCharsets.UTF_8));
    lit.setLength(0);
    fields.add(f);
  }

  private static Field apache(char d, String arg) {
    String a = arg == null ? "" : arg.toLowerCase(Locale.ROOT);
    return switch (d) {
      case 't' -> a.isEmpty() ? Field.TIME_CLF : a.equals("msec") ? Field.TIME_EPOCH : Field.SKIP;
      case 'r' -> Field.REQUEST;
      case 'm' -> Field.METHOD;
      case 'U' -> Field.TARGET;
      case 's' -> Field.STATUS;
      case 'b', 'B', 'O' -> Field.BYTES;
      case 'i' -> a.equals("cookie") ? Field.COOKIE : Field.SKIP;
      case 'x' ->
          a.contains("cache") || a.contains("hitmiss") || a.contains("handling")
              ? Field.CACHE
              : Field.SKIP;
      default -> Field.SKIP;
    };
  }

  private static Field nginx(String var) {
    return switch (var) {
      case "time_local" -> Field.TIME_CLF;
      case "time_iso8601" -> Field.TIME_ISO;
      case "msec" -> Field.TIME_EPOCH;
      case "request" -> Field.REQUEST;
      case "request_method" -> Field.METHOD;
      case "request_uri", "uri", "document_uri" -> Field.TARGET;
      case "status" -> Field.STATUS;
      case "body_bytes_sent", "bytes_sent" -> Field.BYTES;
      case "http_cookie" -> Field.COOKIE;
      case "upstream_cache_status", "srcache_fetch_status" -> Field.CACHE;
      default -> Field.SKIP;
    };
  }
}
