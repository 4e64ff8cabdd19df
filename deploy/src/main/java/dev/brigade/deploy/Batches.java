package dev.brigade.deploy;

import dev.brigade.model.Host;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Splits a deploy's hosts into the batches a rolling deploy switches one after another. */
final class Batches {
  private Batches() {}

  /**
   * The batches: role by role in the section's order (a host belongs to its first deployed role),
   * each role's hosts in stage order cut into pieces of the role's batch size (or {@code
   * fallback}). With the default of 100% this is one batch per role, which the caller may merge.
   */
  static List<List<Host>> plan(List<Host> hosts, DeploySettings settings) {
    Map<String, List<Host>> byRole = new LinkedHashMap<>();
    for (String role : settings.roles().keySet()) {
      byRole.put(role, new ArrayList<>());
    }
    for (Host h : hosts) {
      for (String role : settings.roles().keySet()) {
        if (h.hasRole(role)) {
          byRole.get(role).add(h);
          break;
        }
      }
    }
    List<List<Host>> out = new ArrayList<>();
    boolean allAtOnce = true;
    for (Map.Entry<String, List<Host>> e : byRole.entrySet()) {
      List<Host> role = e.getValue();
      if (role.isEmpty()) {
        continue;
      }
      BatchSize size = settings.hooks(e.getKey()).batch().orElse(settings.batch());
      int n = size.of(role.size());
      allAtOnce &= n == role.size();
      for (int i = 0; i < role.size(); i += n) {
        out.add(List.copyOf(role.subList(i, Math.min(role.size(), i + n))));
      }
    }
    if (allAtOnce && out.size() > 1) {
      // nothing rolls: every host switches in one go, so the switch spread stays small
      return List.of(out.stream().flatMap(List::stream).toList());
    }
    return List.copyOf(out);
  }
}
