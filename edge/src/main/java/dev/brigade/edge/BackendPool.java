package dev.brigade.edge;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A pool at run time: its backends, how it picks one, and what it has counted. */
final class BackendPool {
  final PoolConfig config;
  final List<Backend> primaries;
  final List<Backend> backups;
  final BackendMetrics metrics = new BackendMetrics();

  /** Requests balanced in panic mode: too few healthy primaries, so all of them took traffic. */
  final java.util.concurrent.atomic.LongAdder panics = new java.util.concurrent.atomic.LongAdder();

  /** Requests waiting for a backend below the pool's {@link ConnectionLimit}. */
  final ConnectionQueue queue;

  private final Balancer balancer;

  /** Builds the pool, keeping the state of backends that {@code previous} already had. */
  BackendPool(PoolConfig config, Map<String, Backend> previous) {
    this.config = config;
    List<Backend> p = new ArrayList<>();
    List<Backend> b = new ArrayList<>();
    boolean passive = config.backends().size() > 1;
    for (BackendConfig bc : config.backends()) {
      Backend old = previous.get(bc.id());
      Backend backend =
          old != null && old.config.equals(bc)
              ? old.reconfigure(config.health(), passive)
              : new Backend(bc, config.health()).reconfigure(config.health(), passive);
      (bc.backup() ? b : p).add(backend);
    }
    this.primaries = List.copyOf(p);
    this.backups = List.copyOf(b);
    this.balancer = Balancer.of(config, primaries);
    this.queue = new ConnectionQueue(config.limit().maxQueue());
  }

  /** Backends (of {@code tried} or not) at their connection limit: not to be chosen now. */
  List<Backend> full() {
    int max = config.limit().maxConn();
    if (max == 0) {
      return List.of();
    }
    List<Backend> out = new ArrayList<>(0);
    for (Backend b : primaries) {
      if (b.active.get() >= max) {
        out.add(b);
      }
    }
    for (Backend b : backups) {
      if (b.active.get() >= max) {
        out.add(b);
      }
    }
    return out;
  }

  String name() {
    return config.name();
  }

  List<Backend> all() {
    List<Backend> all = new ArrayList<>(primaries);
    all.addAll(backups);
    return all;
  }

  Optional<Backend> backend(String id) {
    return all().stream().filter(x -> x.id().equals(id)).findFirst();
  }

  /**
   * A backend for a request: an available primary, else an available backup, never one in {@code
   * tried}; the affinity backend when it is available. Null when none is available.
   */
  Backend choose(String key, Backend affinity, Collection<Backend> tried) {
    if (affinity != null && affinity.available() && !tried.contains(affinity)) {
      return affinity;
    }
    List<Backend> candidates = available(primaries, tried);
    if (!candidates.isEmpty() && panic()) {
      panics.increment();
      candidates = new ArrayList<>(primaries.size());
      for (Backend x : primaries) {
        if (x.inService() && !tried.contains(x)) {
          candidates.add(x);
        }
      }
    }
    if (candidates.isEmpty()) {
      candidates = available(backups, tried);
    }
    if (candidates.isEmpty()) {
      return null;
    }
    return balancer.pick(candidates, key, System.nanoTime());
  }

  /**
   * Fewer than the panic threshold of the primaries in service are healthy, but some are: the
   * health checks may be wrong, and the few left would be overloaded (Envoy's panic mode).
   */
  private boolean panic() {
    int threshold = config.health().panicThreshold();
    if (threshold == 0) {
      return false;
    }
    int inService = 0;
    int up = 0;
    for (Backend x : primaries) {
      if (x.inService()) {
        inService++;
        if (x.available()) {
          up++;
        }
      }
    }
    return up > 0 && up * 100 < threshold * inService;
  }

  private static List<Backend> available(List<Backend> backends, Collection<Backend> tried) {
    List<Backend> out = new ArrayList<>(backends.size());
    for (Backend b : backends) {
      if (b.available() && !tried.contains(b)) {
        out.add(b);
      }
    }
    return out;
  }

  /** The cookie value that pins a client to {@code b}: a hash of its id, not the address. */
  static String affinityValue(Backend b) {
    return Integer.toHexString(b.id().hashCode() & 0x7fffffff);
  }

  Backend byAffinity(String value) {
    for (Backend b : all()) {
      if (affinityValue(b).equals(value)) {
        return b;
      }
    }
    return null;
  }
}
