package dev.brigade.remote;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;

/**
 * MINA's known_hosts check (OpenSSH format: plain, {@code [host]:port} and hashed entries) that
 * remembers on the session why it refused a key, so that {@link Remote} can answer {@link
 * Outcome.HostKeyUnknown} or {@link Outcome.HostKeyChanged} instead of MINA's generic failure.
 */
final class HostKeyCheck extends KnownHostsServerKeyVerifier {

  /** Why the key of a session was refused. */
  sealed interface Refusal {}

  record Unknown(String fingerprint) implements Refusal {}

  record Changed(String expectedFingerprint, String actualFingerprint) implements Refusal {}

  static final AttributeKey<Refusal> REFUSAL = new AttributeKey<>();

  /** Set on a session whose host key passed, so a later failure is about logging in. */
  static final AttributeKey<Boolean> ACCEPTED = new AttributeKey<>();

  /**
   * The last refusal per server address, for when MINA reports the refusal through the connect
   * future before the session (and its attribute) is handed out.
   */
  private final Map<String, Refusal> recent;

  HostKeyCheck(Path knownHosts, HostKeyPolicy policy) {
    this(knownHosts, policy, new ConcurrentHashMap<>());
  }

  private HostKeyCheck(Path knownHosts, HostKeyPolicy policy, Map<String, Refusal> recent) {
    super(
        (session, remote, key) -> {
          if (policy == HostKeyPolicy.ACCEPT_NEW) {
            return true; // MINA then appends it to the file
          }
          Refusal r = new Unknown(KeyUtils.getFingerPrint(key));
          session.setAttribute(REFUSAL, r);
          recent.put(key(remote), r);
          return false;
        },
        knownHosts);
    this.recent = recent;
    setModifiedServerKeyAcceptor(
        (session, remote, entry, expected, actual) -> {
          Refusal r =
              new Changed(KeyUtils.getFingerPrint(expected), KeyUtils.getFingerPrint(actual));
          session.setAttribute(REFUSAL, r);
          recent.put(key(remote), r);
          return false;
        });
  }

  private static String key(SocketAddress remote) {
    if (remote instanceof InetSocketAddress a && a.getAddress() != null) {
      return a.getAddress().getHostAddress() + ":" + a.getPort();
    }
    return String.valueOf(remote);
  }

  /** The refusal of {@code address:port}'s key in a failed connect, if it was refused (once). */
  Refusal takeRefusal(String address, int port) {
    try {
      return recent.remove(InetAddress.getByName(address).getHostAddress() + ":" + port);
    } catch (java.net.UnknownHostException e) {
      return null;
    }
  }

  @Override
  public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey key) {
    boolean accepted = super.verifyServerKey(session, remote, key);
    if (accepted) {
      session.setAttribute(ACCEPTED, Boolean.TRUE);
    }
    return accepted;
  }
}
