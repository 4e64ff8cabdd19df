package dev.brigade.deploy;

import dev.brigade.model.Host;

/** Told as each host starts and finishes each step (from many threads), for progress displays. */
public interface DeployListener {
  /** Tells nothing. */
  DeployListener NONE = new DeployListener() {};

  /** The step started on the host. */
  default void started(Host host, Step step) {}

  /** The step ended on the host. */
  default void finished(Host host, StepOutcome outcome) {}

  /** Something about the whole deploy (a batch starts, the archive is ready, ...). */
  default void note(String message) {}
}
