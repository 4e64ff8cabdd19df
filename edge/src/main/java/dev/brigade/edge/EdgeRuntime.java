package dev.brigade.edge;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** What every connection handler shares: the current pools and routes, settings and counters. */
final class EdgeRuntime {
  /** The pools and routes in force; replaced as a whole on reload. */
  record Snapshot(Map<String, BackendPool> pools, List<Route> routes) {
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

  final Timeouts timeouts;
  final AccessLog accessLog;

  /** The HTTP cache, or null for a pass-through edge. */
  final HttpCache cache;

  /** Background refreshes for the cache, or null. */
  final Refresher refresher;

  final Transport transport;
  final LongAdder connections = new LongAdder();
  final LongAdder openConnections = new LongAdder();
  final LongAdder refused = new LongAdder();
  final LongAdder timedOutClients = new LongAdder();
  private volatile Snapshot snapshot;

  EdgeRuntime(
      EdgeConfig config,
      AccessLog accessLog,
      Transport transport,
      io.netty.channel.EventLoopGroup group) {
    this.timeouts = config.timeouts();
    this.accessLog = accessLog;
    this.transport = transport;
    this.cache = config.cache().map(HttpCache::new).orElse(null);
    this.refresher = cache == null ? null : new Refresher(cache, group, transport);
    this.snapshot = build(config, Map.of());
  }

  Snapshot snapshot() {
    return snapshot;
  }

  /** Swaps in new pools and routes; backends that stay keep their state and connections. */
  synchronized Snapshot reload(EdgeConfig config) {
    Map<String, Backend> previous = new LinkedHashMap<>();
    for (BackendPool p : snapshot.pools().values()) {
      for (Backend b : p.all()) {
        previous.put(p.name() + " " + b.id(), b);
      }
    }
    Snapshot old = snapshot;
    snapshot = build(config, previous);
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

  private static Snapshot build(EdgeConfig config, Map<String, Backend> previous) {
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
    return new Snapshot(Map.copyOf(pools), config.routes());
  }
}
