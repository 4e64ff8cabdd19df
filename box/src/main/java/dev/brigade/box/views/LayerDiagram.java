package dev.brigade.box.views;

import dev.brigade.model.Cluster;
import dev.brigade.model.Layer;
import dev.brigade.model.Pool;
import dev.brigade.plan.LayerLoad;
import dev.brigade.plan.PlanResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The seed's "layering: less traffic at each step" at one moment: the cluster's layers from the
 * outside in, the requests per second entering each, the share it answers itself, its servers with
 * their monitor state, and the design load of {@code brigade plan} beside it. Built by {@link
 * #build}, a pure function of its inputs; {@link ClusterSvg} draws it.
 *
 * @param cluster the cluster's name
 * @param at when the inputs were read (ISO-8601)
 * @param layers the layers, outermost first
 * @param planned whether a plan result was found
 */
public record LayerDiagram(String cluster, String at, List<Step> layers, boolean planned) {
  public LayerDiagram {
    layers = List.copyOf(layers);
  }

  /** A server's state as a dot: the worst of its checks. */
  public enum Dot {
    OK,
    WARNING,
    CRITICAL,
    UNKNOWN
  }

  /**
   * One server of a layer.
   *
   * @param host its name
   * @param state its dot
   */
  public record Server(String host, Dot state) {}

  /**
   * What {@code brigade plan} designed the layer for.
   *
   * @param incoming requests per second entering it at design load
   * @param passedOn requests per second it passes down at design load
   * @param needed servers needed (N+1), or null for a CDN
   * @param current servers the model had when planned
   * @param utilisation incoming over the servers' capacity, or null
   */
  public record Design(
      double incoming, double passedOn, Integer needed, int current, Double utilisation) {}

  /**
   * One layer.
   *
   * @param name the layer (or, for a pool whose role is no layer of its own, the pool)
   * @param role the role of its servers
   * @param depth how many steps in from the outside (0 for the outermost)
   * @param servers its servers, in model order
   * @param incoming requests per second entering it, or null without data
   * @param passedOn requests per second it sends to the layers beneath, or null without data
   * @param hitRate the share of its requests it answers itself (0 to 1), or null without data
   * @param hitRateSource {@code measured} (in and out rates), {@code checks} (its checks' {@code
   *     hit_ratio}), {@code last} (nothing beneath it) or {@code none}
   * @param pools the pools beneath it, by name
   * @param design the plan's design load for it, or null without a plan
   */
  public record Step(
      String name,
      String role,
      int depth,
      List<Server> servers,
      Double incoming,
      Double passedOn,
      Double hitRate,
      String hitRateSource,
      List<String> pools,
      Design design) {
    public Step {
      servers = List.copyOf(servers);
      pools = List.copyOf(pools);
    }

    /** How many servers are in each state. */
    public Map<Dot, Integer> counts() {
      Map<Dot, Integer> m = new EnumMap<>(Dot.class);
      for (Dot d : Dot.values()) {
        m.put(d, 0);
      }
      servers.forEach(s -> m.merge(s.state(), 1, Integer::sum));
      return m;
    }
  }

  /**
   * The traffic the metrics show, per layer name.
   *
   * @param entering requests per second measured where they enter a layer (the edge's lookups)
   * @param toPools requests per second each layer sends to each of its pools
   * @param hitRates the average {@code hit_ratio} (0 to 1) of a layer's checks, e.g. memcached's
   */
  public record Traffic(
      Map<String, Double> entering,
      Map<String, Map<String, Double>> toPools,
      Map<String, Double> hitRates) {
    /** No data at all. */
    public static final Traffic NONE = new Traffic(Map.of(), Map.of(), Map.of());

    public Traffic {
      entering = Map.copyOf(entering);
      toPools = Map.copyOf(toPools);
      hitRates = Map.copyOf(hitRates);
    }
  }

  /**
   * The diagram of {@code cluster}: its layers in order, and beside them the pools whose role is no
   * layer of its own (a memcached or replica pool of the app layer), one step further in.
   */
  public static LayerDiagram build(
      Cluster cluster,
      Map<String, Dot> states,
      Traffic traffic,
      Optional<PlanResult> plan,
      Instant at) {
    record Part(String name, String role, int depth, List<Pool> pools) {}
    List<Part> parts = new ArrayList<>();
    Set<String> layerRoles = new HashSet<>();
    cluster.layers().forEach(l -> layerRoles.add(l.role()));
    Set<String> implied = new HashSet<>();
    for (int i = 0; i < cluster.layers().size(); i++) {
      Layer l = cluster.layers().get(i);
      parts.add(new Part(l.name(), l.role(), i, l.pools()));
      for (Pool p : l.pools()) {
        if (!layerRoles.contains(p.role()) && implied.add(p.role())) {
          parts.add(new Part(p.name(), p.role(), i + 1, List.of()));
        }
      }
    }
    parts.sort(Comparator.comparingInt(Part::depth)); // stable: model order within a depth

    List<Step> steps = new ArrayList<>();
    for (Part part : parts) {
      List<Server> servers =
          cluster.hostsWithRole(part.role()).stream()
              .map(h -> new Server(h.name(), states.getOrDefault(h.name(), Dot.UNKNOWN)))
              .toList();
      Double incoming = traffic.entering().get(part.name());
      if (incoming == null) {
        incoming = sentTo(cluster, part.role(), traffic);
      }
      Map<String, Double> out = traffic.toPools().get(part.name());
      Double passedOn =
          out == null || out.isEmpty()
              ? null
              : out.values().stream().mapToDouble(Double::doubleValue).sum();
      Double hitRate = null;
      String source = "none";
      if (incoming != null && passedOn != null && incoming > 0) {
        hitRate = Math.clamp(1 - passedOn / incoming, 0.0, 1.0);
        source = "measured";
      } else if (traffic.hitRates().containsKey(part.name())) {
        hitRate = Math.clamp(traffic.hitRates().get(part.name()), 0.0, 1.0);
        source = "checks";
      } else if (part.pools().isEmpty() && incoming != null) {
        hitRate = 1.0;
        source = "last";
      }
      steps.add(
          new Step(
              part.name(),
              part.role(),
              part.depth(),
              servers,
              incoming,
              passedOn,
              hitRate,
              source,
              part.pools().stream().map(Pool::name).toList(),
              plan.flatMap(p -> design(p, part.name(), part.role())).orElse(null)));
    }
    return new LayerDiagram(cluster.name(), at.toString(), steps, plan.isPresent());
  }

  /** What the layers above send to pools of {@code role}, or null when none of them says. */
  private static Double sentTo(Cluster cluster, String role, Traffic traffic) {
    Double sum = null;
    for (Layer l : cluster.layers()) {
      Map<String, Double> out = traffic.toPools().getOrDefault(l.name(), Map.of());
      for (Pool p : l.pools()) {
        Double v = out.get(p.name());
        if (p.role().equals(role) && v != null) {
          sum = (sum == null ? 0 : sum) + v;
        }
      }
    }
    return sum;
  }

  private static Optional<Design> design(PlanResult plan, String name, String role) {
    return plan.layers().stream()
        .filter(l -> l.name().equals(name) || l.roles().contains(role))
        .findFirst()
        .map(LayerDiagram::design);
  }

  private static Design design(LayerLoad l) {
    return new Design(l.incoming(), l.passedOn(), l.needed(), l.current(), l.utilisation());
  }
}
