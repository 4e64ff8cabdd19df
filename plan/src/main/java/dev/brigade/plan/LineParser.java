package dev.brigade.plan;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Splits one log line into the fields a {@link LogFormat} names, reading bytes in one pass with no
 * regular expression and no String per field: a field ends at the first byte of the literal after
 * it, a quoted field at the next unescaped quote.
 */
final class LineParser {
  /** Returned by {@link #parse} when the buffer ends before the line does. */
  static final int NEED_MORE = -1;

  private final Field[] fields;
  private final byte[][] literals;
  private final boolean[] quoted;
  private final byte[] terminators;
  private final long[] patterns;

  LineParser(LogFormat format) {
    this.fields = format.fields;
    this.literals = format.literals;
    int n = fields.length;
    quoted = new boolean[n];
    terminators = new byte[n];
    patterns = new long[n];
    for (int k = 0; k < n; k++) {
      byte[] before = literals[k];
      byte[] after = literals[k + 1];
      quoted[k] =
          before.length > 0
              && before[before.length - 1] == '"'
              && after.length > 0
              && after[0] == '"';
      terminators[k] = after.length > 0 ? after[0] : (byte) '\n';
      patterns[k] = ONES * (terminators[k] & 0xff);
    }
  }

  /**
   * Parses the line starting at {@code start}. Returns the index just past its end (after the
   * newline), with {@code out.error} set when the line does not fit the format, or {@link
   * #NEED_MORE} when {@code limit} comes first and more input may follow ({@code eof} false).
   */
  int parse(byte[] b, int start, int limit, boolean eof, ParsedLine out) {
    out.reset();
    int p = start;
    int n = fields.length;
    for (int k = 0; ; k++) {
      byte[] lit = literals[k];
      for (byte c : lit) {
        if (p >= limit) {
          return eof ? fail(out, "truncated line", b, p, limit, true) : NEED_MORE;
        }
        if (b[p] != c) {
          return fail(out, expected(lit, p - start + 1), b, p, limit, eof);
        }
        p++;
      }
      if (k == n) {
        break;
      }
      int s = p;
      if (quoted[k]) {
        while (true) {
          p = scan(b, p, limit, QUOTE, (byte) '"');
          if (p >= limit || b[p] == '"' && (b[p - 1] != '\\' || !escaped(b, s, p))) {
            break;
          }
          if (b[p] == '\n') {
            return fail(out, "no closing quote", b, p, limit, eof);
          }
          p++;
        }
      } else {
        p = scan(b, p, limit, patterns[k], terminators[k]);
      }
      if (p >= limit) {
        if (!eof) {
          return NEED_MORE;
        }
        if (terminators[k] != '\n') {
          return fail(out, "truncated line", b, p, limit, true);
        }
      }
      int e = p;
      if (terminators[k] == '\n' && e > s && b[e - 1] == '\r') {
        e--;
      }
      String why = field(fields[k], b, s, e - s, out);
      if (why != null) {
        return fail(out, why, b, p, limit, eof);
      }
    }
    if (p < limit && b[p] == '\r') {
      p++;
    }
    if (p < limit) {
      if (b[p] == '\n') {
        return p + 1;
      }
      return fail(out, "more fields than the format has", b, p, limit, eof);
    }
    return eof ? p : NEED_MORE;
  }

  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long NEWLINE = ONES * '\n';
  private static final long QUOTE = ONES * '"';

  /**
   * The index of the first {@code t} or newline in {@code [p, limit)}, or {@code limit}: eight
   * bytes at a time (SWAR: a zero byte of {@code word ^ pattern} is a match), because scanning the
   * referer and user agent byte by byte is most of a line's cost.
   */
  static int scan(byte[] b, int p, int limit, long pattern, byte t) {
    while (p + 8 <= limit) {
      long w = (long) LONG.get(b, p);
      long x = w ^ pattern;
      long y = w ^ NEWLINE;
      long m = ((x - ONES) & ~x & HIGHS) | ((y - ONES) & ~y & HIGHS);
      if (m != 0) {
        return p + (Long.numberOfTrailingZeros(m) >>> 3);
      }
      p += 8;
    }
    while (p < limit && b[p] != t && b[p] != '\n') {
      p++;
    }
    return p;
  }

