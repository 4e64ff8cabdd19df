package dev.brigade.edge;

import java.net.InetAddress;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What every connection handler shares: the settings in force (one immutable {@link Snapshot},
 * swapped whole on reload), the cache's store, and the counters.
 */
final class EdgeRuntime {
  /**
   * Everything reloadable, read by an exchange once when it starts so that one request sees one
   * configuration: pools and routes, timeouts, limits, the cache's settings (null without a cache)
   * with the hit classifier built from them once (null too), and the admin token.
   */
  record Snapshot(
      Map<String, BackendPool> pools,
      List<Route> routes,
      Timeouts timeouts,
      Limits limits,
      CacheSettings cache,
      dev.brigade.traffic.HitClassifier hitClassifier,
      String adminToken,
      TrustedProxies trustedProxies) {
    BackendPool route(String host, String path) {
      for (Route r : routes) {
        if (r.matches(host, path)) {
          BackendPool p = pools.get(r.pool());
          if (p != null) {
            return p;
          }
        }
      }
      return null;
    }
  }

  final AccessLog accessLog;

  /** The HTTP cache's store, or null for a pass-through edge. */
  final HttpCache cache;

  /** Background refreshes for the cache, or null. */
  final Refresher refresher;

  /** The one client to the backends: proxying, refreshes and health probes. */
  final UpstreamClient upstreamClient;

  final CachePolicy policy = new CachePolicy(InstantSource.system());
  final InFlight inFlight;
  final Transport transport;
  final LongAdder connections = new LongAdder();
  final LongAdder openConnections = new LongAdder();
  final LongAdder refused = new LongAdder();
  final LongAdder refusedConnections = new LongAdder();
  final LongAdder timedOutClients = new LongAdder();

  /** Upgraded connections (WebSocket and the like). */
  final Tunnels tunnels = new Tunnels();

  private final Map<InetAddress, Integer> perClient = new ConcurrentHashMap<>();
  private volatile Snapshot snapshot;

  EdgeRuntime(EdgeConfig config, AccessLog accessLog, Transport transport) {
    this.accessLog = accessLog;
    this.transport = transport;
    this.upstreamClient = new UpstreamClient(transport);
    this.cache = config.cache().map(HttpCache::new).orElse(null);
    this.refresher = cache == null ? null : new Refresher(cache);
    this.inFlight = new InFlight(config.limits().inFlightBytes());
    this.snapshot = build(config, Map.of(), cache);
  }

  Snapshot snapshot() {
    return snapshot;
  }

  /** Counts a new connection from {@code a}; false when the address has too many. */
  boolean admitClient(InetAddress a) {
    int limit = snapshot.limits().connectionsPerClient();
    boolean[] ok = {true};
    perClient.compute(
        a,
        (k, n) -> {
          int next = n == null ? 1 : n + 1;
          if (limit > 0 && next > limit) {
            ok[0] = false;
            return n;
          }
          return next;
        });
    return ok[0];
  }

  void releaseClient(InetAddress a) {
    perClient.computeIfPresent(a, (k, n) -> n <= 1 ? null : n - 1);
  }

  /**
   * Swaps in a new snapshot; backends that stay keep their state and connections (and take the new
   * health settings). The cache's store stays; its settings change with the snapshot.
   */
  synchronized Snapshot reload(EdgeConfig config) {
    Map<String, Backend> previous = new LinkedHashMap<>();
    for (BackendPool p : snapshot.pools().values()) {
      for (Backend b : p.all()) {
        previous.put(p.name() + " " + b.id(), b);
      }
    }
    Snapshot old = snapshot;
    snapshot = build(config, previous, cache);
    inFlight.limit(config.limits().inFlightBytes());
    for (BackendPool p : old.pools().values()) {
      for (Backend b : p.all()) {
        boolean kept = snapshot.pools().values().stream().anyMatch(np -> np.all().contains(b));
        if (!kept) {
          b.closeIdle();
        }
      }
    }
    return snapshot;
  }

  private static Snapshot build(EdgeConfig config, Map<String, Backend> previous, HttpCache c) {
    Map<String, BackendPool> pools = new LinkedHashMap<>();
    for (PoolConfig pc : config.pools()) {
      Map<String, Backend> mine = new LinkedHashMap<>();
      previous.forEach(
          (k, v) -> {
            if (k.startsWith(pc.name() + " ")) {
              mine.put(v.id(), v);
            }
          });
      pools.put(pc.name(), new BackendPool(pc, mine));
    }
    CacheSettings settings = c == null ? null : config.cache().orElse(null);
    if (settings != null) {
      c.reconfigure(settings);
    }
    return new Snapshot(
        Map.copyOf(pools),
        config.routes(),
        config.timeouts(),
        config.limits(),
        settings,
        settings == null ? null : new dev.brigade.traffic.HitClassifier(settings.sessionCookies()),
        config.adminToken(),
        config.trustedProxies());
  }
}
