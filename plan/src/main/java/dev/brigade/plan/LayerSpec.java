package dev.brigade.plan;

import java.util.List;

/**
 * One layer's planning figures, as the model, the {@code plan:} section, the logs and what-if flags
 * settle them.
 *
 * @param name the layer: {@code cdn}, {@code edge}, {@code app}, {@code cache}, {@code database},
 *     {@code search}
 * @param roles the roles whose hosts are this layer's servers
 * @param capacity requests per second one server handles; infinite for a CDN (no servers of ours)
 * @param from the layer whose passed-on traffic this one receives; null for the site's traffic
 * @param perRequest requests this layer receives per request {@code from} passes on
 * @param hitRates the share of each class this layer answers itself
 * @param hitRateSource where the hit rates come from: {@code measured}, {@code plan}, {@code
 *     assumed} (Brigade's default) or {@code what-if}
 */
public record LayerSpec(
    String name,
    List<String> roles,
    double capacity,
    String from,
    double perRequest,
    HitRates hitRates,
    String hitRateSource) {
  public LayerSpec {
    roles = List.copyOf(roles);
    if (!(capacity > 0) || !(perRequest >= 0) || Double.isInfinite(perRequest)) {
      throw new IllegalArgumentException(
          "layer " + name + ": capacity must be > 0 and per-request >= 0");
    }
  }
}
