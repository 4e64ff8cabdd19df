package dev.brigade.deploy;

import dev.brigade.model.Host;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One {@code brigade rollback STAGE [--to RELEASE]}: no upload, only the symlink: check -> lock ->
 * switch -> restart -> verify -> record -> unlock, in the section's batches. The release rolled
 * back from is marked bad (as Deployer does), so a later rollback skips it.
 */
final class RollbackRun {
  private final DeployContext ctx;
  private final Map<String, HostRun> runs = new LinkedHashMap<>();
  private final Map<String, String> target = new LinkedHashMap<>();
  private final Instant started;

  RollbackRun(DeployContext ctx) {
    this.ctx = ctx;
    this.started = ctx.clock().instant();
  }

  DeployReport run(Optional<String> to) throws InterruptedException {
    List<Host> targets = ctx.targets();
    targets.forEach(h -> runs.put(h.name(), ctx.run(h)));
    List<HostRun> all = List.copyOf(runs.values());
    AtomicReference<String> failure = new AtomicReference<>();
    Parallel.each(
        all,
        r -> {
          try {
            r.step(
                Step.CHECK,
                () -> {
                  r.state = r.ops.state();
                  ReleasePolicy.Choice c =
                      ReleasePolicy.rollbackTarget(
                          r.state.releases(), r.state.live(), r.state.bad(), to);
                  if (c instanceof ReleasePolicy.Choice.Refused no) {
                    throw new StepFailure(Step.CHECK, no.reason());
                  }
                  String t = ((ReleasePolicy.Choice.To) c).release();
                  synchronized (target) {
                    target.put(r.host().name(), t);
                  }
                  return r.state.live().orElse("-") + " -> " + t;
                });
          } catch (StepFailure f) {
            failure.compareAndSet(null, r.host().name() + ": " + f.getMessage());
          }
        });
    if (failure.get() != null) {
      return report(DeployReport.Result.FAILED, failure.get() + "; nothing was changed");
    }
    DeployLock lock =
        new DeployLock(
            ctx.user(),
            ctx.machine(),
            ctx.clock().instant(),
            ctx.stage().name(),
            "rollback",
            java.util.UUID.randomUUID().toString());
    Optional<String> held = StageLock.takeAll(ctx, all, lock, failure);
    if (held.isPresent() || failure.get() != null) {
      StageLock.releaseAll(all, lock);
      return report(
          held.isPresent() ? DeployReport.Result.REFUSED : DeployReport.Result.FAILED,
          held.orElse(failure.get()) + "; nothing was changed");
    }
    Optional<String> broke =
        new SwitchPhase(ctx)
            .run(
                Batches.plan(targets, ctx.settings()),
                runs,
                r -> target.get(r.host().name()),
                r -> r.state.revisions().getOrDefault(target.get(r.host().name()), "-"),
                "rollback");
    Parallel.each(
        all,
        r -> {
          if (r.switched) {
            r.quietly(
                Step.RECORD,
                () -> {
                  if (r.state.live().isPresent()) {
                    r.ops.markBad(r.state.live().get());
                  }
                  r.ops.record(Revisions.rolledBackLine(ctx.user(), target.get(r.host().name())));
                  return r.state.live().map(l -> "marked " + l + " bad").orElse("");
                });
          }
        });
    StageLock.releaseAll(all, lock);
    if (broke.isPresent()) {
      return report(DeployReport.Result.FAILED_AFTER_SWITCH, broke.get());
    }
    return report(
        DeployReport.Result.SUCCEEDED,
        "rolled back "
            + all.size()
            + " hosts to "
            + String.join(", ", new java.util.TreeSet<>(target.values())));
  }

  private DeployReport report(DeployReport.Result result, String message) {
    List<DeployReport.HostReport> hosts = new ArrayList<>();
    for (HostRun r : runs.values()) {
      Optional<String> live =
          r.switched
              ? Optional.ofNullable(target.get(r.host().name()))
              : r.state == null ? Optional.empty() : r.state.live();
      hosts.add(r.report(live));
    }
    String to = String.join(",", new java.util.TreeSet<>(target.values()));
    String revision =
        runs.values().stream()
            .filter(r -> r.state != null && target.containsKey(r.host().name()))
            .map(r -> r.state.revisions().getOrDefault(target.get(r.host().name()), ""))
            .findFirst()
            .orElse("");
    return new DeployReport(
        "rollback",
        ctx.stage().name(),
        revision,
        to,
        result,
        message,
        started,
        Duration.between(started, ctx.clock().instant()),
        hosts);
  }
}
