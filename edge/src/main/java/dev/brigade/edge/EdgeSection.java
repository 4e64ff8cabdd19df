package dev.brigade.edge;

import dev.brigade.model.Cluster;
import dev.brigade.model.Layer;
import dev.brigade.model.MappingReader;
import dev.brigade.model.Pool;
import dev.brigade.model.SectionContext;
import dev.brigade.model.SectionType;
import dev.brigade.model.YamlNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Reads and validates the {@code edge:} section of the model; see {@link EdgeSettings}. */
public final class EdgeSection implements SectionType<EdgeSettings> {
  /** The section, for {@code cluster.section(EdgeSection.TYPE)}. */
  public static final EdgeSection TYPE = new EdgeSection();

  @Override
  public String key() {
    return "edge";
  }

  @Override
  public Class<EdgeSettings> valueType() {
    return EdgeSettings.class;
  }

  @Override
  public EdgeSettings read(SectionContext ctx) {
    if (ctx.node().isEmpty()) {
      return EdgeSettings.DEFAULT;
    }
    MappingReader r = ctx.reader("'edge'");
    EdgeSettings.Admin admin =
        r.mapping("admin", "'edge.admin'").map(this::admin).orElse(EdgeSettings.Admin.DEFAULT);
    Path source = ctx.cluster().source();
    Path base = source == null ? Path.of("") : source.toAbsolutePath().getParent();
    ListenerSection listeners = new ListenerSection(base, ctx.problems());
    List<EdgeSettings.ListenerSettings> listen = listeners.listeners(r.node("listen"));
    TrustedProxies trusted = listeners.trustedProxies(r);
    Timeouts timeouts =
        r.mapping("timeouts", "'edge.timeouts'").map(this::timeouts).orElse(Timeouts.DEFAULT);
    Optional<Path> accessLog = r.string("access-log").map(Path::of);
    Set<String> poolNames = poolNames(ctx.cluster());
    Map<String, EdgeSettings.PoolSettings> pools = new LinkedHashMap<>();
    for (MappingReader.Named p : r.named("pools", "edge pool")) {
      if (!poolNames.contains(p.name())) {
        ctx.problems()
            .error(
                p.location(),
                "edge pool '" + p.name() + "' is not a pool of any layer",
                poolNames.isEmpty()
                    ? "define pools under 'layers:'"
                    : "the layers' pools are: " + String.join(", ", poolNames));
      }
      pools.put(p.name(), pool(p.reader(), ctx.cluster()));
    }
    List<Route> routes = new ArrayList<>();
    for (YamlNode item : r.list("routes")) {
      MappingReader route = MappingReader.of(item, "an edge route", ctx.problems());
      String host = route.string("host").orElse("").toLowerCase(java.util.Locale.ROOT);
      String path = route.string("path").orElse("");
      if (!path.isEmpty() && !path.startsWith("/")) {
        ctx.problems()
            .error(route.valueLocation("path"), "route path must start with '/': '" + path + "'");
      }
      String pool = route.requiredString("pool").orElse("");
      if (!pool.isEmpty() && !poolNames.contains(pool)) {
        ctx.problems()
            .error(
                route.valueLocation("pool"),
                "route pool '" + pool + "' is not a pool of any layer",
                "the layers' pools are: " + String.join(", ", poolNames));
      }
      route.finish();
      routes.add(new Route(host, path, pool));
    }
    Optional<CacheSettings> cache = r.mapping("cache", "'edge.cache'").map(this::cache);
    Compression compression =
        r.mapping("compression", "'edge.compression'")
            .map(this::compression)
            .orElse(Compression.DEFAULT);
    cache = cache.map(c -> c.withCompression(compression));
    Limits limits = r.mapping("limits", "'edge.limits'").map(this::limits).orElse(Limits.DEFAULT);
    r.finish();
    return new EdgeSettings(
        admin, listen, trusted, timeouts, accessLog, pools, routes, cache, limits);
  }

