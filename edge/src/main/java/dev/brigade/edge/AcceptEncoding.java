package dev.brigade.edge;

import java.util.List;
import java.util.Locale;

/**
 * Whether a request's Accept-Encoding (RFC 9110 section 12.5.3) lets the edge answer with gzip: the
 * coding listed (or {@code *}) with a q-value above zero. {@code gzip;q=0} refuses it even when
 * {@code *} is accepted; {@code x-gzip} counts as gzip (RFC 9110 section 8.4.1.3). A field longer
 * than {@link #MAX_LENGTH} or a malformed q-value counts as no gzip.
 */
final class AcceptEncoding {
  /** Longer Accept-Encoding fields are not parsed (no gzip). */
  static final int MAX_LENGTH = 4096;

  private AcceptEncoding() {}

  /** True when gzip is acceptable in the field values {@code values} (the field's lines). */
  static boolean gzip(List<String> values) {
    int total = 0;
    for (String v : values) {
      total += v.length();
    }
    if (total == 0 || total > MAX_LENGTH) {
      return false;
    }
    double gzip = -1;
    double star = -1;
    for (String line : values) {
      for (String item : line.split(",")) {
        int semi = item.indexOf(';');
        String coding =
            (semi < 0 ? item : item.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        if (coding.isEmpty()) {
          continue;
        }
        double q = semi < 0 ? 1 : q(item.substring(semi + 1));
        if (coding.equals("gzip") || coding.equals("x-gzip")) {
          gzip = Math.max(gzip, q);
        } else if (coding.equals("*")) {
          star = Math.max(star, q);
        }
      }
    }
    return gzip >= 0 ? gzip > 0 : star > 0;
  }

  /** The q parameter among {@code params} ("q=0.5"), 1 without one, 0 when it is malformed. */
  static double q(String params) {
    for (String p : params.split(";")) {
      String s = p.strip();
      if (s.length() >= 2 && (s.charAt(0) == 'q' || s.charAt(0) == 'Q') && s.charAt(1) == '=') {
        String n = s.substring(2).strip();
        // RFC 9110 section 12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
        if (!n.matches("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?")) {
          return 0;
        }
        return Double.parseDouble(n);
      }
    }
    return 1;
  }
}
