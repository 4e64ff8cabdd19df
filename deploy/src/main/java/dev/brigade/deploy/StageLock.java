package dev.brigade.deploy;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Takes a stage's lock on its hosts: the first host's first, then the others at once, so of two
 * deploys (or rollbacks) started together from two machines the one that loses the first host stops
 * having taken no lock anywhere (the "each locked half the servers" failure).
 */
final class StageLock {
  private StageLock() {}

  /**
   * @param failure set when a host could not be asked (unreachable, ...)
   * @return who holds the lock, when someone else does
   */
  static Optional<String> takeAll(
      DeployContext ctx, List<HostRun> all, DeployLock lock, AtomicReference<String> failure)
      throws InterruptedException {
    AtomicReference<String> held = new AtomicReference<>();
    Parallel.Each<HostRun> take =
        r -> {
          try {
            r.step(
                Step.LOCK,
                () -> {
                  Optional<String> other = r.ops.lock(lock);
                  if (other.isPresent()) {
                    String who =
                        DeployLock.parse(other.get())
                            .map(l -> l.describe(ctx.clock().instant(), ctx.settings().lockStale()))
                            .orElse("held (its info is being written or unreadable)");
                    held.compareAndSet(
                        null,
                        "stage "
                            + ctx.stage().name()
                            + " is locked on "
                            + r.host().name()
                            + ": "
                            + who
                            + "; wait for that deploy, or if it is dead: brigade deploy unlock "
                            + ctx.stage().name());
                    throw new StepFailure(Step.LOCK, "locked by another deploy");
                  }
                  r.locked = true;
                  return "";
                });
          } catch (StepFailure f) {
            if (held.get() == null) {
              failure.compareAndSet(null, r.host().name() + ": " + f.getMessage());
            }
          }
        };
    take.run(all.getFirst());
    if (held.get() == null && failure.get() == null) {
      Parallel.each(all.subList(1, all.size()), take);
    }
    return Optional.ofNullable(held.get());
  }

  /** Gives the lock back on every host that took it, each as quietly as a failed step allows. */
  static void releaseAll(List<HostRun> all, DeployLock lock) throws InterruptedException {
    Parallel.each(
        all,
        r -> {
          if (r.locked) {
            r.quietly(
                Step.UNLOCK,
                () -> {
                  r.ops.unlock(lock.token());
                  return "";
                });
          }
        });
  }
}