  private EdgeSettings.Admin admin(MappingReader a) {
    EdgeSettings.Admin admin =
        new EdgeSettings.Admin(
            a.string("address").orElse("127.0.0.1"),
            a.port("port").orElse(0),
            a.string("token").orElse(""));
    if (!admin.token().isEmpty() && admin.token().length() < 16) {
      a.problems()
          .error(
              a.valueLocation("token"),
              "the admin token is shorter than 16 characters",
              "use e.g. the output of: openssl rand -hex 16");
    }
    a.finish();
    return admin;
  }

  private CacheSettings cache(MappingReader c) {
    CacheSettings d = CacheSettings.DEFAULT;
    long size = c.size("size").orElse(d.maxBytes());
    long maxObject = c.size("max-object").orElse(d.maxObjectBytes());
    if (maxObject > size) {
      c.problems()
          .error(c.valueLocation("max-object"), "max-object is larger than the cache's size");
    }
    String purgeToken = c.string("purge-token").orElse("");
    if (!purgeToken.isEmpty() && purgeToken.length() < 16) {
      c.problems()
          .error(
              c.valueLocation("purge-token"),
              "the purge token is shorter than 16 characters",
              "use e.g. the output of: openssl rand -hex 16");
    }
    CacheSettings out =
        new CacheSettings(
            size,
            maxObject,
            c.duration("grace").orElse(d.grace()),
            c.duration("stale-if-disconnected").orElse(d.staleIfDisconnected()),
            c.duration("coalesce-wait").orElse(d.coalesceWait()),
            c.duration("hit-for-miss").orElse(d.hitForMiss()),
            purgeToken,
            c.bool("purge-from-loopback").orElse(false),
            c.bool("store-set-cookie").orElse(false),
            c.bool("ignore-client-no-cache").orElse(false),
            c.node("session-cookies").isPresent()
                ? c.stringList("session-cookies")
                : d.sessionCookies(),
            c.node("tracking-cookies").isPresent()
                ? c.stringList("tracking-cookies")
                : d.trackingCookies());
    c.finish();
    return out;
  }

  /** {@code edge.compression: { gzip: true, level: 5, min-length: 256, types: [text/*, ...] }} */
  private Compression compression(MappingReader c) {
    Compression d = Compression.DEFAULT;
    Compression out =
        new Compression(
            c.bool("gzip").orElse(d.gzip()),
            c.integer("level", 1, 9).orElse(d.level()),
            c.integer("min-length", 0, 1 << 30).orElse(d.minLength()),
            c.node("types").isPresent() ? c.stringList("types") : d.types());
    c.finish();
    return out;
  }

  private Limits limits(MappingReader l) {
    Limits d = Limits.DEFAULT;
    Limits out =
        new Limits(
            l.size("max-body").orElse(d.maxBodyBytes()),
            l.integer("connections-per-client", 0, 1_000_000).orElse(d.connectionsPerClient()),
            l.size("in-flight").orElse(d.inFlightBytes()));
    l.finish();
    return out;
  }

  private Timeouts timeouts(MappingReader t) {
    Timeouts d = Timeouts.DEFAULT;
    Timeouts out =
        new Timeouts(
            positive(t, "connect", d.connect()),
            positive(t, "first-byte", d.firstByte()),
            positive(t, "between-bytes", d.betweenBytes()),
            positive(t, "client-header", d.clientHeader()),
            positive(t, "idle", d.idle()),
            positive(t, "client-between-bytes", d.clientBetweenBytes()),
            positive(t, "client-body", d.clientBody()),
            positive(t, "tunnel-idle", d.tunnelIdle()));
    t.finish();
    return out;
  }

  private static Duration positive(MappingReader r, String key, Duration fallback) {
    Optional<Duration> d = r.duration(key);
    if (d.isPresent() && d.get().isZero()) {
      r.problems().error(r.valueLocation(key), "timeout '" + key + "' must be longer than zero");
      return fallback;
    }
    return d.orElse(fallback);
  }

