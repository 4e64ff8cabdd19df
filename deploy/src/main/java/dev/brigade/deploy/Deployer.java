package dev.brigade.deploy;

import dev.brigade.model.Cluster;
import dev.brigade.model.Host;
import dev.brigade.model.Stage;
import dev.brigade.remote.Remote;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deploys, rolls back, lists releases and breaks locks for one stage of the model, over SSH.
 *
 * <pre>{@code
 * try (Remote remote = Remote.open(RemoteOptions.defaults())) {
 *   Deployer deployer = new Deployer(cluster, remote, Path.of(".brigade/mirrors"),
 *       InstantSource.system(), DeployListener.NONE, "ann", "mgmt1");
 *   DeployReport r = deployer.deploy("staging", Optional.empty());
 *   System.exit(r.result().exitCode());
 * }
 * }</pre>
 */
public final class Deployer {
  private final Cluster cluster;
  private final Remote remote;
  private final Path mirrors;
  private final InstantSource clock;
  private final DeployListener listener;
  private final String user;
  private final String machine;

  /**
   * @param mirrors where the git mirrors are kept
   * @param user who deploys (in locks, revisions.log, tags and downtime)
   * @param machine where the deploy runs (in locks)
   */
  public Deployer(
      Cluster cluster,
      Remote remote,
      Path mirrors,
      InstantSource clock,
      DeployListener listener,
      String user,
      String machine) {
    this.cluster = cluster;
    this.remote = remote;
    this.mirrors = mirrors;
    this.clock = clock;
    this.listener = listener;
    this.user = user;
    this.machine = machine;
  }

  /** The stage's hosts a deploy goes to. */
  public List<Host> targets(String stage) {
    return context(stage).targets();
  }

  /**
   * Deploys a revision (a branch, tag or commit; the section's {@code branch} when empty).
   *
   * @throws IOException when the repository cannot be fetched or the revision is unknown
   * @throws IllegalArgumentException when the stage is unknown or has no hosts to deploy to
   */
  public DeployReport deploy(String stage, Optional<String> revision)
      throws IOException, InterruptedException {
    DeployContext ctx = context(stage);
    return announced(ctx, new DeployRun(ctx).run(revision));
  }

  /** Rolls back to {@code to}, or to the newest good release before the live one. */
  public DeployReport rollback(String stage, Optional<String> to) throws InterruptedException {
    DeployContext ctx = context(stage);
    return announced(ctx, new RollbackRun(ctx).run(to));
  }

  /**
   * Posts the deploy as an annotation to the monitor the section names ({@code POST /annotations}),
   * so it is a marker on the graphs; a monitor that cannot be told is a warning, never a failed
   * deploy.
   */
  private DeployReport announced(DeployContext ctx, DeployReport report)
      throws InterruptedException {
    new TrafficControl(ctx.cluster(), ctx.settings(), "brigade-" + ctx.user()).announce(report);
    return report;
  }

  /** Which release is live on which host, with every release and lock. */
  public List<HostReleases> releases(String stage) throws InterruptedException {
    DeployContext ctx = context(stage);
    Map<String, HostReleases> out = new ConcurrentHashMap<>();
    Parallel.each(
        ctx.targets(),
        h -> {
          try {
            HostState s = ctx.run(h).ops.state();
            out.put(
                h.name(),
                new HostReleases(
                    h.name(),
                    s.live(),
                    s.liveRevision(),
                    s.releases(),
                    s.bad(),
                    s.lock()
                        .map(
                            l ->
                                DeployLock.parse(l)
                                    .map(
                                        d ->
                                            d.describe(clock.instant(), ctx.settings().lockStale()))
                                    .orElse("held")),
                    Optional.empty()));
          } catch (StepFailure f) {
            out.put(
                h.name(),
                new HostReleases(
                    h.name(),
                    Optional.empty(),
                    Optional.empty(),
                    List.of(),
                    java.util.Set.of(),
                    Optional.empty(),
                    Optional.of(f.getMessage())));
          }
        });
    return ctx.targets().stream().map(h -> out.get(h.name())).toList();
  }

  /**
   * Breaks the stage's lock on every host, whoever holds it ({@code brigade deploy unlock}).
   *
   * @return per host: what was removed ({@code "no lock"} or the lock's holder), or why not
   */
  public Map<String, String> unlock(String stage) throws InterruptedException {
    DeployContext ctx = context(stage);
    Map<String, String> out = new ConcurrentHashMap<>();
    Parallel.each(
        ctx.targets(),
        h -> {
          HostOps ops = ctx.run(h).ops;
          try {
            HostState s = ops.state();
            ops.breakLock();
            out.put(
                h.name(),
                s.lock()
                    .map(
                        l ->
                            "removed the lock "
                                + DeployLock.parse(l)
                                    .map(
                                        d ->
                                            d.describe(clock.instant(), ctx.settings().lockStale()))
                                    .orElse("(unreadable)"))
                    .orElse("no lock"));
          } catch (StepFailure f) {
            out.put(h.name(), "FAILED: " + f.getMessage());
          }
        });
    Map<String, String> ordered = new java.util.LinkedHashMap<>();
    ctx.targets().forEach(h -> ordered.put(h.name(), out.get(h.name())));
    return ordered;
  }

  /** The hosts whose live release differs from the most common one (for {@code releases}). */
  public static List<String> differing(List<HostReleases> hosts) {
    Map<String, Integer> count = new java.util.HashMap<>();
    for (HostReleases h : hosts) {
      count.merge(h.live().orElse("-"), 1, Integer::sum);
    }
    String common =
        count.entrySet().stream()
            .max(Map.Entry.comparingByValue())
            .map(Map.Entry::getKey)
            .orElse("-");
    List<String> out = new ArrayList<>();
    for (HostReleases h : hosts) {
      if (!h.live().orElse("-").equals(common)) {
        out.add(h.host());
      }
    }
    return out;
  }

  private DeployContext context(String stageName) {
    Stage stage =
        cluster
            .stage(stageName)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no stage '"
                            + stageName
                            + "' in the model; "
                            + Names.hint(stageName, cluster.stages().keySet())));
    DeploySettings settings = cluster.section(DeploySection.TYPE).forStage(stageName);
    return new DeployContext(
        cluster, stage, settings, remote, mirrors, clock, listener, user, machine);
  }
}
