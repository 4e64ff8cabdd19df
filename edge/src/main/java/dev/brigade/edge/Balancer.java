package dev.brigade.edge;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Chooses one backend among the available candidates of a pool. */
sealed interface Balancer
    permits Balancer.RoundRobin, Balancer.LeastConnections, Balancer.TwoChoices, Balancer.Hashing {

  /** One of {@code candidates} (never empty) for a request with this hash key. */
  Backend pick(List<Backend> candidates, String key, long nowNanos);

  static Balancer of(PoolConfig config, List<Backend> primaries) {
    Duration slowStart = config.health().slowStart();
    return switch (config.algorithm()) {
      case ROUND_ROBIN -> new RoundRobin(slowStart);
      case LEAST_CONN -> new LeastConnections(slowStart);
      case P2C -> new TwoChoices(slowStart);
      case HASH -> new Hashing(new KetamaRing(primaries));
    };
  }

  /**
   * Smooth weighted round robin (nginx): every pick adds each candidate's weight to its score,
   * takes the highest score and subtracts the total from it, so weights 5:1:1 give a a b a c a a,
   * not a a a a a b c.
   */
  final class RoundRobin implements Balancer {
    private final Duration slowStart;

    RoundRobin(Duration slowStart) {
      this.slowStart = slowStart;
    }

    @Override
    public synchronized Backend pick(List<Backend> candidates, String key, long nowNanos) {
      Backend best = null;
      long total = 0;
      for (Backend b : candidates) {
        long w = Math.max(1, Math.round(b.effectiveWeight(nowNanos, slowStart) * 100));
        b.current += w;
        total += w;
        if (best == null || b.current > best.current) {
          best = b;
        }
      }
      best.current -= total;
      return best;
    }
  }

  /** Fewest requests in progress per unit of weight; ties go round robin. */
  final class LeastConnections implements Balancer {
    private final Duration slowStart;
    private int next;

    LeastConnections(Duration slowStart) {
      this.slowStart = slowStart;
    }

    @Override
    public synchronized Backend pick(List<Backend> candidates, String key, long nowNanos) {
      int n = candidates.size();
      int start = Math.floorMod(next++, n);
      Backend best = null;
      double bestLoad = Double.MAX_VALUE;
      for (int i = 0; i < n; i++) {
        Backend b = candidates.get((start + i) % n);
        double load = b.load(nowNanos, slowStart);
        if (load < bestLoad) {
          best = b;
          bestLoad = load;
        }
      }
      return best;
    }
  }

  /** Power of two random choices: two at random, the less loaded of them. */
  final class TwoChoices implements Balancer {
    private final Duration slowStart;

    TwoChoices(Duration slowStart) {
      this.slowStart = slowStart;
    }

    @Override
    public Backend pick(List<Backend> candidates, String key, long nowNanos) {
      int n = candidates.size();
      if (n == 1) {
        return candidates.getFirst();
      }
      ThreadLocalRandom r = ThreadLocalRandom.current();
      int i = r.nextInt(n);
      int j = r.nextInt(n - 1);
      if (j >= i) {
        j++;
      }
      Backend a = candidates.get(i);
      Backend b = candidates.get(j);
      return a.load(nowNanos, slowStart) <= b.load(nowNanos, slowStart) ? a : b;
    }
  }

  /** Consistent hashing on a ketama ring: a key stays on its backend while that one is up. */
  final class Hashing implements Balancer {
    private final KetamaRing ring;

    Hashing(KetamaRing ring) {
      this.ring = ring;
    }

    @Override
    public Backend pick(List<Backend> candidates, String key, long nowNanos) {
      Backend b = ring.lookup(key, candidates);
      return b != null ? b : candidates.get(Math.floorMod(key.hashCode(), candidates.size()));
    }
  }
}
