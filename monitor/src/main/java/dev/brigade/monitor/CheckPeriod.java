package dev.brigade.monitor;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * When a check runs, as Nagios's time periods say it: {@code 24x7}, or windows such as {@code
 * mon-fri 08:00-18:00, sat 10:00-14:00} in a time zone. Outside its period a check is not run and
 * nobody is told; it runs again when the period starts.
 *
 * @param windows the windows; empty means always
 * @param zone the zone the times are in
 */
public record CheckPeriod(List<Window> windows, ZoneId zone) {
  /** Always. */
  public static final CheckPeriod ALWAYS = new CheckPeriod(List.of(), ZoneId.of("UTC"));

  private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

  public CheckPeriod {
    windows = List.copyOf(windows);
  }

  /**
   * Days of the week and a time of day range; {@code to} 24:00 is written as {@code 24:00}.
   *
   * @param days the days
   * @param from start time (inclusive)
   * @param to end time (exclusive); {@link LocalTime#MAX} for midnight at the end of the day
   */
  public record Window(Set<DayOfWeek> days, LocalTime from, LocalTime to) {
    public Window {
      days = Set.copyOf(days);
    }

    boolean contains(ZonedDateTime t) {
      LocalTime time = t.toLocalTime();
      return days.contains(t.getDayOfWeek()) && !time.isBefore(from) && time.isBefore(to);
    }
  }

  /**
   * Parses {@code 24x7} or comma-separated windows {@code DAYS HH:MM-HH:MM}, where DAYS is a day
   * ({@code mon}), a range ({@code mon-fri}) or {@code daily}.
   *
   * @throws IllegalArgumentException naming the part that is wrong
   */
  public static CheckPeriod parse(String text, ZoneId zone) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.equals("24x7") || t.equals("always")) {
      return new CheckPeriod(List.of(), zone);
    }
    List<Window> out = new ArrayList<>();
    for (String part : t.split(",")) {
      String[] w = part.strip().split("\\s+");
      if (w.length != 2) {
        throw new IllegalArgumentException(
            "'" + part.strip() + "' is not DAYS HH:MM-HH:MM, e.g. mon-fri 08:00-18:00");
      }
      String[] times = w[1].split("-");
      if (times.length != 2) {
        throw new IllegalArgumentException("'" + w[1] + "' is not HH:MM-HH:MM");
      }
      LocalTime from = time(times[0]);
      LocalTime to = times[1].equals("24:00") ? LocalTime.MAX : time(times[1]);
      if (!from.isBefore(to)) {
        throw new IllegalArgumentException(
            "'" + w[1] + "' ends before it starts; split a night into two windows");
      }
      out.add(new Window(days(w[0]), from, to));
    }
    return new CheckPeriod(out, zone);
  }

  private static Set<DayOfWeek> days(String s) {
    if (s.equals("daily")) {
      return EnumSet.allOf(DayOfWeek.class);
    }
    String[] r = s.split("-");
    int a = day(r[0]);
    int b = r.length == 2 ? day(r[1]) : a;
    if (r.length > 2) {
      throw new IllegalArgumentException("'" + s + "' is not a day or a range of days");
    }
    Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
    for (int i = a; ; i = (i + 1) % 7) {
      out.add(DayOfWeek.of(i + 1));
      if (i == b) {
        break;
      }
    }
    return out;
  }

  private static int day(String s) {
    int i = DAYS.indexOf(s.length() > 3 ? s.substring(0, 3) : s);
    if (i < 0) {
      throw new IllegalArgumentException("'" + s + "' is not a day; use mon, tue, ... sun");
    }
    return i;
  }

  private static LocalTime time(String s) {
    if (!s.matches("[0-2]?[0-9]:[0-5][0-9]")) {
      throw new IllegalArgumentException("'" + s + "' is not a time such as 08:00");
    }
    String[] hm = s.split(":");
    int h = Integer.parseInt(hm[0]);
    if (h > 23) {
      throw new IllegalArgumentException("'" + s + "' is not a time such as 08:00");
    }
    return LocalTime.of(h, Integer.parseInt(hm[1]));
  }

  /** True when {@code t} is inside the period. */
  public boolean contains(Instant t) {
    if (windows.isEmpty()) {
      return true;
    }
    ZonedDateTime z = t.atZone(zone);
    return windows.stream().anyMatch(w -> w.contains(z));
  }

  /** The first moment at or after {@code t} inside the period (a week ahead at most). */
  public Instant next(Instant t) {
    if (contains(t)) {
      return t;
    }
    ZonedDateTime z = t.atZone(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    ZonedDateTime end = z.plusDays(8);
    while (z.isBefore(end)) {
      if (contains(z.toInstant())) {
        return z.toInstant();
      }
      z = z.plus(Duration.ofMinutes(1));
    }
    return t.plus(Duration.ofDays(7));
  }
}
