package dev.brigade.model;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to log in to a host over SSH.
 *
 * @param user the login name
 * @param port the SSH port
 * @param key the private key file, or empty for the user's default keys and agent
 */
public record SshSettings(String user, int port, Optional<Path> key) {
  /** The defaults when a model says nothing: {@code root} on port 22 with default keys. */
  public static final SshSettings DEFAULT = new SshSettings("root", 22, Optional.empty());
}
