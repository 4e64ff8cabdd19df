package dev.brigade.plan;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes access logs with known answers: requests per hour from a plan, a fixed class mix (5 of 10
 * green, 3 yellow, 2 red POSTs), and its own count of every second, to compare with.
 */
final class SyntheticLog {
  static final DateTimeFormatter CLF =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

  /** How many requests an hour gets. */
  interface HourPlan {
    int requests(Instant hourStart);
  }

  final Map<Long, Integer> perSecond = new HashMap<>();
  long lines;

  /** One Combined (or Brigade edge, with cache status) line. */
  static String line(
      Instant t, ZoneId zone, int i, boolean brigade, String cacheStatus, String cookieFree) {
    String method;
    String path;
    switch (i % 10) {
      case 0, 1, 2, 3, 4 -> {
        method = "GET";
        path = "/static/app" + (i % 3) + ".css";
      }
      case 5, 6, 7 -> {
        method = "GET";
        path = "/products/" + (i % 7) + "?ref=home";
      }
      default -> {
        method = "POST";
        path = "/cart";
      }
    }
    String l =
        "10.0.0."
            + (i % 250)
            + " - - ["
            + CLF.format(t.atZone(zone))
            + "] \""
            + method
            + " "
            + path
            + " HTTP/1.1\" 200 "
            + (100 + i % 900)
            + " \"-\" \"Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/"
            + cookieFree
            + "\"";
    if (brigade) {
      String cache = method.equals("POST") ? "pass" : cacheStatus;
      l += " 0.012 app" + (1 + i % 4) + "/http " + cache + " 8f3a" + Integer.toHexString(i);
    }
    return l;
  }

  /**
   * Writes hours {@code [from, from + hours)}: each hour's requests spread evenly over its seconds
   * (in order, so the file is sorted), plus {@code burst} extra requests in the 30th minute's first
   * second of the hour {@code burstHour}.
   */
  void write(
      Writer out,
      Instant from,
      int hours,
      ZoneId zone,
      HourPlan plan,
      boolean brigade,
      Instant burstHour,
      int burst)
      throws IOException {
    int i = 0;
    for (int h = 0; h < hours; h++) {
      Instant start = from.plusSeconds(3600L * h);
      int n = plan.requests(start);
      for (int k = 0; k < n; k++) {
        long sec = start.getEpochSecond() + (long) k * 3600 / n;
        if (start.equals(burstHour) && k == n / 2) {
          for (int b = 0; b < burst; b++) {
            emit(out, start.getEpochSecond() + 1800, zone, i++, brigade);
          }
        }
        emit(out, sec, zone, i++, brigade);
      }
    }
  }

  private void emit(Writer out, long sec, ZoneId zone, int i, boolean brigade) throws IOException {
    // green hits 9 of 10, yellow 2 of 3: a known measured hit rate per class
    String cache = i % 10 < 5 ? (i % 20 == 0 ? "miss" : "hit") : i % 3 == 0 ? "miss" : "hit";
    out.write(line(Instant.ofEpochSecond(sec), zone, i, brigade, cache, "128.0"));
    out.write('\n');
    perSecond.merge(sec, 1, Integer::sum);
    lines++;
  }

  /** The busiest second's requests within an hour starting at {@code hourStart}. */
  int peakSecond(Instant hourStart) {
    int best = 0;
    for (long s = hourStart.getEpochSecond(); s < hourStart.getEpochSecond() + 3600; s++) {
      best = Math.max(best, perSecond.getOrDefault(s, 0));
    }
    return best;
  }

  static Writer plain(Path file) throws IOException {
    return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
  }

  static Writer gzip(Path file) throws IOException {
    OutputStream o = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16);
    return new java.io.OutputStreamWriter(o, StandardCharsets.UTF_8);
  }

  static final ZoneId UTC = ZoneOffset.UTC;
}
