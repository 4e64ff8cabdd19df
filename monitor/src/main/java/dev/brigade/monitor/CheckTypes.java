package dev.brigade.monitor;

import dev.brigade.model.Cluster;
import dev.brigade.model.Host;
import dev.brigade.remote.Remote;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds the probes of the explicit checks of {@code monitor.checks}: each check's validated {@link
 * CheckOptions} build it, given the clients shared by every check.
 */
final class CheckTypes {
  private final PluginRunner plugins;
  private final Supplier<Remote> remote;
  private final Cluster cluster;

  /**
   * @param plugins runs local plugins
   * @param remote opens the SSH client on first use (most models have no SSH checks)
   * @param cluster the model the checks come from
   */
  CheckTypes(PluginRunner plugins, Supplier<Remote> remote, Cluster cluster) {
    this.plugins = plugins;
    this.remote = remote;
    this.cluster = cluster;
  }

  PluginRunner plugins() {
    return plugins;
  }

  Probe probe(MonitorSettings.CheckSpec spec, Host host, Duration timeout) {
    return spec.options()
        .probe(new CheckSite(host, spec.name(), timeout, plugins, remote, Optional.of(cluster)))
        .within(timeout);
  }
}
