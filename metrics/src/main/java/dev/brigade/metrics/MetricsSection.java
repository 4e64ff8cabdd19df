package dev.brigade.metrics;

import dev.brigade.model.Cluster;
import dev.brigade.model.Durations;
import dev.brigade.model.MappingReader;
import dev.brigade.model.SectionContext;
import dev.brigade.model.SectionType;
import dev.brigade.model.YamlNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and validates the {@code metrics:} section of the model; see {@link MetricsSettings}.
 *
 * <pre>{@code
 * metrics:
 *   store: /var/lib/brigade/metrics
 *   retention: ["10s:1d", "1m:14d", "1h:396d", "1d:3653d"]
 *   collect:
 *     node:  { role: app, type: prometheus, port: 9100 }
 *     edge:  { role: edge, type: prometheus, port: 8089, address: 127.0.0.1 }
 *     munin: { role: db, type: munin }
 * }</pre>
 */
public final class MetricsSection implements SectionType<MetricsSettings> {
  /** The section, for {@code cluster.section(MetricsSection.TYPE)}. */
  public static final MetricsSection TYPE = new MetricsSection();

  private static final Map<String, MetricsSettings.Type> TYPES =
      Map.of(
          "munin", MetricsSettings.Type.MUNIN,
          "prometheus", MetricsSettings.Type.PROMETHEUS,
          "ssh", MetricsSettings.Type.SSH);

  @Override
  public String key() {
    return "metrics";
  }

  @Override
  public Class<MetricsSettings> valueType() {
    return MetricsSettings.class;
  }

  @Override
  public MetricsSettings read(SectionContext ctx) {
    MetricsSettings d = MetricsSettings.DEFAULT;
    if (ctx.node().isEmpty()) {
      return d;
    }
    MappingReader r = ctx.reader("'metrics'");
    Optional<Path> store = r.string("store").map(Path::of);
    Duration flush = positive(r, "flush", d.flush());
    Duration heartbeat = positive(r, "heartbeat", d.heartbeat());
    Duration interval = positive(r, "interval", d.interval());
    boolean basics =
        r.oneOf("host-basics", List.of("ssh", "none")).map("ssh"::equals).orElse(d.hostBasics());
    RetentionLadder ladder = r.node("retention").isEmpty() ? d.retention() : ladder(r);
    List<MetricsSettings.Collect> collect = new ArrayList<>();
    for (MappingReader.Named n :
        r.named("collect", name -> "collector 'metrics.collect." + name + "'")) {
      collect(n, ctx.cluster(), interval, collect);
    }
    r.finish();
    return new MetricsSettings(store, ladder, flush, heartbeat, interval, basics, collect);
  }

  private static Duration positive(MappingReader r, String key, Duration fallback) {
    Optional<Duration> v = r.duration(key);
    if (v.isPresent() && v.get().toSeconds() < 1) {
      r.problems().error(r.valueLocation(key), "'" + key + "' of 'metrics' must be 1s or more");
      return fallback;
    }
    return v.orElse(fallback);
  }

  private static RetentionLadder ladder(MappingReader r) {
    List<RetentionLadder.Rung> rungs = new ArrayList<>();
    List<YamlNode> items = r.list("retention");
    for (YamlNode item : items) {
      String text = item instanceof YamlNode.Scalar s ? s.value() : "";
      String[] parts = text.split(":", -1);
      Duration step = parts.length == 2 ? Durations.parse(parts[0].trim()) : null;
      Duration span = parts.length == 2 ? Durations.parse(parts[1].trim()) : null;
      if (step == null || span == null || step.toSeconds() < 1) {
        r.problems()
            .error(
                item.location(),
                "a rung of 'metrics.retention' is STEP:SPAN, not '" + text + "'",
                "write e.g. \"10s:1d\" (10-second points for a day) or \"1h:396d\"");
        return RetentionLadder.DEFAULT;
      }
      rungs.add(new RetentionLadder.Rung(step, span));
    }
    try {
      return new RetentionLadder(rungs.getFirst().step(), rungs);
    } catch (RuntimeException e) {
      r.problems()
          .error(
              r.valueLocation("retention"),
              "'metrics.retention' is not a ladder: " + e.getMessage(),
              "list rungs finest first, e.g. [\"10s:1d\", \"1m:14d\", \"1h:396d\"]");
      return RetentionLadder.DEFAULT;
    }
  }

  private static void collect(
      MappingReader.Named n,
      Cluster cluster,
      Duration defaultInterval,
      List<MetricsSettings.Collect> out) {
    MappingReader c = n.reader();
    Optional<String> typeName = c.requiredString("type");
    MetricsSettings.Type type = null;
    if (typeName.isPresent()) {
      type = TYPES.get(typeName.get().toLowerCase(Locale.ROOT));
      if (type == null) {
        c.oneOf("type", List.copyOf(new java.util.TreeSet<>(TYPES.keySet()))); // did you mean
      }
    }
    Optional<String> host = c.string("host");
    Optional<String> role = c.string("role");
    if (host.isPresent() && !cluster.hosts().containsKey(host.get())) {
      c.oneOf("host", List.copyOf(cluster.hosts().keySet()));
      host = Optional.empty();
    }
    if (role.isPresent() && !cluster.roles().containsKey(role.get())) {
      c.oneOf("role", List.copyOf(cluster.roles().keySet()));
      role = Optional.empty();
    }
    if (c.absentWithoutTypo("host") && c.absentWithoutTypo("role")) {
      c.problems()
          .error(
              n.location(),
              c.what() + " needs 'host' or 'role'",
              "add role: NAME (every host of the role) or host: NAME");
    }
    int defaultPort =
        type == MetricsSettings.Type.MUNIN ? 4949 : type == MetricsSettings.Type.SSH ? 22 : 0;
    Optional<Integer> port = c.port("port");
    if (type == MetricsSettings.Type.PROMETHEUS && port.isEmpty() && c.absentWithoutTypo("port")) {
      c.problems().error(n.location(), c.what() + " needs 'port' (the exporter's)");
    }
    String path = c.string("path").orElse("/metrics");
    if (!path.startsWith("/")) {
      c.problems().error(c.valueLocation("path"), "'path' of " + c.what() + " must start with /");
    }
    Optional<String> address = c.string("address");
    Duration interval = c.duration("interval").orElse(defaultInterval);
    Duration timeout = c.duration("timeout").orElse(MetricsSettings.timeoutFor(interval));
    if (interval.toSeconds() < 1) {
      c.problems()
          .error(c.valueLocation("interval"), "'interval' of " + c.what() + " must be 1s or more");
      interval = defaultInterval;
    }
    c.finish();
    if (type != null && (host.isPresent() || role.isPresent())) {
      out.add(
          new MetricsSettings.Collect(
              n.name(),
              host,
              role,
              type,
              port.orElse(defaultPort),
              path,
              address,
              interval,
              timeout));
    }
  }
}
