package dev.brigade.deploy;

import dev.brigade.model.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One {@code brigade deploy STAGE}: each host runs check -> lock -> upload -> link shared -> hooks
 * as its own pipeline (a slow host does not hold the others back), then at the switch barrier the
 * batches switch, restart and verify; a failure before the switch leaves every host on its old
 * release, a failed verify after it rolls back (when {@code auto-rollback}) and marks the release
 * bad; then unlock and record. The lock is taken on the stage's first host before the others, so of
 * two deploys started at once the one that loses takes no lock anywhere.
 */
final class DeployRun {
  private final DeployContext ctx;
  private final DeploySettings settings;
  private final Map<String, HostRun> runs = new LinkedHashMap<>();
  private final Instant started;
  private String revision = "";
  private String release = "";

  DeployRun(DeployContext ctx) {
    this.ctx = ctx;
    this.settings = ctx.settings();
    this.started = ctx.clock().instant();
  }

  DeployReport run(Optional<String> requested) throws InterruptedException, IOException {
    List<Host> targets = ctx.targets();
    if (targets.isEmpty()) {
      throw new IllegalArgumentException(
          "stage '"
              + ctx.stage().name()
              + "' has no host of the roles deploy.roles names ("
              + String.join(", ", settings.roles().keySet())
              + ")");
    }
    targets.forEach(h -> runs.put(h.name(), ctx.run(h)));
    Path archive = Files.createTempFile("brigade-release-", ".tar.gz");
    try (RepositoryMirror mirror = RepositoryMirror.open(settings.repository(), ctx.mirrors())) {
      revision = mirror.resolve(requested.orElse(settings.branch()));
      ctx.listener()
          .note(
              "revision "
                  + Revisions.shortId(revision)
                  + " of "
                  + requested.orElse(settings.branch()));
      mirror.archive(revision, archive);
      Optional<String> notPromoted = promotion();
      if (notPromoted.isPresent()) {
        return report(DeployReport.Result.REFUSED, notPromoted.get());
      }
      DeployReport report = deploy(archive);
      if (report.result() == DeployReport.Result.SUCCEEDED && settings.tag()) {
        String tag = ctx.stage().name() + "-" + release;
        mirror.tag(
            tag, revision, "deployed to " + ctx.stage().name() + " by " + ctx.user(), ctx.user());
        ctx.listener().note("tagged " + Revisions.shortId(revision) + " as " + tag);
      }
      return report;
    } finally {
      Files.deleteIfExists(archive);
    }
  }

  /** Empty when the stage needs no promotion or the revision is live-tested where it must be. */
  private Optional<String> promotion() throws InterruptedException {
    if (settings.promoteFrom().isEmpty()) {
      return Optional.empty();
    }
    String from = settings.promoteFrom().get();
    DeployContext other =
        new DeployContext(
            ctx.cluster(),
            ctx.cluster().stage(from).orElseThrow(),
            settings,
            ctx.remote(),
            ctx.mirrors(),
            ctx.clock(),
            DeployListener.NONE,
            ctx.user(),
            ctx.machine());
    Map<String, String> logs = new java.util.concurrent.ConcurrentHashMap<>();
    List<String> unreachable = new java.util.concurrent.CopyOnWriteArrayList<>();
    Parallel.each(
        other.targets(),
        h -> {
          try {
            logs.put(h.name(), other.run(h).ops.revisionsLog());
          } catch (StepFailure f) {
            unreachable.add(h.name() + " (" + f.getMessage() + ")");
          }
        });
    if (!unreachable.isEmpty()) {
      return Optional.of(
          "cannot read revisions.log on stage " + from + ": " + String.join("; ", unreachable));
    }
    return Revisions.missingPromotion(revision, logs)
        .map(
            missing ->
                "revision "
                    + Revisions.shortId(revision)
                    + " was not deployed to stage "
                    + from
                    + " first (missing on "
                    + String.join(", ", missing)
                    + "); deploy it there: brigade deploy "
                    + from
                    + " --revision "
                    + Revisions.shortId(revision));
  }

