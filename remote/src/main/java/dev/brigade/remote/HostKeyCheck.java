package dev.brigade.remote;

import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;
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

  HostKeyCheck(Path knownHosts, HostKeyPolicy policy) {
    super(
        (session, remote, key) -> {
          if (policy == HostKeyPolicy.ACCEPT_NEW) {
            return true; // MINA then appends it to the file
          }
          session.setAttribute(REFUSAL, new Unknown(KeyUtils.getFingerPrint(key)));
          return false;
        },
        knownHosts);
    setModifiedServerKeyAcceptor(
        (session, remote, entry, expected, actual) -> {
          session.setAttribute(
              REFUSAL,
              new Changed(KeyUtils.getFingerPrint(expected), KeyUtils.getFingerPrint(actual)));
          return false;
        });
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
