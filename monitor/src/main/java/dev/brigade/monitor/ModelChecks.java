package dev.brigade.monitor;

import dev.brigade.model.Cluster;
import dev.brigade.model.Endpoint;
import dev.brigade.model.HealthCheck;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The checks the model implies: for each service of each role of a host, its declared check (TCP
 * connect by default, an HTTP GET, or a Nagios plugin command with {@code $HOSTADDRESS$}, {@code
 * $HOSTNAME$}, {@code $SERVICEDESC$} and {@code $PORT$} macros).
 *
 * <pre>{@code
 * ModelChecks checks = new ModelChecks(cluster, new PluginRunner(4, 64 * 1024));
 * for (Target t : checks.targets("web1", RemoteOptions.defaults())) {
 *   System.out.println(t.id() + " " + t.probe().run().status());
 * }
 * }</pre>
 */
public final class ModelChecks {
  private final Cluster cluster;
  private final PluginRunner plugins;

  public ModelChecks(Cluster cluster, PluginRunner plugins) {
    this.cluster = cluster;
    this.plugins = plugins;
  }

  /**
   * One check of one service.
   *
   * @param id {@code host/service}
   * @param endpoint the service on its host
   * @param check the declared check
   */
  public record Check(String id, Endpoint endpoint, HealthCheck check, PluginRunner plugins) {
    /** Runs the check once, now, within its declared timeout. */
    public CheckResult run() throws InterruptedException {
      Duration timeout =
          switch (check) {
            case HealthCheck.Tcp t -> t.timeout();
            case HealthCheck.Http h -> h.timeout();
            case HealthCheck.Command c -> c.timeout();
            case HealthCheck.None n -> Duration.ZERO;
          };
      return run(Deadline.after(timeout));
    }

    /** Runs the check once, now, by {@code deadline}. */
    public CheckResult run(Deadline deadline) throws InterruptedException {
      String address = endpoint.address();
      int port = endpoint.port();
      return switch (check) {
        case HealthCheck.Tcp t -> BuiltinChecks.tcp(address, port, Thresholds.NONE, deadline);
        case HealthCheck.Http h ->
            BuiltinChecks.http(
                address,
                port,
                h.path(),
                java.util.Set.of(h.expectStatus()),
                java.util.Optional.empty(),
                false,
                Thresholds.NONE,
                deadline);
        case HealthCheck.Command c ->
            plugins.run(
                c.command(),
                Map.of(
                    "HOSTADDRESS", address,
                    "HOSTNAME", endpoint.host().name(),
                    "SERVICEDESC", endpoint.service().name(),
                    "PORT", Integer.toString(port)),
                deadline);
        case HealthCheck.None n ->
            new CheckResult(
                Status.OK,
                PluginOutput.parse("OK - no check declared for " + id),
                Duration.ZERO,
                false,
                false);
      };
    }
  }

  /**
   * Everything the monitor would check for {@code target}: with a host name, the host check, each
   * service of its roles and the explicit {@code monitor.checks} for it; with {@code host/service},
   * that one. Passive checks are left out (they are not run). SSH checks log in with {@code
   * options}' settings.
   */
  public List<Target> targets(String target, dev.brigade.remote.RemoteOptions options) {
    String hostName = target.contains("/") ? target.substring(0, target.indexOf('/')) : target;
    if (cluster.host(hostName).isEmpty()) {
      throw new IllegalArgumentException("no host '" + hostName + "' in the model");
    }
    CheckTypes types =
        new CheckTypes(
            plugins,
            () -> {
              synchronized (this) {
                if (remote == null) {
                  remote = dev.brigade.remote.Remote.open(options);
                }
                return remote;
              }
            },
            cluster);
    List<Target> all =
        new CheckCatalog(cluster, cluster.section(MonitorSection.TYPE), types).targets();
    List<Target> mine =
        all.stream()
            .filter(t -> !t.isPassive())
            .filter(t -> t.host().equals(hostName))
            .filter(t -> !target.contains("/") || t.id().equals(target))
            .toList();
    if (mine.isEmpty()) {
      throw new IllegalArgumentException(
          "host '"
              + hostName
              + "' has no check '"
              + target.substring(hostName.length() + 1)
              + "'; it has: "
              + String.join(
                  ", ",
                  all.stream().filter(t -> t.host().equals(hostName)).map(Target::id).toList()));
    }
    return mine;
  }

  private dev.brigade.remote.Remote remote;

  /** Closes the SSH sessions {@link #targets} opened, if any. */
  public synchronized void closeRemote() {
    if (remote != null) {
      remote.close();
      remote = null;
    }
  }
}
