package dev.brigade.model;

import java.util.Optional;

/**
 * A group of servers a layer sends traffic to: every host with {@code role}, on {@code service}.
 * Without a stage, each host of the layer uses the members that share a stage with it (see {@link
 * Cluster#members(Pool, Host)}), so staging talks to staging and production to production.
 *
 * @param name the pool's name, unique within its layer
 * @param role the role of its members
 * @param service the service of that role that the members receive traffic on
 * @param stage only hosts of this stage, or every stage when empty
 */
public record Pool(String name, String role, String service, Optional<String> stage) {}
