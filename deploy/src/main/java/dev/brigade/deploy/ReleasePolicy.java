package dev.brigade.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which release a rollback goes to and which releases a cleanup removes, as functions of a host's
 * releases (oldest first), its live release and the releases marked bad.
 */
final class ReleasePolicy {
  private ReleasePolicy() {}

  /** Where a rollback goes, or why it cannot. */
  sealed interface Choice {
    /** Roll back to this release. */
    record To(String release) implements Choice {}

    /** No rollback: {@code reason} says why, for the user. */
    record Refused(String reason) implements Choice {}
  }

  /**
   * The release a rollback goes to: {@code requested} when given (it must exist, not be live and
   * not be bad), else the newest release before the live one that is not marked bad (Deployer's
   * {@code BAD_RELEASE}).
   */
  static Choice rollbackTarget(
      List<String> releases, Optional<String> live, Set<String> bad, Optional<String> requested) {
    if (requested.isPresent()) {
      String r = requested.get();
      if (!releases.contains(r)) {
        return new Choice.Refused(
            "release " + r + " is not on the host; releases there: " + String.join(", ", releases));
      }
      if (live.isPresent() && live.get().equals(r)) {
        return new Choice.Refused("release " + r + " is already live");
      }
      if (bad.contains(r)) {
        return new Choice.Refused("release " + r + " is marked bad");
      }
      return new Choice.To(r);
    }
    if (live.isEmpty()) {
      return new Choice.Refused("no release is live ('current' is missing)");
    }
    int at = releases.indexOf(live.get());
    int from = at < 0 ? releases.size() - 1 : at - 1;
    for (int i = from; i >= 0; i--) {
      String r = releases.get(i);
      if (!bad.contains(r) && !r.equals(live.get())) {
        return new Choice.To(r);
      }
    }
    return new Choice.Refused("no good release before " + live.get() + " to roll back to");
  }

  /**
   * The releases a cleanup removes: the oldest beyond {@code keep}, but never the live release, the
   * one a rollback from it would go to, or {@code protect} (the release being deployed).
   */
  static List<String> toRemove(
      List<String> releases,
      Optional<String> live,
      Set<String> bad,
      int keep,
      Optional<String> protect) {
    Optional<String> target =
        rollbackTarget(releases, live, bad, Optional.empty()) instanceof Choice.To t
            ? Optional.of(t.release())
            : Optional.empty();
    List<String> out = new ArrayList<>();
    int excess = releases.size() - keep;
    for (String r : releases) {
      if (out.size() >= excess) {
        break;
      }
      boolean kept =
          live.map(r::equals).orElse(false)
              || target.map(r::equals).orElse(false)
              || protect.map(r::equals).orElse(false);
      if (!kept) {
        out.add(r);
      }
    }
    return List.copyOf(out);
  }
}
