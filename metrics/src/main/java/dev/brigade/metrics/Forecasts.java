package dev.brigade.metrics;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * Predictions as monitor checks: "time until full" by linear regression, deviation from the
 * hour-of-week baseline, and the seed's capacity rule (the peak hour of the last 30 days times
 * growth, against measured capacity). Pure: the monitor's {@code forecast} check asks the engine
 * for {@link #query} and passes the data to {@link #evaluate}.
 *
 * <pre>{@code
 * Forecasts.Rule rule = new Forecasts.TimeUntilFull(100, Duration.ofDays(7),
 *     Duration.ofDays(14), Duration.ofDays(3));
 * SeriesData data = engine.query(Forecasts.query(rule, SeriesId.parse("db1/ssh/disk.pct[/]"), now));
 * Forecasts.Result r = Forecasts.evaluate(rule, data, now); // status 0..3, text, perfdata
 * }</pre>
 */
public final class Forecasts {
  private Forecasts() {}

  /** What is predicted. */
  public sealed interface Rule permits TimeUntilFull, Deviation, Headroom {}

  /**
   * Warns when the line fitted to the last {@code window} reaches {@code limit} within {@code
   * warning} (critical within {@code critical}): disks, tables, queues.
   */
  public record TimeUntilFull(double limit, Duration window, Duration warning, Duration critical)
      implements Rule {}

  /**
   * Warns when the last hour is more than {@code warningSigma} (critical: {@code criticalSigma})
   * standard deviations from what that hour of the week was over the {@code history} before it.
   */
  public record Deviation(Duration history, double warningSigma, double criticalSigma, ZoneId zone)
      implements Rule {}

  /**
   * The seed's planning rule: the peak hour of load of a typical month (the last 30 days) times
   * {@code 1 + growth} against {@code capacity}; warns when the headroom left is under {@code
   * warning} (a fraction of capacity), critical under {@code critical}.
   */
  public record Headroom(double capacity, double growth, double warning, double critical)
      implements Rule {}

  /**
   * A check result as the monitor takes it.
   *
   * @param status 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN
   * @param text one line: {@code FORECAST OK - ...}
   * @param perfdata the numbers behind it
   */
  public record Result(int status, String text, List<Sample> perfdata) {}

  private static final String[] STATUS = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};

  /** The data {@link #evaluate} needs for the rule: the window at the archive's own resolution. */
  public static SeriesQuery query(Rule rule, SeriesId series, Instant now) {
    Duration back =
        switch (rule) {
          case TimeUntilFull t -> t.window();
          case Deviation d -> d.history().plusHours(1);
          case Headroom h -> Duration.ofDays(30);
        };
    return new SeriesQuery(series, now.minus(back), now, 0, Consolidation.AVERAGE);
  }

  /** Evaluates the rule on the data {@link #query} asked for. */
  public static Result evaluate(Rule rule, SeriesData data, Instant now) {
    String name = data.info().id().toString();
    return switch (rule) {
      case TimeUntilFull t -> untilFull(t, data, now, name);
      case Deviation d -> deviation(d, data, now, name);
      case Headroom h -> headroom(h, data, name);
    };
  }

  private static Result untilFull(TimeUntilFull t, SeriesData data, Instant now, String name) {
    Trends.Line line = Trends.fit(data);
    if (line == null || line.points() < 10) {
      return result(
          3,
          name + ": too few points in the last " + days(t.window()) + " to fit a trend",
          List.of());
    }
    double perDay = line.slope() * 86400;
    Instant full = line.reaches(t.limit());
    double now0 = line.at(now);
    if (full == null) {
      return result(
          0,
          String.format(
              Locale.ROOT,
              "%s not growing (%+.3g/day), at %s of %s",
              name,
              perDay,
              AxisScale.format(now0),
              AxisScale.format(t.limit())),
          List.of(Sample.gauge("per_day", perDay, "")));
    }
    Duration left = Duration.between(now, full);
    if (left.isNegative()) {
      left = Duration.ZERO;
    }
    int status = left.compareTo(t.critical()) <= 0 ? 2 : left.compareTo(t.warning()) <= 0 ? 1 : 0;
    return result(
        status,
        String.format(
            Locale.ROOT,
            "%s reaches %s in %s at %+.3g/day (now %s)",
            name,
            AxisScale.format(t.limit()),
            days(left),
            perDay,
            AxisScale.format(now0)),
        List.of(
            Sample.gauge("days_left", left.toSeconds() / 86400.0, ""),
            Sample.gauge("per_day", perDay, "")));
  }

  private static Result deviation(Deviation d, SeriesData data, Instant now, String name) {
    int last = data.size() - 1;
    while (last >= 0 && Double.isNaN(data.values()[last])) {
      last--;
    }
    if (last < 0) {
      return result(3, name + ": no recent value", List.of());
    }
    // the baseline is everything before the value judged
    double[] history = java.util.Arrays.copyOf(data.values(), last);
    SeriesData before =
        new SeriesData(data.info(), data.start(), data.step(), history, history, history);
    Trends.HourOfWeek profile = Trends.hourOfWeek(before, d.zone());
    Instant at = data.time(last);
    double value = data.values()[last];
    double z = profile.deviation(value, at.minusSeconds(1));
    if (Double.isNaN(z)) {
      return result(3, name + ": fewer than two weeks of this hour to compare with", List.of());
    }
    double expected = profile.mean()[profile.slot(at.minusSeconds(1))];
    double a = Math.abs(z);
    int status = a >= d.criticalSigma() ? 2 : a >= d.warningSigma() ? 1 : 0;
    return result(
        status,
        String.format(
            Locale.ROOT,
            "%s is %s, usually %s at this hour (%+.1f sigma)",
            name,
            AxisScale.format(value),
            AxisScale.format(expected),
            z),
        List.of(
            Sample.gauge("value", value, ""),
            Sample.gauge("expected", expected, ""),
            Sample.gauge("sigma", z, "")));
  }

  private static Result headroom(Headroom h, SeriesData data, String name) {
    Trends.Peak peak = Trends.peak(data);
    if (peak == null) {
      return result(3, name + ": no values in the last 30 days", List.of());
    }
    double projected = peak.value() * (1 + h.growth());
    double headroom = 1 - projected / h.capacity();
    int status = headroom < h.critical() ? 2 : headroom < h.warning() ? 1 : 0;
    return result(
        status,
        String.format(
            Locale.ROOT,
            "%s peak hour %s (%s) x %.0f%% growth = %s of capacity %s: %.0f%% headroom",
            name,
            AxisScale.format(peak.value()),
            peak.at(),
            100 * (1 + h.growth()),
            AxisScale.format(projected),
            AxisScale.format(h.capacity()),
            100 * headroom),
        List.of(
            Sample.gauge("peak", peak.value(), ""),
            Sample.gauge("projected", projected, ""),
            Sample.gauge("headroom", 100 * headroom, "%")));
  }

  private static Result result(int status, String text, List<Sample> perf) {
    return new Result(status, "FORECAST " + STATUS[status] + " - " + text, perf);
  }

  private static String days(Duration d) {
    double days = d.toSeconds() / 86400.0;
    return days >= 2
        ? String.format(Locale.ROOT, "%.1f days", days)
        : String.format(Locale.ROOT, "%.1f hours", d.toSeconds() / 3600.0);
  }
}
