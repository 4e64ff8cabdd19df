package dev.brigade.deploy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code deploy:} section of the model for one stage (the section with that stage's {@code
 * stages.NAME.deploy} overrides merged over it).
 *
 * @param repository the git repository: a URL or a path (relative to the model's directory)
 * @param branch what {@code brigade deploy} deploys without {@code --revision}
 * @param path the application's directory on every host ({@code deploy_to} in Capistrano)
 * @param keepReleases how many releases to keep on each host; the live one and the one a rollback
 *     would go to are kept whatever this says
 * @param linkedFiles files under {@code shared/} linked into every release
 * @param linkedDirs directories under {@code shared/} linked into every release
 * @param roles what to run per role; the deploy's targets are the stage's hosts of these roles
 * @param batch how many hosts of each role switch at once (rolling deploys); all by default
 * @param autoRollback whether a failed verify after the switch rolls back by itself
 * @param lockStale after how long a lock is shown as stale (it is still only broken by {@code
 *     brigade deploy unlock})
 * @param timeout how long one command on a host may run
 * @param verifyAttempts how often a health check is tried after the restart before it fails
 * @param verifyInterval the time between those tries
 * @param test a command run on the management box in an export of the revision before the switch; a
 *     failure stops the deploy
 * @param promoteFrom a stage on which the same revision must have been deployed first
 * @param tag whether a successful deploy tags the revision in git ({@code STAGE-RELEASE})
 * @param drain the edges' admin API, to drain hosts during their restart
 * @param monitor the monitor's API, to set downtime for hosts during their restart
 */
public record DeploySettings(
    String repository,
    String branch,
    String path,
    int keepReleases,
    List<String> linkedFiles,
    List<String> linkedDirs,
    Map<String, RoleHooks> roles,
    BatchSize batch,
    boolean autoRollback,
    Duration lockStale,
    Duration timeout,
    int verifyAttempts,
    Duration verifyInterval,
    Optional<String> test,
    Optional<String> promoteFrom,
    boolean tag,
    Optional<Drain> drain,
    Optional<MonitorApi> monitor) {

  public DeploySettings {
    linkedFiles = List.copyOf(linkedFiles);
    linkedDirs = List.copyOf(linkedDirs);
    roles = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(roles));
  }

  /** The hooks of a role, or none. */
  public RoleHooks hooks(String role) {
    return roles.getOrDefault(role, RoleHooks.none(role));
  }

  /**
   * The edges' admin API as the deploy reaches it: {@code http://EDGE-ADDRESS:port}.
   *
   * @param port the admin port ({@code edge.admin.port})
   * @param token the admin bearer token ({@code edge.admin.token}); never printed
   * @param drainWait how long to wait for a drained host's requests to finish
   */
  public record Drain(int port, String token, Duration drainWait) {
    @Override
    public String toString() {
      return "Drain[port=" + port + ", token=(hidden), wait=" + drainWait + "]";
    }
  }

  /**
   * The monitor's API.
   *
   * @param address {@code host:port} of {@code monitor.api}
   * @param token its bearer token; never printed
   * @param downtime how long the downtime set for a batch lasts at most (it is cancelled when the
   *     batch is done)
   */
  public record MonitorApi(String address, String token, Duration downtime) {
    @Override
    public String toString() {
      return "MonitorApi[address=" + address + ", token=(hidden), downtime=" + downtime + "]";
    }
  }

  @Override
  public String toString() {
    return "DeploySettings[repository="
        + repository
        + ", branch="
        + branch
        + ", path="
        + path
        + ", roles="
        + roles.keySet()
        + ", batch="
        + batch
        + "]";
  }
}
