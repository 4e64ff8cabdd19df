package dev.brigade.box;

import dev.brigade.metrics.Event;
import dev.brigade.metrics.MetricsEngine;
import dev.brigade.metrics.Sample;
import dev.brigade.monitor.CheckResult;
import dev.brigade.monitor.MonitorListener;
import dev.brigade.monitor.PerfValue;
import dev.brigade.monitor.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every check's performance data stored as time series, under the source {@code check.NAME} of its
 * host ({@code app1/check.http/time}): the monitor's results feeding the metrics engine while
 * {@code brigade monitor} or the box hosts both. A change of a check's status between two results
 * is stored as a {@code state} event, drawn as a marker on the host's graphs.
 */
public final class CheckMetrics implements MonitorListener {
  private final MetricsEngine metrics;
  private final Map<String, Status> last = new ConcurrentHashMap<>();

  /** Stores into {@code metrics}. */
  public CheckMetrics(MetricsEngine metrics) {
    this.metrics = metrics;
  }

  @Override
  public void checked(String host, String check, CheckResult result, Instant at) {
    List<Sample> samples = samples(result);
    if (!samples.isEmpty()) {
      metrics.record(host, "check." + check.replace('/', '_'), samples, at);
    }
    Status before = last.put(host + "/" + check, result.status());
    if (before != null && before != result.status()) {
      // a state change is a marker on the host's graphs: what changed, and when
      metrics.annotate(
          new Event(
              at,
              "state",
              check + " " + result.status() + ": " + result.output().text(),
              Optional.of(host)));
    }
  }

  @Override
  public void annotated(Instant at, String kind, String text, Optional<String> host) {
    metrics.annotate(new Event(at, kind, text, host));
  }

  /** The result's perfdata with a value; {@code c} units become counters, the rest gauges. */
  public static List<Sample> samples(CheckResult result) {
    List<Sample> samples = new ArrayList<>();
    for (PerfValue p : result.output().perf()) {
      if (p.value().isPresent() && !p.label().isBlank()) {
        samples.add(Sample.ofPerfdata(p.label(), p.value().getAsDouble(), p.unit()));
      }
    }
    return samples;
  }
}
