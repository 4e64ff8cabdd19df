package dev.brigade.metrics;

import dev.brigade.model.Host;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads every plugin of a munin-node, as munin-update does: {@code list}, then {@code fetch} of
 * each plugin over one connection. A plugin's {@code config} (its fields' types and bounds) is
 * asked for once an hour, not every run as munin-update does: that halves the plugin runs on the
 * node. Each graph is a source {@code munin.GRAPH}; each field a series.
 */
final class MuninCollector implements Collector {
  static final Duration CONFIG_TTL = Duration.ofHours(1);
  static final int MAX_PLUGINS = 1000;

  private record Cached(Instant at, Map<String, MuninGraphs.Graph> graphs) {}

  private final int port;
  private final java.util.Optional<String> address;
  private final Duration timeout;
  private final InstantSource clock;
  private final Map<String, Cached> configs = new ConcurrentHashMap<>();

  MuninCollector(
      int port, java.util.Optional<String> address, Duration timeout, InstantSource clock) {
    this.port = port;
    this.address = address;
    this.timeout = timeout;
    this.clock = clock;
  }

  @Override
  public List<Collected> collect(Host host) throws IOException {
    List<Collected> out = new ArrayList<>();
    try (MuninClient c = MuninClient.connect(address.orElse(host.address()), port, timeout)) {
      c.capabilities("multigraph");
      List<String> plugins = c.list("");
      if (plugins.size() > MAX_PLUGINS) {
        throw new InputLimitException(
            "munin-node " + host.name(), "lists more than " + MAX_PLUGINS + " plugins");
      }
      for (String plugin : plugins) {
        Map<String, MuninGraphs.Graph> graphs = config(c, host, plugin);
        String where = "munin-node " + host.name() + " fetch " + plugin;
        Map<String, Map<String, Double>> values =
            MuninGraphs.values(plugin, c.fetch(plugin), where);
        values.forEach(
            (graph, fields) -> {
              MuninGraphs.Graph g = graphs.get(graph);
              List<Sample> samples = new ArrayList<>();
              fields.forEach(
                  (field, v) -> {
                    MuninGraphs.Field f =
                        g == null
                            ? MuninGraphs.Field.DEFAULT
                            : g.fields().getOrDefault(field, MuninGraphs.Field.DEFAULT);
                    samples.add(new Sample(field, inBounds(v, f), "", f.kind()));
                  });
              out.add(new Collected("munin." + graph, samples));
            });
      }
    }
    return out;
  }

  /** A gauge outside the field's bounds is unknown, as RRDtool stores it. */
  private static double inBounds(double v, MuninGraphs.Field f) {
    if (f.kind() == Kind.GAUGE
        && ((!Double.isNaN(f.min()) && v < f.min()) || (!Double.isNaN(f.max()) && v > f.max()))) {
      return Double.NaN;
    }
    return v;
  }

  private Map<String, MuninGraphs.Graph> config(MuninClient c, Host host, String plugin)
      throws IOException {
    String key = host.name() + "/" + plugin;
    Cached cached = configs.get(key);
    Instant now = clock.instant();
    if (cached == null || Duration.between(cached.at(), now).compareTo(CONFIG_TTL) > 0) {
      String where = "munin-node " + host.name() + " config " + plugin;
      cached = new Cached(now, MuninGraphs.config(plugin, c.config(plugin), where));
      configs.put(key, cached);
    }
    return cached.graphs();
  }

  /** The graphs last configured for a host's plugin, for templates and tests. */
  Map<String, MuninGraphs.Graph> graphs(String host, String plugin) {
    Cached c = configs.get(host + "/" + plugin);
    return c == null ? Map.of() : c.graphs();
  }
}
