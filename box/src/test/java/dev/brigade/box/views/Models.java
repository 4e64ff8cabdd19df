package dev.brigade.box.views;

import dev.brigade.model.Cluster;
import dev.brigade.model.ClusterLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small models for the views' tests. */
final class Models {
  private Models() {}

  /**
   * Two edges in front of three app servers, which use two memcached hosts and a database layer:
   * the seed's edge -> app -> cache -> database. Checks are passive, so nothing runs on its own.
   */
  static final String SHOP =
      """
      cluster: shop
      roles:
        edge: { services: { http: { port: %d, protocol: http, check: none } } }
        app:
          services:
            http: { port: 9001, protocol: http, check: { type: http, path: /health } }
        memcached: { services: { memcached: { port: 11211, protocol: memcached, check: none } } }
        db: { services: { mysql: { port: 3306, protocol: mysql, check: none } } }
      hosts:
        edge1: { address: 127.0.0.1, roles: [edge] }
        edge2: { address: 127.0.0.1, roles: [edge] }
        app1: { address: 127.0.0.1, roles: [app] }
        app2: { address: 127.0.0.1, roles: [app] }
        app3: { address: 127.0.0.1, roles: [app] }
        mc1: { address: 127.0.0.1, roles: [memcached] }
        mc2: { address: 127.0.0.1, roles: [memcached] }
        db1: { address: 127.0.0.1, roles: [db] }
      stages:
        production: { hosts: [edge1, edge2, app1, app2, app3, mc1, mc2, db1] }
      layers:
        - { name: edge, role: edge, pools: { app: { role: app } } }
        - { name: app, role: app, pools: { sessions: { role: memcached }, db: { role: db } } }
        - { name: database, role: db }
      edge:
        admin: { port: %d, token: views-test-token-0123456789 }
      metrics:
        host-basics: none
      """;

  static Cluster shop(Path dir) {
    return load(dir, SHOP.formatted(8080, 8089));
  }

  /**
   * The shop with one edge node, as {@link #shopWithOneEdge}, whose admin API's /metrics the
   * metrics engine scrapes as the Prometheus source {@code edge}.
   */
  static Cluster shopWithScrapedEdge(Path dir, int edgePort, int adminPort) {
    String yaml =
        SHOP.formatted(edgePort, adminPort)
            .replace("  edge2: { address: 127.0.0.1, roles: [edge] }\n", "")
            .replace("[edge1, edge2, ", "[edge1, ")
            .replace(
                "  host-basics: none\n",
                "  host-basics: none\n  collect:\n    edge: { host: edge1, type: prometheus, port: "
                    + adminPort
                    + ", address: 127.0.0.1 }\n");
    return load(dir, yaml);
  }

  /** The shop with one edge node, whose edge and admin API listen on these loopback ports. */
  static Cluster shopWithOneEdge(Path dir, int edgePort, int adminPort) {
    String yaml =
        SHOP.formatted(edgePort, adminPort)
            .replace("  edge2: { address: 127.0.0.1, roles: [edge] }\n", "")
            .replace("[edge1, edge2, ", "[edge1, ");
    return load(dir, yaml);
  }

  static Cluster load(Path dir, String yaml) {
    try {
      Path f = dir.resolve("brigade.yml");
      Files.writeString(f, yaml);
      return ClusterLoader.load(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (dev.brigade.model.ModelException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
