package dev.brigade.plan;

import dev.brigade.model.Cluster;
import dev.brigade.model.Host;
import dev.brigade.model.Layer;
import dev.brigade.model.Pool;
import dev.brigade.model.Protocol;
import dev.brigade.model.Role;
import dev.brigade.model.Service;
import dev.brigade.model.Stage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Puts the model, its {@code plan:} section and a traffic report together into a {@link
 * PlanResult}: which roles make up each layer, the figures each layer takes (measured, planned,
 * assumed), and the servers the model has for it. The management box calls the same with live
 * figures.
 *
 * <pre>{@code
 * TrafficReport traffic = new TrafficAnalyzer(TrafficAnalyzer.Options.DEFAULT).analyze(logs, p);
 * PlanResult plan = Planner.plan(traffic, cluster.section(PlanSection.TYPE), cluster);
 * }</pre>
 */
public final class Planner {
  /** Requests/s per server when the plan says nothing: the seed's orders of magnitude. */
  static final Map<String, Double> CAPACITY =
      Map.of(
          "cdn", Double.POSITIVE_INFINITY,
          // "Reverse Proxy Cache ... 1000 req/s"
          "edge", 1000.0,
          // "Drupal ... 10 req/s": the application alone, on red pages
          "app", 10.0,
          // not in the seed: memcached gets, MySQL queries, Solr searches per second per server
          "cache", 10_000.0,
          "database", 1000.0,
          "search", 100.0);

  /** Where each layer's traffic comes from by default. */
  static final Map<String, String> FROM =
      Map.of("edge", "cdn", "app", "edge", "cache", "app", "database", "cache", "search", "app");

  /** Requests per request passed on by the layer above, by default. */
  static final Map<String, Double> PER_REQUEST = Map.of("cache", 10.0, "search", 0.05);

  /** Assumed hit rates when neither the logs nor the plan say. */
  static final Map<String, HitRates> HIT_RATES =
      Map.of(
          "cdn", new HitRates(0.9, 0, 0),
          "edge", new HitRates(0.95, 0.8, 0),
          "cache", HitRates.all(0.9));

  private Planner() {}

  /** The plan for this traffic, with the section's settings (what-ifs applied to them). */
  public static PlanResult plan(TrafficReport traffic, PlanSettings settings, Cluster cluster) {
    List<LayerSpec> specs = specs(settings, cluster, traffic);
    Optional<Stage> stage = stage(settings, cluster);
    Map<String, Integer> current = new LinkedHashMap<>();
    for (LayerSpec s : specs) {
      current.put(s.name(), count(cluster, stage, s.roles()));
    }
    DesignLoad design = design(traffic, settings);
    return new PlanResult(
        traffic,
        design,
        stage.map(Stage::name).orElse("all"),
        CapacityPlan.compute(design, specs, current));
  }

  /** The design load: the typical peak's rate on the chosen basis, plus growth. */
  static DesignLoad design(TrafficReport traffic, PlanSettings settings) {
    TrafficReport.Peak p = traffic.typicalPeak();
    if (p == null) {
      return DesignLoad.of(settings.basis(), 0, settings.growth(), List.of(0.0, 1.0, 0.0));
    }
    double rate =
        switch (settings.basis()) {
          case "hour" -> p.perSecond();
          case "second" -> p.peakSecond() == null ? p.perSecond() : p.peakSecond();
          default -> p.peakMinutePerSecond() == null ? p.perSecond() : p.peakMinutePerSecond();
        };
    List<Double> share = new ArrayList<>();
    for (long c : p.classRequests()) {
      share.add(p.requests() == 0 ? 0 : (double) c / p.requests());
    }
    return DesignLoad.of(settings.basis(), rate, settings.growth(), share);
  }

