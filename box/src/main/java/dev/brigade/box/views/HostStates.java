package dev.brigade.box.views;

import dev.brigade.box.views.LayerDiagram.Dot;
import dev.brigade.monitor.CheckView;
import dev.brigade.monitor.Status;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Each host's dot: the worst state of its checks that have run; a host with none is unknown. */
final class HostStates {
  private HostStates() {}

  static Map<String, Dot> of(List<CheckView> checks) {
    Map<String, Dot> out = new HashMap<>();
    for (CheckView c : checks) {
      if (c.lastCheck().isEmpty()) {
        continue; // pending: says nothing yet
      }
      Dot d = dot(c.status());
      out.merge(c.host(), d, HostStates::worse);
    }
    return out;
  }

  static Dot dot(Status s) {
    return switch (s) {
      case OK -> Dot.OK;
      case WARNING -> Dot.WARNING;
      case CRITICAL -> Dot.CRITICAL;
      case UNKNOWN -> Dot.UNKNOWN;
    };
  }

  /** Critical over warning over unknown over ok: what an operator must look at first. */
  static Dot worse(Dot a, Dot b) {
    return rank(a) >= rank(b) ? a : b;
  }

  private static int rank(Dot d) {
    return switch (d) {
      case OK -> 0;
      case UNKNOWN -> 1;
      case WARNING -> 2;
      case CRITICAL -> 3;
    };
  }
}
