package dev.brigade.deploy;

import dev.brigade.model.Cluster;
import dev.brigade.model.Host;
import dev.brigade.model.Stage;
import dev.brigade.remote.Remote;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;

/**
 * What a deploy, rollback or release listing works with: the model, the stage and its settings,
 * SSH, the clock and who is deploying from where.
 */
record DeployContext(
    Cluster cluster,
    Stage stage,
    DeploySettings settings,
    Remote remote,
    Path mirrors,
    InstantSource clock,
    DeployListener listener,
    String user,
    String machine) {

  /** The stage's hosts that have a role the section deploys to, in stage order. */
  List<Host> targets() {
    return cluster.hostsOf(stage).stream()
        .filter(h -> settings.roles().keySet().stream().anyMatch(h::hasRole))
        .toList();
  }

  /** The deployed roles a host has, in the section's order. */
  List<String> rolesOf(Host host) {
    return settings.roles().keySet().stream().filter(host::hasRole).toList();
  }

  HostRun run(Host host) {
    return new HostRun(
        new HostOps(remote, host, settings.path(), settings.timeout()), listener, clock);
  }
}
