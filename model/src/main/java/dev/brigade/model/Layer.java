package dev.brigade.model;

import java.util.List;
import java.util.Optional;

/**
 * One layer traffic passes on its way in (the seed's "layering: less traffic at each step"), e.g.
 * the edge in front of the application servers, which sit in front of the caches and databases.
 *
 * @param name the layer's name
 * @param role the role whose hosts make up this layer
 * @param service the service of that role that receives the layer's traffic
 * @param pools the groups of servers beneath this layer that it sends traffic to
 */
public record Layer(String name, String role, String service, List<Pool> pools) {
  public Layer {
    pools = List.copyOf(pools);
  }

  /** The pool with this name. */
  public Optional<Pool> pool(String poolName) {
    return pools.stream().filter(p -> p.name().equals(poolName)).findFirst();
  }
}
