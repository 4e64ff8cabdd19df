package dev.brigade.box.views;

import dev.brigade.metrics.Consolidation;
import dev.brigade.metrics.MetricsEngine;
import dev.brigade.metrics.SeriesData;
import dev.brigade.metrics.SeriesId;
import dev.brigade.metrics.SeriesInfo;
import dev.brigade.metrics.SeriesQuery;
import dev.brigade.model.Cluster;
import dev.brigade.model.Layer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@link LayerDiagram.Traffic} from the metrics the box stores: the edge's scraped counters
 * ({@code brigade_edge_cache_lookups_total} for what enters, {@code
 * brigade_edge_request_duration_seconds_count} per pool for what it passes down, both stored as
 * rates) and the {@code hit_ratio} of checks such as memcached's. Reads only the few series it
 * needs, each over the last {@link #WINDOW}, so a store of many thousand series stays cheap.
 */
final class LiveTraffic {
  /** How far back the newest known point may be. */
  static final Duration WINDOW = Duration.ofMinutes(10);

  private static final String LOOKUPS = "brigade_edge_cache_lookups_total{";
  private static final String POOL_COUNT = "brigade_edge_request_duration_seconds_count{";
  private static final Pattern POOL = Pattern.compile("pool=\"([^\"]*)\"");

  private LiveTraffic() {}

  static LayerDiagram.Traffic read(Cluster cluster, MetricsEngine metrics, Instant now) {
    Map<String, String> layerOfHost = new HashMap<>();
    for (Layer l : cluster.layers()) {
      cluster.hostsWithRole(l.role()).forEach(h -> layerOfHost.putIfAbsent(h.name(), l.name()));
      for (var p : l.pools()) {
        cluster.hostsWithRole(p.role()).forEach(h -> layerOfHost.putIfAbsent(h.name(), p.name()));
      }
    }
    Map<String, Double> entering = new HashMap<>();
    Map<String, Map<String, Double>> toPools = new HashMap<>();
    Map<String, double[]> ratios = new HashMap<>(); // layer -> {sum, n}
    for (SeriesInfo info : metrics.series()) {
      SeriesId id = info.id();
      String layer = layerOfHost.get(id.host());
      if (layer == null) {
        continue;
      }
      String label = id.label();
      if (label.startsWith(LOOKUPS)) {
        latest(metrics, id, now).ifPresent(v -> entering.merge(layer, v, Double::sum));
      } else if (label.startsWith(POOL_COUNT)) {
        Matcher m = POOL.matcher(label);
        if (m.find()) {
          String pool = m.group(1);
          latest(metrics, id, now)
              .ifPresent(
                  v ->
                      toPools
                          .computeIfAbsent(layer, k -> new HashMap<>())
                          .merge(pool, v, Double::sum));
        }
      } else if (label.equals("hit_ratio") && id.source().startsWith("check.")) {
        latest(metrics, id, now)
            .ifPresent(
                v -> {
                  double[] a = ratios.computeIfAbsent(layer, k -> new double[2]);
                  a[0] += info.unit().equals("%") ? v / 100 : v;
                  a[1]++;
                });
      }
    }
    // an edge without a cache has no lookups: everything it takes, it passes down
    toPools.forEach(
        (layer, pools) ->
            entering.computeIfAbsent(
                layer, k -> pools.values().stream().mapToDouble(Double::doubleValue).sum()));
    Map<String, Double> hitRates = new HashMap<>();
    ratios.forEach((layer, a) -> hitRates.put(layer, a[0] / a[1]));
    return new LayerDiagram.Traffic(entering, toPools, hitRates);
  }

  /** The newest known value of the series within the window. */
  static java.util.OptionalDouble latest(MetricsEngine metrics, SeriesId id, Instant now) {
    SeriesData d =
        metrics.query(new SeriesQuery(id, now.minus(WINDOW), now, 0, Consolidation.AVERAGE));
    double[] v = d.values();
    for (int i = v.length - 1; i >= 0; i--) {
      if (!Double.isNaN(v[i])) {
        return java.util.OptionalDouble.of(v[i]);
      }
    }
    return java.util.OptionalDouble.empty();
  }
}