  private DeployReport deploy(Path archive) throws InterruptedException {
    List<HostRun> all = List.copyOf(runs.values());
    AtomicReference<String> failure = new AtomicReference<>();
    Parallel.each(
        all,
        r -> {
          try {
            r.step(
                Step.CHECK,
                () -> {
                  r.state = r.ops.check(settings.linkedFiles());
                  return r.state.live().map(l -> "live " + l).orElse("first deploy");
                });
          } catch (StepFailure f) {
            failure.compareAndSet(null, r.host().name() + ": " + f.getMessage());
          }
        });
    if (failure.get() != null) {
      return finishFailed(failure.get());
    }
    Set<String> existing = new HashSet<>();
    all.forEach(r -> existing.addAll(r.state.releases()));
    release = ReleaseNames.next(ctx.clock().instant(), existing);
    DeployLock lock =
        new DeployLock(
            ctx.user(),
            ctx.machine(),
            ctx.clock().instant(),
            ctx.stage().name(),
            revision,
            java.util.UUID.randomUUID().toString());
    Optional<String> refused = StageLock.takeAll(ctx, all, lock, failure);
    if (refused.isPresent()) {
      StageLock.releaseAll(all, lock);
      return report(DeployReport.Result.REFUSED, refused.get());
    }
    if (failure.get() != null) {
      return finishFailed(failure.get(), lock);
    }
    Thread test = LocalTest.start(settings, archive, ctx.listener(), failure);
    prepareAll(all, archive, failure);
    test.join();
    if (failure.get() != null) {
      return finishFailed(failure.get(), lock);
    }
    SwitchPhase phase = new SwitchPhase(ctx);
    Optional<String> broke =
        phase.run(
            Batches.plan(ctx.targets(), settings),
            runs,
            r -> release,
            r -> revision,
            "deploy of " + Revisions.shortId(revision) + " as release " + release);
    if (broke.isEmpty()) {
      Parallel.each(
          all,
          r -> {
            r.quietly(
                Step.RECORD,
                () -> {
                  r.ops.record(
                      Revisions.deployedLine(settings.branch(), revision, release, ctx.user()));
                  List<String> releases = new ArrayList<>(r.state.releases());
                  releases.add(release);
                  List<String> remove =
                      ReleasePolicy.toRemove(
                          releases,
                          Optional.of(release),
                          r.state.bad(),
                          settings.keepReleases(),
                          Optional.of(release));
                  r.ops.remove(remove);
                  return remove.isEmpty() ? "" : "removed " + String.join(", ", remove);
                });
            r.quietly(
                Step.UNLOCK,
                () -> {
                  r.ops.unlock(lock.token());
                  return "";
                });
          });
      return report(
          DeployReport.Result.SUCCEEDED,
          "deployed "
              + Revisions.shortId(revision)
              + " as release "
              + release
              + " to "
              + all.size()
              + (all.size() == 1 ? " host" : " hosts"));
    }
    return afterSwitchFailure(all, lock, broke.get(), phase);
  }

  private DeployReport afterSwitchFailure(
      List<HostRun> all, DeployLock lock, String broke, SwitchPhase phase)
      throws InterruptedException {
    List<HostRun> switched = all.stream().filter(r -> r.switched).toList();
    if (switched.isEmpty()) {
      return finishFailed(broke, lock); // the first batch failed before its switch
    }
    boolean canRollBack = switched.stream().allMatch(r -> r.state.live().isPresent());
    DeployReport.Result result;
    String message;
    if (!settings.autoRollback() || !canRollBack) {
      result = DeployReport.Result.FAILED_AFTER_SWITCH;
      message =
          broke
              + (settings.autoRollback()
                  ? "; no rollback: a host had no release before this one"
                  : "; auto-rollback is off: roll back with brigade rollback "
                      + ctx.stage().name());
    } else {
      ctx.listener().note("rolling back " + switched.size() + " hosts: " + broke);
      List<Host> hosts = switched.stream().map(HostRun::host).toList();
      Optional<String> rollback =
          phase.run(
              List.of(hosts),
              runs,
              r -> r.state.live().orElseThrow(),
              r -> r.state.liveRevision().orElse("-"),
              "rollback of release " + release);
      result =
          rollback.isEmpty()
              ? DeployReport.Result.ROLLED_BACK
              : DeployReport.Result.FAILED_AFTER_SWITCH;
      message =
          broke
              + (rollback.isEmpty()
                  ? "; rolled back to the previous release and marked release " + release + " bad"
                  : "; the rollback failed too: " + rollback.get());
    }
    Parallel.each(
        all,
        r -> {
          r.quietly(
              Step.RECORD,
              () -> {
                r.ops.markBad(release);
                if (result == DeployReport.Result.ROLLED_BACK && r.switched) {
                  r.ops.record(Revisions.rolledBackLine(ctx.user(), r.state.live().orElseThrow()));
                }
                return "marked " + release + " bad";
              });
          r.quietly(
              Step.UNLOCK,
              () -> {
                r.ops.unlock(lock.token());
                return "";
              });
        });
    return report(result, message);
  }

