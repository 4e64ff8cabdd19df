package dev.brigade.metrics;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The name of one stored series: {@code HOST/SOURCE/LABEL}, e.g. {@code web1/ssh/load1}, {@code
 * web1/munin.cpu/user}, {@code web1/check.http/time} or {@code
 * edge1/prom/brigade_edge_open_connections}.
 *
 * @param host the model's host name
 * @param source what collected it: {@code ssh}, {@code munin.PLUGIN}, {@code prom}, {@code
 *     check.NAME}
 * @param label the series within the source; may contain {@code /} and Prometheus labels
 */
public record SeriesId(String host, String source, String label) {
  /** Longest label accepted, in characters. */
  public static final int MAX_LABEL = 300;

  public SeriesId {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(label, "label");
    if (host.isEmpty() || host.contains("/") || source.isEmpty() || source.contains("/")) {
      throw new IllegalArgumentException(
          "a series is HOST/SOURCE/LABEL with no '/' in HOST or SOURCE, not '"
              + host
              + "/"
              + source
              + "'");
    }
    if (label.isEmpty() || label.length() > MAX_LABEL || label.chars().anyMatch(c -> c < 0x20)) {
      throw new IllegalArgumentException(
          "the label of a series must be 1 to " + MAX_LABEL + " printable characters");
    }
  }

  /** Parses {@code HOST/SOURCE/LABEL}; the label is everything after the second slash. */
  public static SeriesId parse(String text) {
    int a = text.indexOf('/');
    int b = a < 0 ? -1 : text.indexOf('/', a + 1);
    if (a <= 0 || b <= a + 1 || b == text.length() - 1) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a series; write HOST/SOURCE/LABEL, e.g. web1/ssh/load1");
    }
    return new SeriesId(text.substring(0, a), text.substring(a + 1, b), text.substring(b + 1));
  }

  /** Where the series' file lives under {@code dir}: {@code HOST/SOURCE/LABEL.rrd}, escaped. */
  Path file(Path dir) {
    return dir.resolve(segment(host)).resolve(segment(source)).resolve(segment(label) + ".rrd");
  }

  @Override
  public String toString() {
    return host + "/" + source + "/" + label;
  }

  /**
   * A file name for any text: letters, digits, {@code -_.} kept, everything else (and a leading
   * dot) as {@code %XX}; long names end in a hash so two labels never share a file.
   */
  static String segment(String text) {
    StringBuilder b = new StringBuilder(text.length() + 8);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int c = bytes[i] & 0xff;
      boolean plain =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_'
              || (c == '.' && i > 0);
      if (plain) {
        b.append((char) c);
      } else {
        b.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
      }
    }
    if (b.length() <= 150) {
      return b.toString();
    }
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(bytes);
      return b.substring(0, 120) + "~" + HexFormat.of().formatHex(h, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
