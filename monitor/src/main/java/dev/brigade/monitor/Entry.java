package dev.brigade.monitor;

import java.time.Instant;
import java.util.Optional;

/**
 * One scheduled check and what is known of it; guarded by the {@link Engine}'s lock, which the
 * scheduler, the command processor and the views share.
 */
final class Entry {
  final Target target;
  CheckState state;
  Instant nextRun;
  Optional<Instant> lastCheck = Optional.empty();
  Optional<Instant> lastChange = Optional.empty();
  String output = "(waiting for the first result)";
  String hostState = "PENDING";
  Optional<String> ackAuthor = Optional.empty();
  Optional<String> ackComment = Optional.empty();
  boolean running;
  boolean queued;

  /** Run once at {@link #nextRun} even when active checks are disabled (a re-check now). */
  boolean forced;

  double execEwma;
  final java.util.List<Comment> comments = new java.util.ArrayList<>();

  Entry(Target target, CheckState state) {
    this.target = target;
    this.state = state;
  }

  /** The id, {@code host} or {@code host/service}. */
  String id() {
    return target.id();
  }

  /** Everything to store about it now. */
  MonitorStore.Saved saved() {
    return new MonitorStore.Saved(
        target.id(),
        state.snapshot(),
        lastCheck,
        lastChange,
        output,
        ackAuthor,
        ackComment,
        comments);
  }
}
