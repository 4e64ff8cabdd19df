package dev.brigade.edge;

import dev.brigade.model.Cluster;
import dev.brigade.model.Endpoint;
import dev.brigade.model.HealthCheck;
import dev.brigade.model.Host;
import dev.brigade.model.Layer;
import dev.brigade.model.Pool;
import dev.brigade.model.Service;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Everything one edge node runs with, resolved from the model: its listener, admin API, pools (the
 * members of its layer's pools in its own stage) and routes.
 *
 * <pre>{@code
 * EdgeConfig config = EdgeConfig.from(ClusterLoader.load(Path.of("brigade.yml")), "edge1");
 * try (EdgeServer edge = EdgeServer.start(config)) { ... }
 * }</pre>
 *
 * @param node the edge host's name
 * @param listen where clients connect
 * @param admin where the admin API listens (port 0: a free one)
 * @param adminToken bearer token for state changes; empty refuses them
 * @param timeouts the timeouts
 * @param accessLog the access log file, if any
 * @param pools the pools
 * @param routes routing rules, first match wins
 * @param cache the HTTP cache's settings, or empty for a pass-through proxy
 * @param limits what clients may make the edge hold
 * @param listeners every listener, the main one ({@code listen}) first
 * @param trustedProxies balancers whose forwarding headers give the client's address
 */
public record EdgeConfig(
    String node,
    InetSocketAddress listen,
    InetSocketAddress admin,
    String adminToken,
    Timeouts timeouts,
    Optional<Path> accessLog,
    List<PoolConfig> pools,
    List<Route> routes,
    Optional<CacheSettings> cache,
    Limits limits,
    List<Listener> listeners,
    TrustedProxies trustedProxies) {

  /** A plain HTTP edge on {@code listen} that trusts no proxy. */
  public EdgeConfig(
      String node,
      InetSocketAddress listen,
      InetSocketAddress admin,
      String adminToken,
      Timeouts timeouts,
      Optional<Path> accessLog,
      List<PoolConfig> pools,
      List<Route> routes,
      Optional<CacheSettings> cache,
      Limits limits) {
    this(
        node,
        listen,
        admin,
        adminToken,
        timeouts,
        accessLog,
        pools,
        routes,
        cache,
        limits,
        List.of(Listener.plain(listen)),
        TrustedProxies.NONE);
  }

  /** An edge with the default limits. */
  public EdgeConfig(
      String node,
      InetSocketAddress listen,
      InetSocketAddress admin,
      String adminToken,
      Timeouts timeouts,
      Optional<Path> accessLog,
      List<PoolConfig> pools,
      List<Route> routes,
      Optional<CacheSettings> cache) {
    this(
        node, listen, admin, adminToken, timeouts, accessLog, pools, routes, cache, Limits.DEFAULT);
  }

  /** A pass-through edge without a cache. */
  public EdgeConfig(
      String node,
      InetSocketAddress listen,
      InetSocketAddress admin,
      String adminToken,
      Timeouts timeouts,
      Optional<Path> accessLog,
      List<PoolConfig> pools,
      List<Route> routes) {
    this(node, listen, admin, adminToken, timeouts, accessLog, pools, routes, Optional.empty());
  }

  /** This configuration with the cache's settings. */
  public EdgeConfig withCache(CacheSettings settings) {
    return new EdgeConfig(
        node,
        listen,
        admin,
        adminToken,
        timeouts,
        accessLog,
        pools,
        routes,
        Optional.of(settings),
        limits,
        listeners,
        trustedProxies);
  }

  /** This configuration with other limits. */
  public EdgeConfig withLimits(Limits l) {
    return new EdgeConfig(
        node,
        listen,
        admin,
        adminToken,
        timeouts,
        accessLog,
        pools,
        routes,
        cache,
        l,
        listeners,
        trustedProxies);
  }

  /** This configuration with other listeners; the first is the main one. */
  public EdgeConfig withListeners(List<Listener> all) {
    return new EdgeConfig(
        node,
        all.getFirst().address(),
        admin,
        adminToken,
        timeouts,
        accessLog,
        pools,
        routes,
        cache,
        limits,
        all,
        trustedProxies);
  }

  /** This configuration believing the forwarding headers of {@code proxies}. */
  public EdgeConfig withTrustedProxies(TrustedProxies proxies) {
    return new EdgeConfig(
        node,
        listen,
        admin,
        adminToken,
        timeouts,
        accessLog,
        pools,
        routes,
        cache,
        limits,
        listeners,
        proxies);
  }

  public EdgeConfig {
    listeners = List.copyOf(listeners);
    if (listeners.isEmpty() || !listeners.getFirst().address().equals(listen)) {
      throw new IllegalArgumentException(
          "the first listener of edge " + node + " is not " + listen);
    }
    pools = List.copyOf(pools);
    routes = List.copyOf(routes);
    if (pools.isEmpty()) {
      throw new IllegalArgumentException("edge " + node + " has no pools to send traffic to");
    }
  }

  /** The pool with this name. */
  public Optional<PoolConfig> pool(String name) {
    return pools.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * The configuration of edge host {@code node}: the first layer whose role it has gives the
   * listener and the pools.
   *
   * @throws IllegalArgumentException with a message saying what to fix
   */
  public static EdgeConfig from(Cluster cluster, String node) {
    Host host =
        cluster
            .host(node)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no host '" + node + "' in the model; edge hosts: " + edgeHosts(cluster)));
    Layer layer =
        cluster.layers().stream()
            .filter(l -> host.hasRole(l.role()) && !l.pools().isEmpty())
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "host '"
                            + node
                            + "' has the role of no layer with pools; edge hosts: "
                            + edgeHosts(cluster)));
    EdgeSettings settings =
        cluster.sections().get("edge") instanceof EdgeSettings s ? s : EdgeSettings.DEFAULT;
    Service service =
        cluster.role(layer.role()).orElseThrow().service(layer.service()).orElseThrow();
    List<Listener> listeners =
        settings.listeners().stream().map(l -> l.resolve(host.address(), service.port())).toList();
    int adminPort = settings.admin().port();
    if (adminPort == 0) {
      adminPort =
          cluster.role(layer.role()).orElseThrow().service("admin").map(Service::port).orElse(0);
    }
    InetSocketAddress admin = new InetSocketAddress(settings.admin().address(), adminPort);

    List<PoolConfig> pools = new ArrayList<>();
    for (Pool pool : layer.pools()) {
      EdgeSettings.PoolSettings ps = settings.pool(pool.name());
      List<BackendConfig> backends = new ArrayList<>();
      for (Endpoint e : cluster.members(pool, host)) {
        backends.add(
            new BackendConfig(
                e.id(),
                e.address(),
                e.port(),
                ps.weights().getOrDefault(e.host().name(), 1),
                ps.backups().contains(e.host().name())));
      }
      Service target =
          cluster.role(pool.role()).orElseThrow().service(pool.service()).orElseThrow();
      HealthCheck check = target.check();
      String path = check instanceof HealthCheck.Http http ? http.path() : "";
      int expect = check instanceof HealthCheck.Http http ? http.expectStatus() : 200;
      pools.add(
          new PoolConfig(
              pool.name(),
              ps.algorithm(),
              ps.hashKey(),
              ps.affinityCookie(),
              backends,
              path,
              expect,
              check.interval(),
              check.timeout(),
              ps.health(),
              ps.limit()));
    }
    List<Route> routes =
        settings.routes().isEmpty()
            ? List.of(new Route("", "", pools.getFirst().name()))
            : settings.routes();
    return new EdgeConfig(
        node,
        listeners.getFirst().address(),
        admin,
        settings.admin().token(),
        settings.timeouts(),
        settings.accessLog(),
        pools,
        routes,
        settings.cache(),
        settings.limits(),
        listeners,
        settings.trustedProxies());
  }

  private static String edgeHosts(Cluster cluster) {
    return cluster.layers().stream()
        .filter(l -> !l.pools().isEmpty())
        .flatMap(l -> cluster.hostsWithRole(l.role()).stream())
        .map(Host::name)
        .distinct()
        .collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return "EdgeConfig[node="
        + node
        + ", listeners="
        + listeners
        + ", admin="
        + admin
        + ", pools="
        + pools
        + ", routes="
        + routes
        + "]";
  }
}
