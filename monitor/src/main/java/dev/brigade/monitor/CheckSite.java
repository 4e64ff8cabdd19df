package dev.brigade.monitor;

import dev.brigade.model.Host;
import dev.brigade.remote.Remote;
import java.time.Duration;
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
 */
public record CheckSite(
    Host host, String check, Duration timeout, PluginRunner plugins, Supplier<Remote> remote) {
  /** The host's address. */
  public String address() {
    return host.address();
  }
}
