package dev.brigade.remote;

import dev.brigade.model.Host;

/** Told once per host as {@link Remote#runAll} finishes it; calls never overlap. */
@FunctionalInterface
public interface Progress {
  /** Ignores everything. */
  Progress NONE = (host, outcome, done, total) -> {};

  /**
   * @param host the host that just finished
   * @param outcome what happened there
   * @param done how many hosts have finished, this one included (1 to {@code total})
   * @param total how many hosts the run covers
   */
  void finished(Host host, Outcome outcome, int done, int total);
}
