package dev.brigade.cli;

import dev.brigade.metrics.Forecasts;
import dev.brigade.metrics.MetricsEngine;
import dev.brigade.metrics.MetricsSection;
import dev.brigade.metrics.MetricsSettings;
import dev.brigade.metrics.Sample;
import dev.brigade.metrics.SeriesData;
import dev.brigade.metrics.SeriesId;
import dev.brigade.model.Cluster;
import dev.brigade.monitor.CheckOptions;
import dev.brigade.monitor.CheckReader;
import dev.brigade.monitor.CheckResult;
import dev.brigade.monitor.CheckSite;
import dev.brigade.monitor.CheckType;
import dev.brigade.monitor.PluginOutput;
import dev.brigade.monitor.Probe;
import dev.brigade.monitor.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The monitor's {@code forecast} check: a prediction over a stored series (metrics) raised as an
 * alert like any check. It reads the metrics store the model names, read-only, so it works beside a
 * running {@code brigade monitor} and from {@code brigade check}.
 *
 * <pre>{@code
 * monitor:
 *   checks:
 *     disk-full: { role: db, type: forecast, series: ssh/disk.pct[/], rule: time-until-full,
 *                  limit: 100, window: 7d, warning: 14d, critical: 3d }
 *     latency:   { role: app, type: forecast, series: check.http/time, rule: deviation,
 *                  history: 28d, warning: 3, critical: 5 }
 *     capacity:  { role: edge, type: forecast, series: prometheus/requests_per_second,
 *                  rule: headroom, capacity: 1000, growth: 30%, warning: 0.2, critical: 0.1 }
 * }</pre>
 */
public final class ForecastCheckType implements CheckType {
  private static final List<String> RULES = List.of("time-until-full", "deviation", "headroom");

  /** Public for {@link java.util.ServiceLoader}. */
  public ForecastCheckType() {}

  @Override
  public String name() {
    return "forecast";
  }

  @Override
  public Optional<? extends CheckOptions> read(CheckReader r) {
    Optional<String> series = r.required("series");
    series
        .filter(s -> s.indexOf('/') <= 0 || s.endsWith("/"))
        .ifPresent(
            s ->
                r.error(
                    "series",
                    "'" + s + "' is not SOURCE/LABEL",
                    "name a series of the check's host, e.g. ssh/load1 or check.http/time"));
    Optional<String> rule = r.required("rule").flatMap(x -> r.oneOf("rule", RULES));
    Forecasts.Rule parsed = rule.map(name -> rule(name, r)).orElse(null);
    if (series.isEmpty() || parsed == null) {
      return Optional.empty();
    }
    return r.valid(new Spec(series.get(), parsed));
  }

  private static Forecasts.Rule rule(String name, CheckReader r) {
    return switch (name) {
      case "time-until-full" ->
          new Forecasts.TimeUntilFull(
              number(r, "limit", Double.NaN),
              r.duration("window").orElse(Duration.ofDays(7)),
              r.duration("warning").orElse(Duration.ofDays(14)),
              r.duration("critical").orElse(Duration.ofDays(3)));
      case "deviation" ->
          new Forecasts.Deviation(
              r.duration("history").orElse(Duration.ofDays(28)),
              number(r, "warning", 3),
              number(r, "critical", 5),
              ZoneId.systemDefault());
      default ->
          new Forecasts.Headroom(
              number(r, "capacity", Double.NaN),
              growth(r),
              number(r, "warning", 0.2),
              number(r, "critical", 0.1));
    };
  }

  /** A number option; NaN as the fallback makes it required. */
  private static double number(CheckReader r, String key, double fallback) {
    Optional<String> text = r.string(key);
    if (text.isEmpty()) {
      if (Double.isNaN(fallback)) {
        r.error(key, "is required for this rule");
      }
      return fallback;
    }
    try {
      double v = Double.parseDouble(text.get().trim());
      if (!Double.isFinite(v) || v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      r.error(key, "'" + text.get() + "' is not a number of zero or more");
      return Double.isNaN(fallback) ? 0 : fallback;
    }
  }

  private static double growth(CheckReader r) {
    Optional<String> text = r.string("growth");
    if (text.isEmpty()) {
      return 0.3;
    }
    String t = text.get().trim();
    try {
      double v =
          t.endsWith("%")
              ? Double.parseDouble(t.substring(0, t.length() - 1)) / 100
              : Double.parseDouble(t);
      if (!Double.isFinite(v) || v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      r.error("growth", "'" + t + "' is not a growth such as 30% or 0.3");
      return 0.3;
    }
  }

  /** The validated options: which series of the host, and the rule. */
  record Spec(String series, Forecasts.Rule rule) implements CheckOptions {
    @Override
    public Probe probe(CheckSite site) {
      return deadline -> run(site, InstantSource.system().instant());
    }

    private CheckResult run(CheckSite site, Instant now) {
      long start = System.nanoTime();
      Optional<Cluster> cluster = site.cluster();
      if (cluster.isEmpty()) {
        return result(Status.UNKNOWN, "FORECAST UNKNOWN - no model to find the metrics in", start);
      }
      MetricsSettings settings = cluster.get().section(MetricsSection.TYPE);
      Path dir = settings.storeDir(cluster.get());
      if (!Files.isDirectory(dir)) {
        return result(
            Status.UNKNOWN,
            "FORECAST UNKNOWN - no metrics store at " + dir + " yet (brigade monitor writes it)",
            start);
      }
      int slash = series.indexOf('/');
      SeriesId id =
          new SeriesId(site.host().name(), series.substring(0, slash), series.substring(slash + 1));
      try (MetricsEngine store =
          MetricsEngine.openReadOnly(settings, InstantSource.system(), dir)) {
        if (store.info(id).isEmpty()) {
          return result(Status.UNKNOWN, "FORECAST UNKNOWN - " + id + " is not stored (yet)", start);
        }
        SeriesData data = store.query(Forecasts.query(rule, id, now));
        Forecasts.Result f = Forecasts.evaluate(rule, data, now);
        String perf =
            f.perfdata().stream()
                .filter(s -> Double.isFinite(s.value()))
                .map(Spec::perf)
                .collect(Collectors.joining(" "));
        return result(Status.ofExitCode(f.status()), f.text(), perf, start);
      } catch (RuntimeException e) {
        return result(
            Status.UNKNOWN, "FORECAST UNKNOWN - cannot read " + id + ": " + e.getMessage(), start);
      }
    }

    private static String perf(Sample s) {
      String number =
          new java.math.BigDecimal(s.value())
              .round(new java.math.MathContext(6))
              .stripTrailingZeros()
              .toPlainString();
      return s.label() + "=" + number + s.unit();
    }

    private static CheckResult result(Status status, String text, long start) {
      return result(status, text, "", start);
    }

    private static CheckResult result(Status status, String text, String perf, long start) {
      String line = text.replace('|', '/').lines().findFirst().orElse("");
      return new CheckResult(
          status,
          PluginOutput.parse(perf.isEmpty() ? line : line + " | " + perf),
          Duration.ofNanos(System.nanoTime() - start),
          false,
          false);
    }
  }
}