  private EdgeSettings.PoolSettings pool(MappingReader p, Cluster cluster) {
    EdgeSettings.PoolSettings d = EdgeSettings.PoolSettings.DEFAULT;
    Algorithm algorithm =
        p.oneOf("algorithm", Algorithm.ids()).map(Algorithm::of).orElse(d.algorithm());
    String hashKey = p.string("hash-key").orElse("url");
    if (!hashKey.equals("url") && !hashKey.matches("header:[A-Za-z0-9-]+")) {
      p.problems()
          .error(
              p.valueLocation("hash-key"),
              "hash-key must be 'url' or 'header:NAME', not '" + hashKey + "'");
    }
    String affinity = "";
    Optional<String> a = p.string("affinity");
    if (a.isPresent()) {
      if (a.get().equals("cookie")) {
        affinity = "BRIGADE_BACKEND";
      } else if (a.get().startsWith("cookie:") && a.get().length() > 7) {
        affinity = a.get().substring(7);
      } else if (!a.get().equals("none")) {
        p.problems()
            .error(
                p.valueLocation("affinity"),
                "affinity must be 'none', 'cookie' or 'cookie:NAME', not '" + a.get() + "'");
      }
    }
    Map<String, Integer> weights = new LinkedHashMap<>();
    p.mapping("weights", "'weights'")
        .ifPresent(
            w -> {
              for (String host : w.keys()) {
                if (cluster.host(host).isEmpty()) {
                  w.problems().error(w.keyLocation(host), "weight for unknown host '" + host + "'");
                }
                w.integer(host, 1, 256).ifPresent(v -> weights.put(host, v));
              }
              w.finish();
            });
    List<String> backups = p.stringList("backups");
    for (String b : backups) {
      if (cluster.host(b).isEmpty()) {
        p.problems().error(p.valueLocation("backups"), "backup host '" + b + "' does not exist");
      }
    }
    HealthSettings health = p.mapping("health", "'health'").map(this::health).orElse(d.health());
    ConnectionLimit limit = limit(p);
    p.finish();
    return new EdgeSettings.PoolSettings(
        algorithm, hashKey, affinity, weights, backups, health, limit);
  }

  /** {@code max-conn}, {@code max-queue}, {@code queue-timeout} of a pool. */
  private static ConnectionLimit limit(MappingReader p) {
    int maxConn = p.integer("max-conn", 1, 1_000_000).orElse(0);
    int maxQueue = p.integer("max-queue", 0, 1_000_000).orElse(ConnectionLimit.DEFAULT_QUEUE);
    Duration timeout = positive(p, "queue-timeout", ConnectionLimit.NONE.queueTimeout());
    if (maxConn == 0) {
      for (String key : List.of("max-queue", "queue-timeout")) {
        if (p.node(key).isPresent()) {
          p.problems().error(p.keyLocation(key), "'" + key + "' needs 'max-conn'");
        }
      }
      return ConnectionLimit.NONE;
    }
    return new ConnectionLimit(maxConn, maxQueue, timeout);
  }

  private HealthSettings health(MappingReader h) {
    HealthSettings d = HealthSettings.DEFAULT;
    int window = h.integer("window", 1, 64).orElse(d.window());
    int threshold = h.integer("threshold", 1, 64).orElse(Math.min(d.threshold(), window));
    if (threshold > window) {
      h.problems()
          .error(
              h.valueLocation("threshold"),
              "threshold " + threshold + " is larger than the window " + window);
      threshold = window;
    }
    int rise = h.integer("rise", 1, 100).orElse(0);
    int fall = h.integer("fall", 1, 100).orElse(0);
    if ((rise > 0) != (fall > 0)) {
      h.problems().error(h.location(), "give both 'rise' and 'fall', or neither");
      rise = 0;
      fall = 0;
    }
    int passive = h.integer("passive-errors", 0, 1000).orElse(d.passiveErrors());
    Duration slowStart = h.duration("slow-start").orElse(d.slowStart());
    boolean passive5xx = h.bool("passive-5xx").orElse(false);
    int panic = h.integer("panic-threshold", 0, 100).orElse(d.panicThreshold());
    h.finish();
    return new HealthSettings(window, threshold, rise, fall, passive, slowStart, passive5xx, panic);
  }

  private static Set<String> poolNames(Cluster cluster) {
    Set<String> names = new TreeSet<>();
    for (Layer l : cluster.layers()) {
      l.pools().stream().map(Pool::name).forEach(names::add);
    }
    return names;
  }
}
