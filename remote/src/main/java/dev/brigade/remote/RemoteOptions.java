package dev.brigade.remote;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link Remote} connects.
 *
 * @param knownHosts the OpenSSH known_hosts file host keys are checked against (plain, {@code
 *     [host]:port} and hashed {@code |1|} entries)
 * @param identityFiles private keys tried for a host whose model names no {@code ssh.key}; those
 *     that do not exist are skipped
 * @param hostKeyPolicy what to do with a host whose key is unknown; a changed key is always refused
 * @param connectTimeout limit for connecting, key exchange and authentication each
 * @param maxOutputBytes how much of stdout and of stderr each command keeps; the rest is dropped
 *     and the outcome flagged truncated
 * @param parallelism how many hosts {@link Remote#runAll} works on at once
 */
public record RemoteOptions(
    Path knownHosts,
    List<Path> identityFiles,
    HostKeyPolicy hostKeyPolicy,
    Duration connectTimeout,
    int maxOutputBytes,
    int parallelism) {

  /** 1 MiB. */
  public static final int DEFAULT_MAX_OUTPUT_BYTES = 1 << 20;

  public RemoteOptions {
    Objects.requireNonNull(knownHosts, "knownHosts");
    identityFiles = List.copyOf(identityFiles);
    Objects.requireNonNull(hostKeyPolicy, "hostKeyPolicy");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
    }
    if (maxOutputBytes < 0) {
      throw new IllegalArgumentException("maxOutputBytes must be >= 0: " + maxOutputBytes);
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1: " + parallelism);
    }
  }

  /**
   * ~/.ssh/known_hosts, ~/.ssh/id_ed25519, id_rsa and id_ecdsa, {@link HostKeyPolicy#STRICT}, 10 s
   * to connect, 1 MiB of output per stream, 16 hosts at once.
   */
  public static RemoteOptions defaults() {
    Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
    return new RemoteOptions(
        ssh.resolve("known_hosts"),
        List.of(ssh.resolve("id_ed25519"), ssh.resolve("id_rsa"), ssh.resolve("id_ecdsa")),
        HostKeyPolicy.STRICT,
        Duration.ofSeconds(10),
        DEFAULT_MAX_OUTPUT_BYTES,
        16);
  }

  public RemoteOptions withKnownHosts(Path file) {
    return new RemoteOptions(
        file, identityFiles, hostKeyPolicy, connectTimeout, maxOutputBytes, parallelism);
  }

  public RemoteOptions withIdentityFiles(List<Path> files) {
    return new RemoteOptions(
        knownHosts, files, hostKeyPolicy, connectTimeout, maxOutputBytes, parallelism);
  }

  public RemoteOptions withHostKeyPolicy(HostKeyPolicy policy) {
    return new RemoteOptions(
        knownHosts, identityFiles, policy, connectTimeout, maxOutputBytes, parallelism);
  }

  public RemoteOptions withConnectTimeout(Duration timeout) {
    return new RemoteOptions(
        knownHosts, identityFiles, hostKeyPolicy, timeout, maxOutputBytes, parallelism);
  }

  public RemoteOptions withMaxOutputBytes(int bytes) {
    return new RemoteOptions(
        knownHosts, identityFiles, hostKeyPolicy, connectTimeout, bytes, parallelism);
  }

  public RemoteOptions withParallelism(int hosts) {
    return new RemoteOptions(
        knownHosts, identityFiles, hostKeyPolicy, connectTimeout, maxOutputBytes, hosts);
  }
}
