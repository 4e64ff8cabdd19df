package dev.brigade.monitor;

import dev.brigade.model.Cluster;
import dev.brigade.model.Host;
import dev.brigade.remote.Remote;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where one explicit check runs: its host, its name, its time budget and the shared clients a probe
 * may need.
 *
 * @param host the host checked
 * @param check the check's name ({@code SERVICEDESC})
 * @param timeout the longest one run may take
 * @param plugins runs local plugins
 * @param remote the SSH client, opened on first use (most models have no SSH checks)
 * @param cluster the whole model, with every part's section, for check types that read another
 *     part's settings (a {@code forecast} reads the metrics store)
 */
public record CheckSite(
    Host host,
    String check,
    Duration timeout,
    PluginRunner plugins,
    Supplier<Remote> remote,
    Optional<Cluster> cluster) {
  /** A site outside any model (tests, one-off probes). */
  public CheckSite(
      Host host, String check, Duration timeout, PluginRunner plugins, Supplier<Remote> remote) {
    this(host, check, timeout, plugins, remote, Optional.empty());
  }

  /** The host's address. */
  public String address() {
    return host.address();
  }
}
