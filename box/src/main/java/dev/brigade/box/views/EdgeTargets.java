package dev.brigade.box.views;

import dev.brigade.edge.EdgeConfig;
import dev.brigade.model.Cluster;
import dev.brigade.model.Host;
import dev.brigade.model.Layer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The edge nodes of the model and where their admin APIs listen: the hosts of the outermost layer
 * with pools, each at its {@code edge.admin} address and port (a wildcard address means the host's
 * own), with the model's token for changes.
 */
final class EdgeTargets {
  private EdgeTargets() {}

  /**
   * One edge node.
   *
   * @param host the host's name
   * @param admin the admin API's base URI, or null when the model gives it no port
   * @param token the bearer token for changes, empty when the model has none
   * @param problem why the node cannot be asked, or empty
   */
  record Target(String host, URI admin, String token, String problem) {}

  static List<Target> of(Cluster cluster) {
    Optional<Layer> layer = cluster.layers().stream().filter(l -> !l.pools().isEmpty()).findFirst();
    if (layer.isEmpty()) {
      return List.of();
    }
    List<Target> out = new ArrayList<>();
    for (Host h : cluster.hostsWithRole(layer.get().role())) {
      EdgeConfig config;
      try {
        config = EdgeConfig.from(cluster, h.name());
      } catch (IllegalArgumentException e) {
        out.add(new Target(h.name(), null, "", e.getMessage()));
        continue;
      }
      InetSocketAddress a = config.admin();
      if (a.getPort() == 0) {
        out.add(
            new Target(
                h.name(),
                null,
                "",
                "the model gives its admin API no port: set edge.admin.port or an 'admin' service"));
        continue;
      }
      String address = a.getHostString();
      if (address.equals("0.0.0.0") || address.equals("::") || address.isEmpty()) {
        address = h.address();
      }
      String hostPart = address.contains(":") ? "[" + address + "]" : address;
      out.add(
          new Target(
              h.name(),
              URI.create("http://" + hostPart + ":" + a.getPort()),
              config.adminToken(),
              ""));
    }
    return out;
  }

  static Optional<Target> find(Cluster cluster, String host) {
    return of(cluster).stream().filter(t -> t.host().equals(host)).findFirst();
  }
}
