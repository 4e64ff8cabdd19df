package dev.brigade.deploy;

import dev.brigade.model.Host;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The part of a deploy (and of a rollback) that changes what runs, batch by batch: drain the batch
 * in the edges and set monitor downtime, switch {@code current} on every host of the batch at once,
 * restart the roles' services, run the health checks, then put the hosts back.
 */
final class SwitchPhase {
  private final DeployContext ctx;
  private final TrafficControl traffic;
  private final HealthVerifier verifier;

  SwitchPhase(DeployContext ctx) {
    this.ctx = ctx;
    this.traffic = new TrafficControl(ctx.cluster(), ctx.settings(), "brigade-" + ctx.user());
    this.verifier =
        new HealthVerifier(
            ctx.cluster(), ctx.settings().verifyAttempts(), ctx.settings().verifyInterval());
  }

  /**
   * Runs the batches in order, stopping at the first that fails.
   *
   * @param release the release each host switches to
   * @param revision each host's revision there, for the hooks' environment
   * @param onSwitched told of each host once its switch is done (so a rollback knows whom to undo)
   * @return empty when every batch passed, else the first failure
   */
  Optional<String> run(
      List<List<Host>> batches,
      Map<String, HostRun> runs,
      Function<HostRun, String> release,
      Function<HostRun, String> revision,
      String why)
      throws InterruptedException {
    int n = 0;
    for (List<Host> batch : batches) {
      n++;
      List<HostRun> members = batch.stream().map(h -> runs.get(h.name())).toList();
      if (batches.size() > 1) {
        ctx.listener()
            .note(
                "batch "
                    + n
                    + "/"
                    + batches.size()
                    + ": "
                    + String.join(", ", batch.stream().map(Host::name).toList()));
      }
      Optional<String> failure = batch(batch, members, release, revision, why);
      if (failure.isPresent()) {
        return failure;
      }
    }
    return Optional.empty();
  }

  private Optional<String> batch(
      List<Host> batch,
      List<HostRun> members,
      Function<HostRun, String> release,
      Function<HostRun, String> revision,
      String why)
      throws InterruptedException {
    try {
      traffic.downtime(batch, why);
      traffic.drain(batch);
    } catch (IOException e) {
      String reason =
          "cannot take the batch out of traffic: "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      members.forEach(m -> m.skip(Step.SWITCH, reason));
      return Optional.of(reason);
    }
    AtomicReference<String> failure = new AtomicReference<>();
    Parallel.each(
        members,
        m -> {
          try {
            m.step(
                Step.SWITCH,
                () -> {
                  m.ops.switchTo(release.apply(m));
                  m.markSwitched();
                  return "-> " + release.apply(m);
                });
          } catch (StepFailure f) {
            failure.compareAndSet(null, m.host().name() + ": " + f.getMessage());
          }
        });
    if (failure.get() == null) {
      Parallel.each(
          members, m -> restartAndVerify(m, release.apply(m), revision.apply(m), failure));
    }
    if (failure.get() != null) {
      return Optional.of(failure.get());
    }
    try {
      traffic.ready(batch);
      traffic.endDowntime(batch);
    } catch (IOException e) {
      return Optional.of(
          "cannot put the batch back into traffic: "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
    return Optional.empty();
  }

  private void restartAndVerify(
      HostRun m, String release, String revision, AtomicReference<String> failure)
      throws InterruptedException {
    List<String> roles = ctx.rolesOf(m.host());
    Map<String, String> env = m.ops.env(ctx.stage().name(), release, revision);
    String current = ctx.settings().path() + "/current";
    try {
      m.step(
          Step.RESTART,
          () -> {
            StringBuilder did = new StringBuilder();
            for (String role : roles) {
              RoleHooks h = ctx.settings().hooks(role);
              Optional<String> command = h.restart().or(h::reload);
              if (command.isPresent()) {
                m.ops.hook(Step.RESTART, current, command.get(), env);
                did.append(did.isEmpty() ? "" : ", ").append(role);
              }
            }
            return did.toString();
          });
      m.step(
          Step.VERIFY,
          () -> {
            Optional<String> bad = verifier.verify(m.host(), roles);
            if (bad.isPresent()) {
              throw new StepFailure(Step.VERIFY, bad.get());
            }
            for (String role : roles) {
              Optional<String> v = ctx.settings().hooks(role).verify();
              if (v.isPresent()) {
                m.ops.hook(Step.VERIFY, current, v.get(), env);
              }
            }
            return "";
          });
    } catch (StepFailure f) {
      failure.compareAndSet(null, m.host().name() + ": " + f.getMessage());
    }
  }
}
