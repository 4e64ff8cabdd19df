package dev.brigade.deploy;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code brigade releases STAGE} shows for one host.
 *
 * @param host the host's name
 * @param live the live release, if any
 * @param liveRevision its revision
 * @param releases every release on the host, oldest first
 * @param bad the releases marked bad
 * @param lock who holds the stage's lock there, if anyone
 * @param error why the host could not be read, if it could not
 */
public record HostReleases(
    String host,
    Optional<String> live,
    Optional<String> liveRevision,
    List<String> releases,
    Set<String> bad,
    Optional<String> lock,
    Optional<String> error) {
  public HostReleases {
    releases = List.copyOf(releases);
    bad = Set.copyOf(bad);
  }
}
