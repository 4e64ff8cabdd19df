package dev.brigade.remote;

import dev.brigade.model.Host;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * What happened when a command ran (or a file was uploaded) on one host. Never thrown: every
 * failure to reach, trust or log in to a host is one of these, and {@link #describe()} says in one
 * line what happened and what to do next.
 */
public sealed interface Outcome {

  /** The host this is about. */
  Host host();

  /** One line naming the host, what happened and what to do next. */
  String describe();

  /** True when the command ran and exited 0 (or the upload finished). */
  default boolean succeeded() {
    return this instanceof Completed c && c.exitCode() == 0;
  }

  /**
   * The command ran to its end (or the upload finished, with exit code 0 and no output).
   *
   * @param exitCode its exit status; 128 + the signal's number when a signal ended it, -1 when the
   *     server reported neither
   * @param stdout its standard output, as UTF-8, at most the configured bytes
   * @param stderr its standard error, likewise
   * @param took from opening the channel to its close
   * @param truncated true when stdout or stderr was longer than the limit and got cut
   */
  record Completed(
      Host host, int exitCode, String stdout, String stderr, Duration took, boolean truncated)
      implements Outcome {
    @Override
    public String describe() {
      String cut = truncated ? "; output truncated, the rest was dropped" : "";
      if (exitCode == 0) {
        return where(host) + ": done in " + seconds(took) + cut;
      }
      String err = firstLine(stderr);
      return where(host)
          + ": command failed with exit code "
          + exitCode
          + " after "
          + seconds(took)
          + (err.isEmpty() ? "; it printed nothing on stderr" : ": " + err)
          + cut;
    }
  }

  /**
   * The command did not finish in time; its process group was sent SIGTERM, then SIGKILL, and its
   * channel closed (see {@link Remote}).
   *
   * @param after the timeout that ran out
   * @param partialStdout what it printed on stdout until then
   */
  record TimedOut(Host host, Duration after, String partialStdout) implements Outcome {
    @Override
    public String describe() {
      return where(host)
          + ": command still running after "
          + seconds(after)
          + ", stopped it; give it a longer timeout or find out what it waits for";
    }
  }

  /**
   * The host presented a key the known_hosts file has no entry for, and the policy is {@link
   * HostKeyPolicy#STRICT}.
   *
   * @param knownHosts the file looked in
   * @param fingerprint the presented key's {@code SHA256:...} fingerprint
   */
  record HostKeyUnknown(Host host, Path knownHosts, String fingerprint) implements Outcome {
    @Override
    public String describe() {
      return "host key of "
          + where(host)
          + " is not in "
          + knownHosts
          + ": "
          + fingerprint
          + "; verify it, then add it: ssh-keyscan"
          + (host.ssh().port() == 22 ? "" : " -p " + host.ssh().port())
          + " "
          + host.address()
          + " >> "
          + knownHosts;
    }
  }

  /**
   * The host presented a key other than the one its known_hosts entry has: a reinstalled host, or
   * someone in between. Refused whatever the policy.
   *
   * @param knownHosts the file with the entry
   * @param expectedFingerprint the known key's {@code SHA256:...} fingerprint
   * @param actualFingerprint the presented key's
   */
  record HostKeyChanged(
      Host host, Path knownHosts, String expectedFingerprint, String actualFingerprint)
      implements Outcome {
    @Override
    public String describe() {
      return "host key of "
          + where(host)
          + " has CHANGED: "
          + knownHosts
          + " has "
          + expectedFingerprint
          + ", the host presents "
          + actualFingerprint
          + "; unless you know it was reinstalled, suspect an attack; if it was, run ssh-keygen -R '"
          + knownHostsName(host)
          + "' -f "
          + knownHosts
          + " and add the new key";
    }
  }

  /**
   * The host could not be reached, or the connection broke.
   *
   * @param message why, e.g. {@code Connection refused}
   */
  record ConnectFailed(Host host, String message) implements Outcome {
    @Override
    public String describe() {
      return "cannot connect to "
          + where(host)
          + ": "
          + message
          + "; check that the host is up and sshd listens on port "
          + host.ssh().port();
    }
  }

  /**
   * The host refused every key offered, or no key could be read.
   *
   * @param message why
   */
  record AuthFailed(Host host, String message) implements Outcome {
    @Override
    public String describe() {
      return "cannot log in to "
          + where(host)
          + " as "
          + host.ssh().user()
          + ": "
          + message
          + "; check ssh.key in the model and that its public key is in the user's"
          + " authorized_keys";
    }
  }

  /**
   * An SFTP upload failed after logging in; the target file was left as it was.
   *
   * @param remotePath the file that was to be written
   * @param message why, e.g. the SFTP status
   */
  record UploadFailed(Host host, String remotePath, String message) implements Outcome {
    @Override
    public String describe() {
      return "upload to "
          + where(host)
          + ":"
          + remotePath
          + " failed: "
          + message
          + "; check that the directory exists and "
          + host.ssh().user()
          + " may write to it";
    }
  }

  /** {@code web1 (10.0.0.1:22)}. */
  private static String where(Host host) {
    return host.name() + " (" + host.address() + ":" + host.ssh().port() + ")";
  }

  /** The host's name as OpenSSH writes it in known_hosts: {@code [addr]:port} unless port 22. */
  private static String knownHostsName(Host host) {
    int port = host.ssh().port();
    return port == 22 ? host.address() : "[" + host.address() + "]:" + port;
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  private static String firstLine(String text) {
    String t = text.strip();
    int nl = t.indexOf('\n');
    String line = nl < 0 ? t : t.substring(0, nl).strip() + " ...";
    return line.length() > 200 ? line.substring(0, 200) + " ..." : line;
  }
}
