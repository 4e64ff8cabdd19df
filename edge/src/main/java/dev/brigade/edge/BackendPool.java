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
  private final Balancer balancer;

  /** Builds the pool, keeping the state of backends that {@code previous} already had. */
  BackendPool(PoolConfig config, Map<String, Backend> previous) {
    this.config = config;
    List<Backend> p = new ArrayList<>();
    List<Backend> b = new ArrayList<>();
    for (BackendConfig bc : config.backends()) {
      Backend old = previous.get(bc.id());
      Backend backend =
          old != null && old.config.equals(bc) ? old : new Backend(bc, config.health());
      (bc.backup() ? b : p).add(backend);
    }
    this.primaries = List.copyOf(p);
    this.backups = List.copyOf(b);
    this.balancer = Balancer.of(config, primaries);
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
    if (candidates.isEmpty()) {
      candidates = available(backups, tried);
    }
    if (candidates.isEmpty()) {
      return null;
    }
    return balancer.pick(candidates, key, System.nanoTime());
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
