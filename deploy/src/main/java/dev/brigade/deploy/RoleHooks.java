package dev.brigade.deploy;

import java.util.List;
import java.util.Optional;

/**
 * What a deploy runs on the hosts of one role, each in the new release's directory.
 *
 * @param role the role's name
 * @param build commands run on every host of the role before the switch (build steps)
 * @param migrate a command run on one host of the role before the switch (migrations)
 * @param restart a command run after the switch to restart the role's services, e.g. {@code service
 *     app restart}
 * @param reload like {@code restart} for services that reload gracefully; run when there is no
 *     restart
 * @param verify a command run on each host after the restart, on top of the role's health checks
 * @param batch how many of the role's hosts switch at once; empty for the section's {@code batch}
 */
public record RoleHooks(
    String role,
    List<String> build,
    Optional<String> migrate,
    Optional<String> restart,
    Optional<String> reload,
    Optional<String> verify,
    Optional<BatchSize> batch) {
  public RoleHooks {
    build = List.copyOf(build);
  }

  /** Nothing to run for the role. */
  public static RoleHooks none(String role) {
    return new RoleHooks(
        role,
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
