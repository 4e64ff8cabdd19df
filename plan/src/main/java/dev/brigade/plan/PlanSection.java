package dev.brigade.plan;

import dev.brigade.model.Cluster;
import dev.brigade.model.MappingReader;
import dev.brigade.model.SectionContext;
import dev.brigade.model.SectionType;
import dev.brigade.model.YamlNode;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and validates the {@code plan:} section of the model; see {@link PlanSettings}.
 *
 * <pre>{@code
 * plan:
 *   growth: 30%
 *   layers:
 *     app: { capacity: 25 }                       # requests/s one app server handles
 *     cache: { per-request: 8, hit-rate: 0.95 }   # memcached gets per app request
 * }</pre>
 */
public final class PlanSection implements SectionType<PlanSettings> {
  /** The section, for {@code cluster.section(PlanSection.TYPE)}. */
  public static final PlanSection TYPE = new PlanSection();

  @Override
  public String key() {
    return "plan";
  }

  @Override
  public Class<PlanSettings> valueType() {
    return PlanSettings.class;
  }

  @Override
  public PlanSettings read(SectionContext ctx) {
    if (ctx.node().isEmpty()) {
      return PlanSettings.DEFAULT;
    }
    PlanSettings d = PlanSettings.DEFAULT;
    MappingReader r = ctx.reader("'plan'");
    double growth = r.decimal("growth", 0, 100).orElse(d.growth());
    int percentile = r.integer("percentile", 1, 100).orElse(d.percentile());
    String basis = r.oneOf("basis", PlanSettings.BASES).orElse(d.basis());
    Optional<String> stage = r.string("stage");
    Cluster cluster = ctx.cluster();
    if (stage.isPresent() && cluster.stage(stage.get()).isEmpty()) {
      ctx.problems()
          .error(
              r.valueLocation("stage"),
              "stage '" + stage.get() + "' of 'plan' does not exist",
              "the stages are: " + String.join(", ", cluster.stages().keySet()));
    }
    Optional<ZoneId> zone = Optional.empty();
    Optional<String> z = r.string("zone");
    if (z.isPresent()) {
      try {
        zone = Optional.of(ZoneId.of(z.get()));
      } catch (DateTimeException e) {
        ctx.problems()
            .error(
                r.valueLocation("zone"),
                "zone '" + z.get() + "' of 'plan' is not a time zone",
                "write a region such as Europe/Berlin, or an offset such as +01:00");
      }
    }
    Map<String, PlanSettings.LayerSettings> layers = new LinkedHashMap<>();
    Optional<MappingReader> lr = r.mapping("layers", "'plan.layers'");
    if (lr.isPresent()) {
      for (String name : PlanSettings.LAYERS) {
        Optional<MappingReader> l = lr.get().mapping(name, "plan layer '" + name + "'");
        if (l.isPresent()) {
          layers.put(name, layer(name, l.get(), cluster));
        } else if (lr.get().node(name).isPresent()) {
          layers.put(name, PlanSettings.LayerSettings.EMPTY);
        }
      }
      lr.get().finish();
    }
    r.finish();
    return new PlanSettings(growth, percentile, basis, stage, zone, layers);
  }

  private static PlanSettings.LayerSettings layer(String name, MappingReader l, Cluster cluster) {
    Optional<List<String>> roles = Optional.empty();
    if (l.node("roles").isPresent()) {
      List<String> list = l.stringList("roles");
      for (String role : list) {
        if (cluster.role(role).isEmpty()) {
          l.problems()
              .error(
                  l.valueLocation("roles"),
                  "role '" + role + "' of plan layer '" + name + "' does not exist",
                  "the roles are: " + String.join(", ", cluster.roles().keySet()));
        }
      }
      roles = Optional.of(list);
    }
    Optional<Double> capacity = l.decimal("capacity", 0.001, 1e9);
    Optional<String> from = l.oneOf("from", PlanSettings.LAYERS);
    if (from.isPresent()
        && PlanSettings.LAYERS.indexOf(from.get()) >= PlanSettings.LAYERS.indexOf(name)) {
      l.problems()
          .error(
              l.valueLocation("from"),
              "plan layer '" + name + "' cannot receive from '" + from.get() + "'",
              "a layer receives from one further out: "
                  + String.join(
                      ", ", PlanSettings.LAYERS.subList(0, PlanSettings.LAYERS.indexOf(name))));
      from = Optional.empty();
    }
    Optional<Double> perRequest = l.decimal("per-request", 0, 1e6);
    Optional<HitRates> hitRates = Optional.empty();
    Optional<YamlNode> hr = l.node("hit-rate");
    if (hr.isPresent() && hr.get() instanceof YamlNode.Mapping) {
      MappingReader h = l.mapping("hit-rate", "'hit-rate' of plan layer '" + name + "'").get();
      hitRates =
          Optional.of(
              new HitRates(
                  h.decimal("green", 0, 1).orElse(0.0),
                  h.decimal("yellow", 0, 1).orElse(0.0),
                  h.decimal("red", 0, 1).orElse(0.0)));
      h.finish();
    } else if (hr.isPresent()) {
      hitRates = l.decimal("hit-rate", 0, 1).map(v -> hitRateFor(name, v));
    }
    l.finish();
    return new PlanSettings.LayerSettings(roles, capacity, from, perRequest, hitRates, "plan");
  }

  /**
   * One number for a layer's hit rate: at the CDN it is the static files' rate, at the edge the
   * cacheable classes' rate (red is never cached), elsewhere every class's.
   */
  static HitRates hitRateFor(String layer, double rate) {
    return switch (layer) {
      case "cdn" -> new HitRates(rate, 0, 0);
      case "edge" -> new HitRates(rate, rate, 0);
      default -> HitRates.all(rate);
    };
  }
}
