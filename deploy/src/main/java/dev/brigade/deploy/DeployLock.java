package dev.brigade.deploy;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A stage's deploy lock as kept on each host ({@code PATH/.brigade/lock/info}): who holds it, from
 * which machine, since when, for which revision, and a random token so only its holder releases it.
 *
 * @param owner the user who deploys
 * @param machine the machine the deploy runs on
 * @param since when it was taken
 * @param stage the stage
 * @param revision the commit being deployed
 * @param token identifies one deploy; not secret, but unguessable
 */
record DeployLock(
    String owner, String machine, Instant since, String stage, String revision, String token) {

  /** The lock file's text: {@code key=value} lines. */
  String format() {
    return "owner="
        + clean(owner)
        + "\nmachine="
        + clean(machine)
        + "\nsince="
        + since
        + "\nstage="
        + clean(stage)
        + "\nrevision="
        + clean(revision)
        + "\ntoken="
        + clean(token)
        + "\n";
  }

  /** A lock read back; empty when the text is not one (being written, or damaged). */
  static Optional<DeployLock> parse(String text) {
    Map<String, String> v = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        v.put(line.substring(0, eq), line.substring(eq + 1).strip());
      }
    }
    try {
      return Optional.of(
          new DeployLock(
              v.getOrDefault("owner", "?"),
              v.getOrDefault("machine", "?"),
              Instant.parse(v.get("since")),
              v.getOrDefault("stage", "?"),
              v.getOrDefault("revision", "?"),
              v.getOrDefault("token", "")));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** True when the lock is older than {@code staleAfter} at {@code now}. */
  boolean isStale(Instant now, Duration staleAfter) {
    return Duration.between(since, now).compareTo(staleAfter) > 0;
  }

  /** One line for the user, e.g. {@code held by ann on mgmt1 since ... (12 min) for abc1234}. */
  String describe(Instant now, Duration staleAfter) {
    Duration age = Duration.between(since, now);
    String stale =
        isStale(now, staleAfter)
            ? "; it looks STALE (older than " + staleAfter.toMinutes() + " min)"
            : "";
    return "held by "
        + owner
        + " on "
        + machine
        + " since "
        + since
        + " ("
        + Math.max(0, age.toMinutes())
        + " min ago) deploying "
        + Revisions.shortId(revision)
        + stale;
  }

  private static String clean(String s) {
    return s.replaceAll("[^A-Za-z0-9._@:+/-]", "_");
  }
}
