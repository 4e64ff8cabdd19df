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
 *   timeouts: { connect: 3s, first-byte: 30s, between-bytes: 30s, client-header: 10s, idle: 60s,
 *               tunnel-idle: 1h }
 *   listen:                          # or one mapping; the first entry without 'port' takes the
 *     - { address: 0.0.0.0, redirect-to-https: 443 }            # layer's service port
 *     - port: 443
 *       tls: { certificates: [ { cert: www.pem, key: www.key } ], default: www.example.com }
 *       http2: true
 *       hsts: { max-age: 365d, include-subdomains: true }
 *   trusted-proxies: [10.0.0.0/8]    # whose X-Forwarded-For / Forwarded give the client address
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
 * @param listeners where the edge accepts clients and what it speaks there; the first is the main
 *     one (the layer's service port unless it names another)
 * @param trustedProxies balancers whose forwarding headers are believed
 * @param timeouts the timeouts
 * @param accessLog the access log file, or empty for none
 * @param pools per-pool settings by pool name
 * @param routes routing rules, first match wins; empty sends everything to the layer's first pool
 * @param cache the HTTP cache ({@code edge.cache}), or empty for a pass-through edge
 * @param limits request body, per-client connection and in-flight limits ({@code edge.limits})
 */
public record EdgeSettings(
    Admin admin,
    List<ListenerSettings> listeners,
    TrustedProxies trustedProxies,
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
          List.of(ListenerSettings.DEFAULT),
          TrustedProxies.NONE,
          Timeouts.DEFAULT,
          Optional.empty(),
          Map.of(),
          List.of(),
          Optional.empty(),
          Limits.DEFAULT);

  public EdgeSettings {
    listeners = listeners.isEmpty() ? List.of(ListenerSettings.DEFAULT) : List.copyOf(listeners);
    pools = Map.copyOf(pools);
    routes = List.copyOf(routes);
  }

  /** The settings of a pool, or the defaults. */
  public PoolSettings pool(String name) {
    return pools.getOrDefault(name, PoolSettings.DEFAULT);
  }

  /**
   * One {@code edge.listen} entry, before the host's address and the service port are known.
   *
   * @param address where it listens; empty for the host's address
   * @param port its port; 0 for the layer's service port
   * @param tls TLS termination, or empty
   * @param http2 offers h2 by ALPN
   * @param proxyProtocol connections start with a PROXY protocol header
   * @param redirectToHttps above 0: answers everything with a 301 to https on this port
   * @param hsts the Strict-Transport-Security value, or empty
   */
  public record ListenerSettings(
      Optional<String> address,
      int port,
      Optional<TlsSettings> tls,
      boolean http2,
      boolean proxyProtocol,
      int redirectToHttps,
      String hsts) {
    /** Plain HTTP on the host's address and the service port. */
    public static final ListenerSettings DEFAULT =
        new ListenerSettings(Optional.empty(), 0, Optional.empty(), false, false, 0, "");

    /** The listener on {@code host} (when no address is given) and {@code servicePort}. */
    public Listener resolve(String host, int servicePort) {
      return new Listener(
          new java.net.InetSocketAddress(address.orElse(host), port == 0 ? servicePort : port),
          tls,
          http2,
          proxyProtocol,
          redirectToHttps,
          hsts);
    }
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
