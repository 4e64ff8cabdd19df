package dev.brigade.plan;

import java.util.List;

/**
 * The whole plan: the traffic the logs show, the load designed for, and every layer at that load.
 * {@code brigade plan --json} prints exactly this.
 *
 * @param traffic what the access logs say
 * @param design the design load
 * @param stage the stage whose hosts were counted, or {@code all}
 * @param layers each layer at design load, from the outside in
 */
public record PlanResult(
    TrafficReport traffic, DesignLoad design, String stage, List<LayerLoad> layers) {}
