package dev.brigade.plan;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The traffic's shape from hourly counts: every hour of the period, the weekday-hour profile, the
 * daily peak hours and, from them, the typical peak ("design as if all traffic were as heavy as the
 * peak hour of load in a typical month", the seed's "Predicting peak traffic") next to the absolute
 * one. Hours are UTC hours; their local time comes from the zone asked for or from each line's own
 * offset, so a daylight-saving change gives a 23- or 25-hour day and nothing is lost or counted
 * twice.
 */
final class TrafficShape {
  private TrafficShape() {}

  /** The computed shape. */
  record Shape(
      List<TrafficReport.HourCount> hours,
      List<List<Double>> weekdayHours,
      int days,
      TrafficReport.Peak typical,
      TrafficReport.Peak absolute,
      String first,
      String last) {}

  static Shape of(Map<Long, Tally.Hour> byHour, ZoneId zone, int percentile, long min, long max) {
    if (byHour.isEmpty()) {
      return new Shape(List.of(), emptyProfile(), 0, null, null, null, null);
    }
    long lo = Math.floorDiv(min, 3600);
    long hi = Math.floorDiv(max, 3600);
    List<TrafficReport.HourCount> hours = new ArrayList<>();
    double[][] sum = new double[7][24];
    int[][] n = new int[7][24];
    Map<LocalDate, Tally.Hour> dailyPeak = new LinkedHashMap<>();
    Map<Long, ZoneOffset> offsets = new java.util.HashMap<>();
    ZoneOffset carried = ZoneOffset.ofTotalSeconds(byHour.get(firstKey(byHour, lo)).offsetSeconds);
    for (long h = lo; h <= hi; h++) {
      Tally.Hour b = byHour.get(h);
      ZoneOffset off = offset(zone, h, b, carried);
      carried = off;
      offsets.put(h, off);
      LocalDateTime local = LocalDateTime.ofEpochSecond(h * 3600, 0, off);
      long req = b == null ? 0 : b.requests;
      hours.add(
          new TrafficReport.HourCount(
              OffsetDateTime.of(local, off).toString(), req, b == null ? 0 : b.bytes));
      int dow = local.getDayOfWeek().getValue() - 1;
      sum[dow][local.getHour()] += req;
      n[dow][local.getHour()]++;
      if (b != null) {
        dailyPeak.merge(local.toLocalDate(), b, (x, y) -> y.requests > x.requests ? y : x);
      }
    }
    List<List<Double>> profile = new ArrayList<>();
    for (int d = 0; d < 7; d++) {
      List<Double> row = new ArrayList<>();
      for (int hr = 0; hr < 24; hr++) {
        row.add(n[d][hr] == 0 ? 0.0 : Math.round(sum[d][hr] / n[d][hr] * 10) / 10.0);
      }
      profile.add(List.copyOf(row));
    }
    List<Tally.Hour> peaks = new ArrayList<>(dailyPeak.values());
    peaks.sort(
        Comparator.comparingLong((Tally.Hour x) -> x.requests).thenComparingLong(x -> x.hour));
    int rank = (int) Math.ceil(percentile / 100.0 * peaks.size()) - 1;
    Tally.Hour typical = peaks.get(Math.max(0, Math.min(peaks.size() - 1, rank)));
    Tally.Hour absolute = peaks.getLast();
    LocalDate firstDay = LocalDateTime.ofEpochSecond(lo * 3600, 0, offsets.get(lo)).toLocalDate();
    LocalDate lastDay = LocalDateTime.ofEpochSecond(hi * 3600, 0, offsets.get(hi)).toLocalDate();
    int days = (int) (lastDay.toEpochDay() - firstDay.toEpochDay()) + 1;
    return new Shape(
        List.copyOf(hours),
        List.copyOf(profile),
        days,
        peak(typical, offsets.get(typical.hour)),
        peak(absolute, offsets.get(absolute.hour)),
        local(min, offsets.get(lo)),
        local(max, offsets.get(hi)));
  }

  private static long firstKey(Map<Long, Tally.Hour> byHour, long lo) {
    return byHour.containsKey(lo) ? lo : byHour.keySet().stream().min(Long::compare).orElseThrow();
  }

  private static ZoneOffset offset(ZoneId zone, long hour, Tally.Hour b, ZoneOffset carried) {
    if (zone != null) {
      return zone.getRules().getOffset(Instant.ofEpochSecond(hour * 3600));
    }
    return b == null ? carried : ZoneOffset.ofTotalSeconds(b.offsetSeconds);
  }

  private static String local(long epoch, ZoneOffset off) {
    return OffsetDateTime.of(LocalDateTime.ofEpochSecond(epoch, 0, off), off).toString();
  }

  static TrafficReport.Peak peak(Tally.Hour h, ZoneOffset off) {
    LocalDateTime local = LocalDateTime.ofEpochSecond(h.hour * 3600, 0, off);
    Integer second = null;
    Double minute = null;
    if (h.perSecond != null) {
      int best = 0;
      long bestMinute = 0;
      for (int m = 0; m < 60; m++) {
        long sumMinute = 0;
        for (int s = m * 60; s < m * 60 + 60; s++) {
          best = Math.max(best, h.perSecond[s]);
          sumMinute += h.perSecond[s];
        }
        bestMinute = Math.max(bestMinute, sumMinute);
      }
      second = best;
      minute = bestMinute / 60.0;
    }
    return new TrafficReport.Peak(
        OffsetDateTime.of(local, off).toString(),
        local.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ROOT),
        h.requests,
        h.requests / 3600.0,
        minute,
        second,
        List.of(h.classRequests[0], h.classRequests[1], h.classRequests[2]));
  }

  private static List<List<Double>> emptyProfile() {
    List<List<Double>> p = new ArrayList<>();
    for (DayOfWeek d : DayOfWeek.values()) {
      p.add(java.util.Collections.nCopies(24, 0.0));
    }
    return List.copyOf(p);
  }
}
