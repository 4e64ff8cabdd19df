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
    HealthSettings health) {
  public PoolConfig {
    backends = List.copyOf(backends);
  }
}
