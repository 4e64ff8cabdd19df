package dev.brigade.deploy;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Capistrano's {@code revisions.log} lines, which Brigade writes and reads the same way: {@code
 * Branch main (at SHA) deployed as release 20261201080000 by ann} and {@code ann rolled back to
 * release 20261201080000}.
 */
final class Revisions {
  private static final Pattern DEPLOYED =
      Pattern.compile(
          "Branch (\\S+) \\(at ([0-9a-f]{7,64})\\) deployed as release ([0-9]{14}) by (\\S+)");

  private Revisions() {}

  /** One deploy recorded in the log. */
  record Deployed(String branch, String revision, String release, String user) {}

  static String deployedLine(String branch, String revision, String release, String user) {
    return "Branch "
        + branch
        + " (at "
        + revision
        + ") deployed as release "
        + release
        + " by "
        + user;
  }

  static String rolledBackLine(String user, String release) {
    return user + " rolled back to release " + release;
  }

  /** The deploys in a log's text, oldest first. */
  static List<Deployed> deployed(String log) {
    return log.lines()
        .map(DEPLOYED::matcher)
        .filter(Matcher::matches)
        .map(m -> new Deployed(m.group(1), m.group(2), m.group(3), m.group(4)))
        .toList();
  }

  /**
   * Whether a stage's hosts show that {@code revision} was deployed there: every host's log has it
   * (a promotion rule needs the whole stage, not one lucky host).
   *
   * @return empty when promoted, else the hosts that lack it
   */
  static Optional<List<String>> missingPromotion(
      String revision, java.util.Map<String, String> logsByHost) {
    List<String> missing =
        logsByHost.entrySet().stream()
            .filter(
                e -> deployed(e.getValue()).stream().noneMatch(d -> d.revision().equals(revision)))
            .map(java.util.Map.Entry::getKey)
            .toList();
    return missing.isEmpty() ? Optional.empty() : Optional.of(missing);
  }

  /** The first 7 characters of a commit id, as git shows it. */
  static String shortId(String revision) {
    return revision.length() > 7 ? revision.substring(0, 7) : revision;
  }
}