  private void prepareAll(List<HostRun> all, Path archive, AtomicReference<String> failure)
      throws InterruptedException {
    Set<String> migrated = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Map<String, Host> migrateOn = new LinkedHashMap<>();
    for (HostRun r : all) {
      for (String role : ctx.rolesOf(r.host())) {
        migrateOn.putIfAbsent(role, r.host());
      }
    }
    Parallel.each(
        all,
        r -> {
          try {
            if (stopped(r, failure, Step.UPLOAD)) {
              return;
            }
            r.step(
                Step.UPLOAD,
                () -> {
                  r.ops.upload(archive, release, revision);
                  r.uploaded = true;
                  return release;
                });
            if (stopped(r, failure, Step.LINK)) {
              return;
            }
            r.step(
                Step.LINK,
                () -> {
                  r.ops.linkShared(release, settings.linkedFiles(), settings.linkedDirs());
                  return "";
                });
            if (stopped(r, failure, Step.HOOKS)) {
              return;
            }
            r.step(
                Step.HOOKS,
                () -> {
                  String dir = r.ops.releaseDir(release);
                  Map<String, String> env = r.ops.env(ctx.stage().name(), release, revision);
                  List<String> ran = new ArrayList<>();
                  for (String role : ctx.rolesOf(r.host())) {
                    RoleHooks h = settings.hooks(role);
                    for (String build : h.build()) {
                      r.ops.hook(Step.HOOKS, dir, build, env);
                    }
                    if (!h.build().isEmpty()) {
                      ran.add(role + " build");
                    }
                    if (h.migrate().isPresent()
                        && migrateOn.get(role).equals(r.host())
                        && migrated.add(role)) {
                      r.ops.hook(Step.HOOKS, dir, h.migrate().get(), env);
                      ran.add(role + " migrate");
                    }
                  }
                  return String.join(", ", ran);
                });
          } catch (StepFailure f) {
            failure.compareAndSet(null, r.host().name() + ": " + f.getMessage());
          }
        });
  }

  private static boolean stopped(HostRun r, AtomicReference<String> failure, Step next) {
    String f = failure.get();
    if (f != null) {
      r.skip(next, "stopped: " + f);
      return true;
    }
    return false;
  }

  private DeployReport finishFailed(String reason) throws InterruptedException {
    return report(DeployReport.Result.FAILED, reason + "; nothing was changed");
  }

  /** Before the switch: remove the new release where it was unpacked, release the locks. */
  private DeployReport finishFailed(String reason, DeployLock lock) throws InterruptedException {
    List<HostRun> all = List.copyOf(runs.values());
    Parallel.each(
        all,
        r -> {
          if (r.locked) {
            r.quietly(
                Step.RECORD,
                () -> {
                  r.ops.discard(release);
                  return "removed " + release;
                });
          }
        });
    StageLock.releaseAll(all, lock);
    return report(
        DeployReport.Result.FAILED, reason + "; every host still runs its previous release");
  }

  private DeployReport report(DeployReport.Result result, String message) {
    List<DeployReport.HostReport> hosts = new ArrayList<>();
    for (HostRun r : runs.values()) {
      Optional<String> live =
          r.state == null
              ? Optional.empty()
              : result == DeployReport.Result.SUCCEEDED
                  ? Optional.of(release)
                  : result == DeployReport.Result.FAILED_AFTER_SWITCH && r.switched
                      ? Optional.of(release)
                      : r.state.live();
      hosts.add(r.report(live));
    }
    return new DeployReport(
        "deploy",
        ctx.stage().name(),
        revision,
        release,
        result,
        message,
        started,
        Duration.between(started, ctx.clock().instant()),
        hosts);
  }
}
