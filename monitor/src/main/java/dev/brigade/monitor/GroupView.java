package dev.brigade.monitor;

import dev.brigade.model.Cluster;
import dev.brigade.model.Host;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A host or service group and its aggregate state, as Nagios's hostgroups and servicegroups but
 * derived from the model: a host group per role ({@code role:app}), stage ({@code
 * stage:production}) and label value ({@code label:rack=r1}), a service group per service name
 * ({@code service:http}).
 *
 * @param name the group, in the form a command's target takes
 * @param kind {@code role}, {@code stage}, {@code label} or {@code service}
 * @param hosts its hosts
 * @param checks how many checks it has
 * @param problems how many of them have a problem
 * @param unhandled problems neither acknowledged nor in downtime
 * @param state the worst state of its checks: OK, WARNING, UNKNOWN or CRITICAL (a host DOWN counts
 *     as CRITICAL, UNREACHABLE as UNKNOWN), PENDING before any result
 * @param states how many checks are in each state (OK, UP, DOWN, WARNING, PENDING, ...)
 */
public record GroupView(
    String name,
    String kind,
    List<String> hosts,
    int checks,
    int problems,
    int unhandled,
    String state,
    Map<String, Integer> states) {

  public GroupView {
    hosts = List.copyOf(hosts);
    states = java.util.Collections.unmodifiableMap(new TreeMap<>(states));
  }

  /** Every group the model implies, with the state of {@code checks}. */
  static List<GroupView> of(Cluster cluster, List<CheckView> checks) {
    Map<String, Set<String>> hostGroups = new LinkedHashMap<>();
    for (String role : cluster.roles().keySet()) {
      Set<String> hosts = new LinkedHashSet<>();
      cluster.hostsWithRole(role).forEach(h -> hosts.add(h.name()));
      hostGroups.put("role:" + role, hosts);
    }
    cluster
        .stages()
        .forEach((name, s) -> hostGroups.put("stage:" + name, new LinkedHashSet<>(s.hosts())));
    Map<String, Set<String>> labels = new TreeMap<>();
    for (Host h : cluster.hosts().values()) {
      h.labels()
          .forEach(
              (k, v) ->
                  labels
                      .computeIfAbsent("label:" + k + "=" + v, x -> new LinkedHashSet<>())
                      .add(h.name()));
    }
    hostGroups.putAll(labels);
    List<GroupView> out = new ArrayList<>();
    hostGroups.forEach(
        (name, hosts) ->
            out.add(
                group(
                    name,
                    name.substring(0, name.indexOf(':')),
                    List.copyOf(hosts),
                    checks.stream().filter(c -> hosts.contains(c.host())).toList())));
    Map<String, List<CheckView>> services = new TreeMap<>();
    for (CheckView c : checks) {
      c.service().ifPresent(s -> services.computeIfAbsent(s, x -> new ArrayList<>()).add(c));
    }
    services.forEach(
        (name, members) ->
            out.add(
                group(
                    "service:" + name,
                    "service",
                    members.stream().map(CheckView::host).distinct().toList(),
                    members)));
    return out;
  }

  private static GroupView group(
      String name, String kind, List<String> hosts, List<CheckView> members) {
    Map<String, Integer> states = new TreeMap<>();
    int problems = 0;
    int unhandled = 0;
    Status worst = null;
    for (CheckView c : members) {
      states.merge(c.state(), 1, Integer::sum);
      if (c.lastCheck().isEmpty()) {
        continue;
      }
      Status s = c.state().equals("UNREACHABLE") ? Status.UNKNOWN : c.status();
      worst = worst == null ? s : worst.worst(s);
      if (c.isProblem()) {
        problems++;
        if (!c.acknowledged() && !c.inDowntime()) {
          unhandled++;
        }
      }
    }
    return new GroupView(
        name,
        kind,
        hosts,
        members.size(),
        problems,
        unhandled,
        worst == null ? "PENDING" : worst.name(),
        states);
  }
}
