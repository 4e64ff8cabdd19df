package dev.brigade.plan;

import java.util.List;

/**
 * One layer at design load: what enters it, what it passes on, and the servers it needs.
 *
 * @param name the layer
 * @param roles its servers' roles
 * @param incoming requests per second entering the layer
 * @param incomingByClass the same by class: green, yellow, red
 * @param hitRates the share of each class it answers itself
 * @param hitRateSource measured, plan, assumed or what-if
 * @param passedOn requests per second it passes to the layers beneath
 * @param capacity requests per second per server; null for a CDN
 * @param needed servers needed, N+1 (at least 2); null for a CDN
 * @param current servers the model has for it
 * @param headroom current minus needed: negative is a shortfall; null for a CDN
 * @param utilisation incoming over the current servers' capacity; null without servers
 * @param utilisationOneDown the same with one server down; null with fewer than 2
 */
public record LayerLoad(
    String name,
    List<String> roles,
    double incoming,
    List<Double> incomingByClass,
    List<Double> hitRates,
    String hitRateSource,
    double passedOn,
    Double capacity,
    Integer needed,
    int current,
    Integer headroom,
    Double utilisation,
    Double utilisationOneDown) {}
