package dev.brigade.edge;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code edge:} section of {@code brigade.yml}: what the model's layers do not say.
 *
 * <pre>{@code
 * edge:
 *   admin: { address: 127.0.0.1, port: 8089, token: "${EDGE_ADMIN_TOKEN}" }
 *   timeouts: { connect: 3s, first-byte: 30s, between-bytes: 30s, client-header: 10s, idle: 60s }
 *   access-log: /var/log/brigade/access.log
 *   pools:
 *     app:
 *       algorithm: least-conn          # round-robin (default), least-conn, p2c, hash
 *       hash-key: url                  # or header:X-User-Id, for algorithm: hash
 *       affinity: cookie               # pin a client to its backend with a cookie
 *       weights: { app1: 2 }
 *       backups: [app4]
 *       health: { window: 8, threshold: 3, passive-errors: 3, slow-start: 10s }
 *   cache: { size: 256MB, max-object: 1MB, purge-token: "${PURGE_TOKEN}" }   # grace: 30s departs from RFC 9111
 *   limits: { max-body: 64MB, connections-per-client: 1024, in-flight: 64MB }
 *   routes:
 *     - { host: static.example.com, pool: static }
 *     - { path: /search, pool: search }
 * }</pre>
 *
 * @param admin where the admin API listens and the token that changes state
 * @param listenAddress the address the edge listens on; empty for the host's address
 * @param timeouts the timeouts
 * @param accessLog the access log file, or empty for none
 * @param pools per-pool settings by pool name
 * @param routes routing rules, first match wins; empty sends everything to the layer's first pool
 * @param cache the HTTP cache ({@code edge.cache}), or empty for a pass-through edge
 * @param limits request body, per-client connection and in-flight limits ({@code edge.limits})
 */
public record EdgeSettings(
    Admin admin,
    Optional<String> listenAddress,
    Timeouts timeouts,
    Optional<Path> accessLog,
    Map<String, PoolSettings> pools,
    List<Route> routes,
    Optional<CacheSettings> cache,
    Limits limits) {

  /** Settings when the model has no {@code edge:} section. */
  public static final EdgeSettings DEFAULT =
      new EdgeSettings(
          Admin.DEFAULT,
          Optional.empty(),
          Timeouts.DEFAULT,
          Optional.empty(),
          Map.of(),
          List.of(),
          Optional.empty(),
          Limits.DEFAULT);

  public EdgeSettings {
    pools = Map.copyOf(pools);
    routes = List.copyOf(routes);
  }

  /** The settings of a pool, or the defaults. */
  public PoolSettings pool(String name) {
    return pools.getOrDefault(name, PoolSettings.DEFAULT);
  }

  /**
   * The admin API's listener.
   *
   * @param address where it listens (loopback by default)
   * @param port its port; 0 takes the edge role's {@code admin} service port, or a free one
   * @param token the bearer token that state changes need; empty refuses every change
   */
  public record Admin(String address, int port, String token) {
    /** Loopback, port from the model, no token (read-only). */
    public static final Admin DEFAULT = new Admin("127.0.0.1", 0, "");

    @Override
    public String toString() {
      return "Admin[address="
          + address
          + ", port="
          + port
          + ", token="
          + (token.isEmpty() ? "none" : "***")
          + "]";
    }
  }

  /**
   * Settings of one pool.
   *
   * @param algorithm how a backend is chosen
   * @param hashKey for hashing: {@code url} or {@code header:NAME}
   * @param affinityCookie cookie name for session affinity, or empty
   * @param weights weights by host name (default 1)
   * @param backups hosts used only when no primary is available
   * @param health up/down rules
   * @param limit requests per backend at once ({@code max-conn}), and the queue for more
   */
  public record PoolSettings(
      Algorithm algorithm,
      String hashKey,
      String affinityCookie,
      Map<String, Integer> weights,
      List<String> backups,
      HealthSettings health,
      ConnectionLimit limit) {
    /** Round robin, no affinity, weight 1, no backups, default health, no connection limit. */
    public static final PoolSettings DEFAULT =
        new PoolSettings(
            Algorithm.ROUND_ROBIN,
            "url",
            "",
            Map.of(),
            List.of(),
            HealthSettings.DEFAULT,
            ConnectionLimit.NONE);

    public PoolSettings {
      weights = Map.copyOf(weights);
      backups = List.copyOf(backups);
    }
  }
}
