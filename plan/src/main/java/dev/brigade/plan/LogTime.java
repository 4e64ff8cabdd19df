package dev.brigade.plan;

/**
 * Log timestamps parsed from bytes, without java.time on the hot path: Common Log Format's {@code
 * 10/Oct/2000:13:55:36 -0700}, ISO 8601 with an offset, and epoch seconds. Each keeps its own
 * offset, so a log that crosses a daylight-saving change stays right.
 */
final class LogTime {
  private LogTime() {}

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
  static long days(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097L + doe - 719468;
  }

  private static int digits(byte[] b, int at, int n) {
    int v = 0;
    for (int i = 0; i < n; i++) {
      int c = b[at + i] - '0';
      if (c < 0 || c > 9) {
        return -1;
      }
      v = v * 10 + c;
    }
    return v;
  }

  private static int month(byte[] b, int at) {
    int c0 = b[at] | 0x20;
    int c1 = b[at + 1] | 0x20;
    int c2 = b[at + 2] | 0x20;
    return switch (c0) {
      case 'j' ->
          c1 == 'a' && c2 == 'n' ? 1 : c1 == 'u' ? (c2 == 'n' ? 6 : c2 == 'l' ? 7 : -1) : -1;
      case 'f' -> c1 == 'e' && c2 == 'b' ? 2 : -1;
      case 'm' -> c1 == 'a' ? (c2 == 'r' ? 3 : c2 == 'y' ? 5 : -1) : -1;
      case 'a' -> c1 == 'p' && c2 == 'r' ? 4 : c1 == 'u' && c2 == 'g' ? 8 : -1;
      case 's' -> c1 == 'e' && c2 == 'p' ? 9 : -1;
      case 'o' -> c1 == 'c' && c2 == 't' ? 10 : -1;
      case 'n' -> c1 == 'o' && c2 == 'v' ? 11 : -1;
      case 'd' -> c1 == 'e' && c2 == 'c' ? 12 : -1;
      default -> -1;
    };
  }

  private static final java.lang.invoke.VarHandle LONG =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
          long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  /**
   * {@code dd/Mon/yyyy:HH:mm:ss +hhmm}; false when it is not one. Consecutive lines mostly share
   * their minute and zone, so those bytes are compared with the last line's and only the seconds
   * parsed.
   */
  static boolean clf(byte[] b, int s, int len, ParsedLine out) {
    if (len != 26) {
      return false;
    }
    // bytes 0-16 are "dd/Mon/yyyy:HH:mm", 18-19 the seconds, 20-25 " +hhmm"
    long h1 = (long) LONG.get(b, s);
    long h2 = (long) LONG.get(b, s + 8);
    long zone = ((long) LONG.get(b, s + 18)) >>> 16;
    if (h1 == out.cachedHead1
        && h2 == out.cachedHead2
        && b[s + 16] == out.cachedMinute
        && zone == out.cachedZone
        && b[s + 17] == ':'
        && out.cachedMinuteEpoch != Long.MIN_VALUE) {
      int sec = digits(b, s + 18, 2);
      if (sec >= 0 && sec <= 60) {
        out.epochSecond = out.cachedMinuteEpoch + Math.min(sec, 59);
        out.offsetSeconds = out.cachedOffset;
        out.hasTime = true;
        return true;
      }
      return false;
    }
    if (!clfFull(b, s, out)) {
      return false;
    }
    out.cachedHead1 = h1;
    out.cachedHead2 = h2;
    out.cachedMinute = b[s + 16];
    out.cachedZone = zone;
    out.cachedMinuteEpoch = out.epochSecond - Math.min(digits(b, s + 18, 2), 59);
    out.cachedOffset = out.offsetSeconds;
    return true;
  }

  private static boolean clfFull(byte[] b, int s, ParsedLine out) {
    if (b[s + 2] != '/'
        || b[s + 6] != '/'
        || b[s + 11] != ':'
        || b[s + 14] != ':'
        || b[s + 17] != ':'
        || b[s + 20] != ' ') {
      return false;
    }
    int day = digits(b, s, 2);
    int mon = month(b, s + 3);
    int year = digits(b, s + 7, 4);
    return set(
        out,
        year,
        mon,
        day,
        digits(b, s + 12, 2),
        digits(b, s + 15, 2),
        digits(b, s + 18, 2),
        b[s + 21],
        digits(b, s + 22, 2),
        digits(b, s + 24, 2));
  }

  /** {@code yyyy-mm-ddTHH:mm:ss+hh:mm} or {@code ...Z}. */
  static boolean iso(byte[] b, int s, int len, ParsedLine out) {
    if (len < 20
        || b[s + 4] != '-'
        || b[s + 7] != '-'
        || (b[s + 10] != 'T' && b[s + 10] != ' ')
        || b[s + 13] != ':'
        || b[s + 16] != ':') {
      return false;
    }
    int z = s + 19;
    int end = s + len;
    if (z < end && b[z] == '.') {
      z++;
      while (z < end && b[z] >= '0' && b[z] <= '9') {
        z++;
      }
    }
    int y = digits(b, s, 4);
    int mo = digits(b, s + 5, 2);
    int d = digits(b, s + 8, 2);
    int h = digits(b, s + 11, 2);
    int mi = digits(b, s + 14, 2);
    int se = digits(b, s + 17, 2);
    if (end - z == 1 && b[z] == 'Z') {
      return set(out, y, mo, d, h, mi, se, (byte) '+', 0, 0);
    }
    if (end - z != 6 || b[z + 3] != ':') {
      return false;
    }
    return set(out, y, mo, d, h, mi, se, b[z], digits(b, z + 1, 2), digits(b, z + 4, 2));
  }

  /** {@code 1700000000.123}: whole seconds, UTC. */
  static boolean epoch(byte[] b, int s, int len, ParsedLine out) {
    long v = 0;
    int i = 0;
    for (; i < len && b[s + i] != '.'; i++) {
      int c = b[s + i] - '0';
      if (c < 0 || c > 9 || i >= 12) {
        return false;
      }
      v = v * 10 + c;
    }
    if (i == 0) {
      return false;
    }
    out.epochSecond = v;
    out.offsetSeconds = 0;
    out.hasTime = true;
    return true;
  }

  private static boolean set(
      ParsedLine out, int y, int mo, int d, int h, int mi, int s, byte sign, int oh, int om) {
    if (y < 1970
        || mo < 1
        || mo > 12
        || d < 1
        || d > 31
        || h < 0
        || h > 23
        || mi < 0
        || mi > 59
        || s < 0
        || s > 60
        || (sign != '+' && sign != '-')
        || oh < 0
        || oh > 18
        || om < 0
        || om > 59) {
      return false;
    }
    int offset = (sign == '-' ? -1 : 1) * (oh * 3600 + om * 60);
    long local = days(y, mo, d) * 86_400L + h * 3600L + mi * 60L + Math.min(s, 59);
    out.epochSecond = local - offset;
    out.offsetSeconds = offset;
    out.hasTime = true;
    return true;
  }
}