  /** Each layer that exists, with its figures settled. */
  static List<LayerSpec> specs(PlanSettings settings, Cluster cluster, TrafficReport traffic) {
    Map<String, List<String>> roles = defaultRoles(cluster);
    Set<String> present = new LinkedHashSet<>();
    for (String name : PlanSettings.LAYERS) {
      PlanSettings.LayerSettings ls = settings.layers().get(name);
      List<String> r = ls != null && ls.roles().isPresent() ? ls.roles().get() : roles.get(name);
      if (name.equals("cdn") ? ls != null : ls != null || !r.isEmpty()) {
        present.add(name);
      }
    }
    List<LayerSpec> out = new ArrayList<>();
    for (String name : present) {
      PlanSettings.LayerSettings ls =
          settings.layers().getOrDefault(name, PlanSettings.LayerSettings.EMPTY);
      String from = ls.from().orElse(FROM.get(name));
      while (from != null && !present.contains(from)) {
        from = FROM.get(from);
      }
      HitRates rates = ls.hitRates().orElse(HIT_RATES.getOrDefault(name, HitRates.NONE));
      String source =
          ls.hitRates().isPresent()
              ? ls.hitRateSource()
              : HIT_RATES.containsKey(name) ? "assumed" : "none";
      if (name.equals("edge") && !"what-if".equals(source)) {
        Double g = traffic.classes().get("green").measuredHitRate();
        Double y = traffic.classes().get("yellow").measuredHitRate();
        if (g != null || y != null) {
          rates = new HitRates(g != null ? g : rates.green(), y != null ? y : rates.yellow(), 0);
          source = "measured";
        }
      }
      out.add(
          new LayerSpec(
              name,
              ls.roles().orElse(roles.get(name)),
              ls.capacity().orElse(CAPACITY.get(name)),
              from,
              ls.perRequest().orElse(PER_REQUEST.getOrDefault(name, 1.0)),
              rates,
              source));
    }
    return List.copyOf(out);
  }

  /** Each layer's roles as the model implies them. */
  static Map<String, List<String>> defaultRoles(Cluster c) {
    Set<String> cache = new LinkedHashSet<>();
    Set<String> database = new LinkedHashSet<>();
    Set<String> search = new LinkedHashSet<>();
    for (Role r : c.roles().values()) {
      for (Service s : r.services()) {
        if (s.protocol() == Protocol.MEMCACHED || s.protocol() == Protocol.REDIS) {
          cache.add(r.name());
        } else if (s.protocol() == Protocol.MYSQL || s.protocol() == Protocol.POSTGRESQL) {
          database.add(r.name());
        } else if (r.name().equals("search")
            || Set.of("solr", "elasticsearch", "opensearch").contains(s.name())) {
          search.add(r.name());
        }
      }
    }
    Optional<Layer> edgeLayer = c.layer("edge").or(() -> c.layers().stream().findFirst());
    List<String> edge = edgeLayer.map(l -> List.of(l.role())).orElse(List.of());
    Set<String> app = new LinkedHashSet<>();
    edgeLayer.ifPresent(
        l -> {
          for (Pool p : l.pools()) {
            app.add(p.role());
          }
        });
    app.removeAll(search);
    app.removeAll(cache);
    app.removeAll(database);
    if (app.isEmpty()) {
      c.layer("app").ifPresent(l -> app.add(l.role()));
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    out.put("cdn", List.of());
    out.put("edge", edge);
    out.put("app", List.copyOf(app));
    out.put("cache", List.copyOf(cache));
    out.put("database", List.copyOf(database));
    out.put("search", List.copyOf(search));
    return out;
  }

  private static Optional<Stage> stage(PlanSettings settings, Cluster cluster) {
    return settings.stage().flatMap(cluster::stage).or(() -> cluster.stage("production"));
  }

  private static int count(Cluster cluster, Optional<Stage> stage, List<String> roles) {
    int n = 0;
    for (Host h : cluster.hosts().values()) {
      if (stage.isPresent() && !stage.get().hosts().contains(h.name())) {
        continue;
      }
      if (roles.stream().anyMatch(h::hasRole)) {
        n++;
      }
    }
    return n;
  }
}
