package dev.brigade.deploy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Release directory names as Capistrano makes them: the deploy's start in UTC as {@code
 * yyyyMMddHHmmss}, so that names sort in time order.
 */
final class ReleaseNames {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
  private static final Pattern NAME = Pattern.compile("[0-9]{14}");

  private ReleaseNames() {}

  /**
   * The name for a release started at {@code now}: its UTC time, or one second after the newest
   * existing release when that is not earlier (two deploys in one second, or a clock set back), so
   * a new release always sorts last.
   */
  static String next(Instant now, Collection<String> existing) {
    // compared to the second, as the names are: 12:00:01.3 is not after a release named 12:00:01
    Instant at = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    for (String e : existing) {
      if (isRelease(e)) {
        Instant t = parse(e);
        if (!t.isBefore(at)) {
          at = t.plusSeconds(1);
        }
      }
    }
    return FORMAT.format(at);
  }

  /** True for a name of 14 digits (anything else under {@code releases/} is not a release). */
  static boolean isRelease(String name) {
    return NAME.matcher(name).matches();
  }

  static Instant parse(String name) {
    return java.time.LocalDateTime.parse(name, DateTimeFormatter.ofPattern("yyyyMMddHHmmss"))
        .toInstant(ZoneOffset.UTC);
  }
}
