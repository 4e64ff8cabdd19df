package dev.brigade.model;

import java.util.List;
import java.util.Map;

/**
 * A machine of the cluster.
 *
 * @param name the host's name in the model, e.g. {@code web1}
 * @param address IP address or DNS name the management box reaches it at
 * @param ssh how to log in to it
 * @param roles its device classes, in the order given
 * @param labels free-form labels (rack, datacenter, ...)
 * @param parents hosts it is reached through; when they are down it is unreachable, not down
 */
public record Host(
    String name,
    String address,
    SshSettings ssh,
    List<String> roles,
    Map<String, String> labels,
    List<String> parents) {

  public Host {
    roles = List.copyOf(roles);
    labels = Map.copyOf(labels);
    parents = List.copyOf(parents);
  }

  /** True when the host has the role. */
  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
