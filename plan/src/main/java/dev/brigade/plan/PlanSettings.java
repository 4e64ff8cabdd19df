package dev.brigade.plan;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model's {@code plan:} section: growth to plan for, how to find the typical peak, and each
 * layer's figures where Brigade's defaults (the seed's orders of magnitude) do not fit.
 *
 * @param growth growth to plan for, 0.3 for 30%
 * @param percentile the percentile of daily peak hours taken as the typical peak
 * @param basis the rate of the typical peak hour to design for: hour, minute or second
 * @param stage the stage whose hosts are counted (default: {@code production} when there is one)
 * @param zone the zone for days and hours (default: each log line's own offset)
 * @param layers per-layer settings by layer name
 */
public record PlanSettings(
    double growth,
    int percentile,
    String basis,
    Optional<String> stage,
    Optional<ZoneId> zone,
    Map<String, LayerSettings> layers) {

  /** The layers Brigade plans, from the outside in. */
  public static final List<String> LAYERS =
      List.of("cdn", "edge", "app", "cache", "database", "search");

  /** The rates {@code basis} may name. */
  public static final List<String> BASES = List.of("hour", "minute", "second");

  /** 30% growth, the 95th percentile, the busiest minute, every layer on defaults. */
  public static final PlanSettings DEFAULT =
      new PlanSettings(0.3, 95, "minute", Optional.empty(), Optional.empty(), Map.of());

  public PlanSettings {
    layers = Map.copyOf(layers);
  }

  /**
   * One layer's settings; empty fields take the defaults.
   *
   * @param roles the roles of its servers
   * @param capacity requests per second per server
   * @param from the layer it receives traffic from
   * @param perRequest requests it receives per request passed on by {@code from}
   * @param hitRates the share of each class it answers
   * @param hitRateSource {@code plan} or {@code what-if}
   */
  public record LayerSettings(
      Optional<List<String>> roles,
      Optional<Double> capacity,
      Optional<String> from,
      Optional<Double> perRequest,
      Optional<HitRates> hitRates,
      String hitRateSource) {
    /** Nothing set: the layer exists and takes every default. */
    public static final LayerSettings EMPTY =
        new LayerSettings(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            "plan");
  }

  /** The same with another growth (what-if {@code --growth}). */
  public PlanSettings withGrowth(double g) {
    return new PlanSettings(g, percentile, basis, stage, zone, layers);
  }

  /** The same with another percentile. */
  public PlanSettings withPercentile(int p) {
    return new PlanSettings(growth, p, basis, stage, zone, layers);
  }

  /** The same with another basis. */
  public PlanSettings withBasis(String b) {
    return new PlanSettings(growth, percentile, b, stage, zone, layers);
  }

  /** The same with a layer's capacity replaced (what-if {@code --capacity app=40}). */
  public PlanSettings withCapacity(String layer, double perServer) {
    LayerSettings l = layers.getOrDefault(layer, LayerSettings.EMPTY);
    return with(
        layer,
        new LayerSettings(
            l.roles(),
            Optional.of(perServer),
            l.from(),
            l.perRequest(),
            l.hitRates(),
            l.hitRateSource()));
  }

  /** The same with a layer's hit rates replaced by a what-if. */
  public PlanSettings withHitRates(String layer, HitRates rates) {
    LayerSettings l = layers.getOrDefault(layer, LayerSettings.EMPTY);
    return with(
        layer,
        new LayerSettings(
            l.roles(), l.capacity(), l.from(), l.perRequest(), Optional.of(rates), "what-if"));
  }

  private PlanSettings with(String layer, LayerSettings l) {
    Map<String, LayerSettings> m = new LinkedHashMap<>(layers);
    m.put(layer, l);
    return new PlanSettings(growth, percentile, basis, stage, zone, m);
  }
}