  private static boolean escaped(byte[] b, int from, int at) {
    int n = 0;
    for (int i = at - 1; i >= from && b[i] == '\\'; i--) {
      n++;
    }
    return (n & 1) == 1;
  }

  private static String expected(byte[] lit, int column) {
    return "expected '"
        + new String(lit, java.nio.charset.StandardCharsets.UTF_8)
        + "' at column "
        + column;
  }

  /** Records the reason and skips to the end of the line. */
  private static int fail(ParsedLine out, String why, byte[] b, int p, int limit, boolean eof) {
    out.error = why;
    while (p < limit && b[p] != '\n') {
      p++;
    }
    if (p < limit) {
      return p + 1;
    }
    return eof ? limit : NEED_MORE;
  }

  private static String field(Field f, byte[] b, int s, int len, ParsedLine out) {
    switch (f) {
      case SKIP -> {}
      case TIME_CLF -> {
        if (!LogTime.clf(b, s, len, out)) {
          return "bad time (want 10/Oct/2000:13:55:36 -0700)";
        }
      }
      case TIME_ISO -> {
        if (!LogTime.iso(b, s, len, out)) {
          return "bad time (want 2000-10-10T13:55:36-07:00)";
        }
      }
      case TIME_EPOCH -> {
        if (!LogTime.epoch(b, s, len, out)) {
          return "bad time (want seconds since 1970)";
        }
      }
      case REQUEST -> request(b, s, len, out);
      case METHOD -> {
        out.methodStart = s;
        out.methodLen = len;
      }
      case TARGET -> target(b, s, len, out);
      case STATUS -> {
        if (len != 3) {
          return "bad status";
        }
        int v = 0;
        for (int i = 0; i < 3; i++) {
          int c = b[s + i] - '0';
          if (c < 0 || c > 9) {
            return "bad status";
          }
          v = v * 10 + c;
        }
        if (v < 100) {
          return "bad status";
        }
        out.status = v;
      }
      case BYTES -> {
        if (len == 1 && b[s] == '-') {
          out.bytes = 0;
        } else {
          if (len == 0 || len > 18) {
            return "bad size";
          }
          long v = 0;
          for (int i = 0; i < len; i++) {
            int c = b[s + i] - '0';
            if (c < 0 || c > 9) {
              return "bad size";
            }
            v = v * 10 + c;
          }
          out.bytes = v;
        }
      }
      case COOKIE -> {
        if (!(len == 1 && b[s] == '-')) {
          out.cookieStart = s;
          out.cookieLen = len;
        }
      }
      case CACHE -> out.cache = CacheVerdict.of(b, s, len);
    }
    return null;
  }

  /** {@code METHOD TARGET PROTOCOL}; a truncated or missing line keeps what is there. */
  private static void request(byte[] b, int s, int len, ParsedLine out) {
    int end = s + len;
    int sp1 = s;
    while (sp1 < end && b[sp1] != ' ') {
      sp1++;
    }
    out.methodStart = s;
    out.methodLen = sp1 - s;
    if (sp1 >= end) {
      out.targetLen = 0;
      return;
    }
    int sp2 = end - 1;
    while (sp2 > sp1 && b[sp2] != ' ') {
      sp2--;
    }
    int tEnd = sp2 > sp1 ? sp2 : end;
    target(b, sp1 + 1, tEnd - sp1 - 1, out);
  }

  /** The path and query; an absolute URL (varnishncsa, proxies) loses its scheme and host. */
  private static void target(byte[] b, int s, int len, ParsedLine out) {
    if (len > 7 && (b[s] == 'h' || b[s] == 'H') && b[s + 4] != '/') {
      int i = s;
      int end = s + len;
      int colon = -1;
      for (; i < end && i < s + 8; i++) {
        if (b[i] == ':') {
          colon = i;
          break;
        }
      }
      if (colon > 0 && colon + 2 < end && b[colon + 1] == '/' && b[colon + 2] == '/') {
        int slash = colon + 3;
        while (slash < end && b[slash] != '/') {
          slash++;
        }
        out.targetStart = slash;
        out.targetLen = end - slash;
        return;
      }
    }
    out.targetStart = s;
    out.targetLen = len;
  }
}
