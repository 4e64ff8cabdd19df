package dev.brigade.box;

import dev.brigade.box.web.Role;
import dev.brigade.model.Cluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code box:} section of the model: where the box listens, where it keeps its data, who may
 * sign in, and how long a session lasts. See {@link BoxSection} for the YAML.
 *
 * @param address the address to listen on (loopback by default)
 * @param port the port (9190 by default)
 * @param data the data directory; empty for {@code .brigade/box} next to the model
 * @param users who may sign in, from the model and the users file
 * @param tokens API tokens for scripts
 * @param tls the key and certificate for HTTPS, when given
 * @param store {@code sqlite} (a file in the data directory) or a {@code jdbc:postgresql:} URL
 * @param idle a session ends after this long without a request
 * @param absolute a session ends this long after sign-in, whatever happens
 */
public record BoxSettings(
    String address,
    int port,
    Optional<Path> data,
    List<User> users,
    List<ApiToken> tokens,
    Optional<Tls> tls,
    String store,
    Duration idle,
    Duration absolute) {

  /** Loopback, port 9190, no users, SQLite, 30 minutes idle, 12 hours at most. */
  public static final BoxSettings DEFAULT =
      new BoxSettings(
          "127.0.0.1",
          9190,
          Optional.empty(),
          List.of(),
          List.of(),
          Optional.empty(),
          "sqlite",
          Duration.ofMinutes(30),
          Duration.ofHours(12));

  public BoxSettings {
    users = List.copyOf(users);
    tokens = List.copyOf(tokens);
  }

  /**
   * One user.
   *
   * @param name the login name
   * @param role what they may do
   * @param passwordHash the Argon2id PHC string
   */
  public record User(String name, Role role, String passwordHash) {
    @Override
    public String toString() {
      return "User[" + name + ", " + role + "]";
    }
  }

  /**
   * A token a script sends as {@code Authorization: Bearer TOKEN}.
   *
   * @param name what it is for (shown as the author of what it does)
   * @param role what it may do
   * @param sha256 the SHA-256 of the token, hex (tokens are long and random, so a fast hash is
   *     enough; the token itself is never in the model)
   */
  public record ApiToken(String name, Role role, String sha256) {
    @Override
    public String toString() {
      return "ApiToken[" + name + ", " + role + "]";
    }
  }

  /**
   * HTTPS.
   *
   * @param certificate the PEM certificate chain
   * @param key the PEM private key (PKCS#8)
   */
  public record Tls(Path certificate, Path key) {}

  /** The data directory: {@code box.data}, or {@code .brigade/box} next to the model. */
  public Path dataDir(Cluster cluster) {
    return data.orElseGet(
        () -> {
          Path parent = cluster.source().toAbsolutePath().getParent();
          return (parent == null ? Path.of(".") : parent).resolve(".brigade").resolve("box");
        });
  }

  /** A copy with other users. */
  public BoxSettings withUsers(List<User> u) {
    return new BoxSettings(address, port, data, u, tokens, tls, store, idle, absolute);
  }

  @Override
  public String toString() {
    // the store URL may carry a password; the users' hashes are not for logs either
    return "BoxSettings["
        + address
        + ":"
        + port
        + ", "
        + users.size()
        + " users, "
        + tokens.size()
        + " tokens, store "
        + (store.startsWith("jdbc:") ? "jdbc" : store)
        + (tls.isPresent() ? ", tls" : "")
        + "]";
  }
}
