package dev.brigade.edge;

import java.time.Duration;
import java.util.List;

/**
 * One pool the edge balances over, resolved from the model for one edge node.
 *
 * @param name the pool's name
 * @param algorithm how a backend is chosen
 * @param hashKey for {@link Algorithm#HASH}: {@code url} or {@code header:NAME}
 * @param affinityCookie name of the session-affinity cookie, or empty for none
 * @param backends the servers, primaries and backups
 * @param healthPath HTTP path probed, or empty to probe by TCP connect
 * @param expectStatus the status a healthy probe answers
 * @param probeInterval time between probes
 * @param probeTimeout time a probe may take
 * @param health the up/down rules
 * @param limit requests per backend at once, and the queue for more
 */
public record PoolConfig(
    String name,
    Algorithm algorithm,
    String hashKey,
    String affinityCookie,
    List<BackendConfig> backends,
    String healthPath,
    int expectStatus,
    Duration probeInterval,
    Duration probeTimeout,
    HealthSettings health,
    ConnectionLimit limit) {
  public PoolConfig {
    backends = List.copyOf(backends);
  }

  /** A pool without a connection limit. */
  public PoolConfig(
      String name,
      Algorithm algorithm,
      String hashKey,
      String affinityCookie,
      List<BackendConfig> backends,
      String healthPath,
      int expectStatus,
      Duration probeInterval,
      Duration probeTimeout,
      HealthSettings health) {
    this(
        name,
        algorithm,
        hashKey,
        affinityCookie,
        backends,
        healthPath,
        expectStatus,
        probeInterval,
        probeTimeout,
        health,
        ConnectionLimit.NONE);
  }

  /** This pool with {@code l} as its connection limit. */
  public PoolConfig withLimit(ConnectionLimit l) {
    return new PoolConfig(
        name,
        algorithm,
        hashKey,
        affinityCookie,
        backends,
        healthPath,
        expectStatus,
        probeInterval,
        probeTimeout,
        health,
        l);
  }
}
