package dev.brigade.deploy;

import dev.brigade.model.Host;
import dev.brigade.remote.Outcome;
import dev.brigade.remote.Remote;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shell side of the release layout on one host, Capistrano's: {@code PATH/releases/RELEASE},
 * {@code PATH/shared}, {@code PATH/current} (a symlink), {@code RELEASE/REVISION}, {@code
 * PATH/revisions.log}; plus Brigade's {@code PATH/.brigade/lock} and {@code RELEASE/BAD_RELEASE}
 * (Deployer's mark). Each method is one command over the host's kept SSH session.
 */
final class HostOps {
  /** Exit status of the lock command when someone else holds the lock. */
  private static final int LOCKED = 75;

  private final Remote remote;
  private final Host host;
  private final String path;
  private final Duration timeout;

  HostOps(Remote remote, Host host, String path, Duration timeout) {
    this.remote = remote;
    this.host = host;
    this.path = path;
    this.timeout = timeout;
  }

  Host host() {
    return host;
  }

  String releaseDir(String release) {
    return path + "/releases/" + release;
  }

  /** Makes the directories and reads the state; fails when a linked file is missing. */
  HostState check(List<String> linkedFiles) throws StepFailure {
    StringBuilder c = new StringBuilder();
    c.append("mkdir -p ")
        .append(path)
        .append("/releases ")
        .append(path)
        .append("/shared ")
        .append(path)
        .append("/.brigade && test -w ")
        .append(path)
        .append(" || exit 1\n");
    for (String f : linkedFiles) {
      c.append("[ -e ")
          .append(path)
          .append("/shared/")
          .append(f)
          .append(" ] || { echo 'linked file shared/")
          .append(f)
          .append(" does not exist; create it on the host first' >&2; exit 1; }\n");
    }
    c.append(HostState.command(path));
    return HostState.parse(run(Step.CHECK, c.toString()));
  }

  /** Reads the state without changing anything (for releases and rollback). */
  HostState state() throws StepFailure {
    return HostState.parse(run(Step.CHECK, HostState.command(path)));
  }

  /**
   * Takes the lock: {@code mkdir} is atomic, so of two deploys racing for one host exactly one gets
   * it. The info is written beside and renamed in, so a reader never sees half of it.
   *
   * @return empty when taken, else the holder's lock text
   */
  java.util.Optional<String> lock(DeployLock lock) throws StepFailure {
    String dir = path + "/.brigade/lock";
    String command =
        "mkdir -p "
            + path
            + "/.brigade && if mkdir "
            + dir
            + " 2>/dev/null; then printf '%s' "
            + Sh.quote(lock.format())
            + " > "
            + dir
            + "/info.tmp && mv "
            + dir
            + "/info.tmp "
            + dir
            + "/info; else cat "
            + dir
            + "/info 2>/dev/null; exit "
            + LOCKED
            + "; fi";
    Outcome o = remote.run(host, command, timeout);
    if (o instanceof Outcome.Completed c && c.exitCode() == LOCKED) {
      return java.util.Optional.of(c.stdout());
    }
    require(Step.LOCK, o);
    return java.util.Optional.empty();
  }

  /** Releases the lock if it is still the one with {@code token}. */
  void unlock(String token) throws StepFailure {
    String info = path + "/.brigade/lock/info";
    run(
        Step.UNLOCK,
        "if [ \"$(sed -n 's/^token=//p' "
            + info
            + " 2>/dev/null)\" = "
            + Sh.quote(token)
            + " ]; then rm -rf "
            + path
            + "/.brigade/lock; fi");
  }

  /** Removes the lock whoever holds it ({@code brigade deploy unlock}). */
  void breakLock() throws StepFailure {
    run(Step.UNLOCK, "rm -rf " + path + "/.brigade/lock");
  }

  /** Uploads the archive over SFTP and unpacks it as the new release with its REVISION. */
  void upload(Path archive, String release, String revision) throws StepFailure {
    String remoteFile = path + "/.brigade/" + release + ".tar.gz";
    require(Step.UPLOAD, remote.upload(host, archive, remoteFile));
    String dir = releaseDir(release);
    run(
        Step.UPLOAD,
        "set -e; rm -rf "
            + dir
            + "; mkdir "
            + dir
            + "; tar --no-same-owner -xzf "
            + remoteFile
            + " -C "
            + dir
            + "; rm -f "
            + remoteFile
            + "; echo "
            + revision
            + " > "
            + dir
            + "/REVISION");
  }

  /** Links {@code shared/} files and directories into the release, replacing what it ships. */
  void linkShared(String release, List<String> files, List<String> dirs) throws StepFailure {
    if (files.isEmpty() && dirs.isEmpty()) {
      return;
    }
    String r = releaseDir(release);
    StringBuilder c = new StringBuilder("set -e\n");
    for (String d : dirs) {
      c.append("mkdir -p ").append(path).append("/shared/").append(d).append('\n');
      link(c, r, d);
    }
    for (String f : files) {
      link(c, r, f);
    }
    run(Step.LINK, c.toString());
  }

  private void link(StringBuilder c, String release, String item) {
    c.append("rm -rf ")
        .append(release)
        .append('/')
        .append(item)
        .append("; mkdir -p \"$(dirname ")
        .append(release)
        .append('/')
        .append(item)
        .append(")\"; ln -s ")
        .append(path)
        .append("/shared/")
        .append(item)
        .append(' ')
        .append(release)
        .append('/')
        .append(item)
        .append('\n');
  }

  /** Runs a hook in {@code dir} with the deploy's environment; {@code step} names it on failure. */
  void hook(Step step, String dir, String command, Map<String, String> env) throws StepFailure {
    run(step, "cd " + dir + " && " + Sh.env(env) + "sh -c " + Sh.quote(command));
  }

  /**
   * Points {@code current} at the release: a new symlink under a temporary name, then {@code mv
   * -T}, which is rename(2) over the old link, so every reader sees the old or the new release.
   */
  void switchTo(String release) throws StepFailure {
    String tmp = path + "/.current-" + release;
    run(
        Step.SWITCH,
        "ln -sfn "
            + releaseDir(release)
            + " "
            + tmp
            + " && mv -T "
            + tmp
            + " "
            + path
            + "/current");
  }

  /** Marks a release bad so rollbacks skip it. */
  void markBad(String release) throws StepFailure {
    run(
        Step.RECORD,
        "[ -d " + releaseDir(release) + " ] && touch " + releaseDir(release) + "/BAD_RELEASE");
  }

  /** Removes a release that never went live (a deploy that failed before its switch). */
  void discard(String release) throws StepFailure {
    run(
        Step.RECORD,
        "rm -rf "
            + releaseDir(release)
            + " "
            + path
            + "/.brigade/"
            + release
            + ".tar.gz "
            + path
            + "/.current-"
            + release);
  }

  /** Appends a line to {@code revisions.log}. */
  void record(String line) throws StepFailure {
    run(Step.RECORD, "echo " + Sh.quote(line) + " >> " + path + "/revisions.log");
  }

  /** Reads {@code revisions.log} (its last 1 MB). */
  String revisionsLog() throws StepFailure {
    return run(Step.CHECK, "tail -c 1000000 " + path + "/revisions.log 2>/dev/null || true");
  }

  /** Removes old releases. */
  void remove(List<String> releases) throws StepFailure {
    if (releases.isEmpty()) {
      return;
    }
    StringBuilder c = new StringBuilder("rm -rf");
    for (String r : releases) {
      c.append(' ').append(releaseDir(r));
    }
    run(Step.RECORD, c.toString());
  }

  /** The environment hooks and restarts get. */
  Map<String, String> env(String stage, String release, String revision) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("BRIGADE_STAGE", stage);
    env.put("DEPLOY_PATH", path);
    env.put("RELEASE", release);
    env.put("RELEASE_PATH", releaseDir(release));
    env.put("REVISION", revision);
    return env;
  }

  /** Runs a command, answering its stdout; any failure is a {@link StepFailure} of {@code step}. */
  String run(Step step, String command) throws StepFailure {
    Outcome o = remote.run(host, command, timeout);
    require(step, o);
    return ((Outcome.Completed) o).stdout();
  }

  private static void require(Step step, Outcome o) throws StepFailure {
    if (!o.succeeded()) {
      throw new StepFailure(step, o.describe());
    }
  }
}
