package dev.brigade.edge;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP dates (RFC 9110 section 5.6.7): recipients parse all three formats, IMF-fixdate, the
 * obsolete RFC 850 form and ANSI C's asctime; senders use IMF-fixdate only.
 */
final class HttpDates {
  private static final Pattern IMF =
      Pattern.compile(
          "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), ([0-9]{1,2}) ([A-Z][a-z]{2}) ([0-9]{4})"
              + " ([0-9]{2}):([0-9]{2}):([0-9]{2}) GMT");
  private static final Pattern RFC850 =
      Pattern.compile(
          "(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), ([0-9]{2})-([A-Z][a-z]{2})-"
              + "([0-9]{2}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) GMT");
  private static final Pattern ASCTIME =
      Pattern.compile(
          "(Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) ([ 0-9][0-9])"
              + " ([0-9]{2}):([0-9]{2}):([0-9]{2}) ([0-9]{4})");
  private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";
  static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private HttpDates() {}

  /** The instant of an HTTP date, or null when it is none of the three formats. */
  static Instant parse(String value, Instant now) {
    if (value == null) {
      return null;
    }
    String v = value.strip();
    try {
      Matcher m = IMF.matcher(v);
      if (m.matches()) {
        return at(m.group(4), m.group(3), m.group(2), m, 5, now, false);
      }
      m = RFC850.matcher(v);
      if (m.matches()) {
        return at(m.group(4), m.group(3), m.group(2), m, 5, now, true);
      }
      m = ASCTIME.matcher(v);
      if (m.matches()) {
        return at(m.group(7), m.group(2), m.group(3).strip(), m, 4, now, false);
      }
    } catch (java.time.DateTimeException e) {
      return null;
    }
    return null;
  }

  private static Instant at(
      String year, String month, String day, Matcher m, int time, Instant now, boolean twoDigits) {
    int mon = MONTHS.indexOf(month);
    if (mon < 0 || mon % 3 != 0) {
      return null;
    }
    int y = Integer.parseInt(year);
    if (twoDigits) {
      // RFC 9110 5.6.7: a two-digit year more than 50 years ahead is the past century's
      int current = now.atZone(ZoneOffset.UTC).getYear();
      y += current / 100 * 100;
      if (y > current + 50) {
        y -= 100;
      }
    }
    LocalDateTime t =
        LocalDateTime.of(
            y,
            mon / 3 + 1,
            Integer.parseInt(day),
            Integer.parseInt(m.group(time)),
            Integer.parseInt(m.group(time + 1)),
            Integer.parseInt(m.group(time + 2)));
    return t.toInstant(ZoneOffset.UTC);
  }

  static String format(Instant t) {
    return IMF_FIXDATE.format(t);
  }
}
