package dev.brigade.monitor;

import dev.brigade.model.Cluster;
import dev.brigade.model.Host;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an operator's command applies to, in the model's own terms:
 *
 * <pre>{@code
 * web1                 the host and all its services
 * web1/http            one service
 * role:app             every host of the role, with their services
 * stage:production     every host of the stage, with their services
 * role:app@production  the role's hosts in that stage (a deploy's downtime)
 * label:rack=r1        the hosts with that label
 * role:app/http        a service on each of those hosts (any form above + /SERVICE)
 * }</pre>
 *
 * @param hosts the hosts chosen
 * @param service the one service on each, or empty for the hosts and all their services
 * @param text the selector as given, for messages
 */
record Selector(List<String> hosts, Optional<String> service, String text) {
  /** Longest selector taken, so a request cannot make us parse a megabyte. */
  static final int MAX_LENGTH = 512;

  static Selector parse(String text, Cluster cluster) {
    if (text.isBlank() || text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "target must be 1 to " + MAX_LENGTH + " characters: HOST, HOST/SERVICE, role:R, ...");
    }
    String group = text;
    Optional<String> service = Optional.empty();
    int slash = text.indexOf('/');
    if (slash >= 0) {
      group = text.substring(0, slash);
      service = Optional.of(text.substring(slash + 1)).filter(s -> !s.isEmpty());
    }
    List<String> hosts;
    if (group.startsWith("role:")) {
      String role = group.substring(5);
      String stage = null;
      int at = role.indexOf('@');
      if (at >= 0) {
        stage = role.substring(at + 1);
        role = role.substring(0, at);
      }
      String r = role;
      if (cluster.role(r).isEmpty()) {
        throw new IllegalArgumentException(
            "no role '" + r + "'; the roles are: " + String.join(", ", cluster.roles().keySet()));
      }
      Set<String> inStage = stage == null ? null : new LinkedHashSet<>(stageHosts(stage, cluster));
      hosts =
          cluster.hostsWithRole(r).stream()
              .map(Host::name)
              .filter(h -> inStage == null || inStage.contains(h))
              .toList();
    } else if (group.startsWith("stage:")) {
      hosts = stageHosts(group.substring(6), cluster);
    } else if (group.startsWith("label:")) {
      String label = group.substring(6);
      int eq = label.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("'" + text + "': write label:KEY=VALUE");
      }
      String key = label.substring(0, eq);
      String value = label.substring(eq + 1);
      hosts =
          cluster.hosts().values().stream()
              .filter(h -> value.equals(h.labels().get(key)))
              .map(Host::name)
              .toList();
    } else {
      if (cluster.host(group).isEmpty()) {
        throw new IllegalArgumentException(
            "no host '"
                + group
                + "' in the model; targets are HOST, HOST/SERVICE, role:R, stage:S, role:R@S,"
                + " label:K=V");
      }
      hosts = List.of(group);
    }
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("'" + text + "' names no host");
    }
    return new Selector(hosts, service, text);
  }

  private static List<String> stageHosts(String stage, Cluster cluster) {
    return cluster
        .stage(stage)
        .map(s -> List.copyOf(s.hosts()))
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no stage '"
                        + stage
                        + "'; the stages are: "
                        + String.join(", ", cluster.stages().keySet())));
  }

  /** True when the selector names one check by its id. */
  boolean single() {
    return hosts.size() == 1 && !text.contains(":");
  }
}
