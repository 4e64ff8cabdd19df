package dev.brigade.monitor;

import dev.brigade.model.Cluster;
import dev.brigade.model.Endpoint;
import dev.brigade.model.HealthCheck;
import dev.brigade.model.Host;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The checks the model implies: for each service of each role of a host, its declared check (TCP
 * connect by default, an HTTP GET, or a Nagios plugin command with {@code $HOSTADDRESS$}, {@code
 * $HOSTNAME$}, {@code $SERVICEDESC$} and {@code $PORT$} macros).
 *
 * <pre>{@code
 * ModelChecks checks = new ModelChecks(cluster, new PluginRunner(4, 64 * 1024));
 * for (ModelChecks.Check c : checks.of("web1")) {
 *   System.out.println(c.id() + " " + c.run().status());
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
    /** Runs the check once, now. */
    public CheckResult run() throws InterruptedException {
      String address = endpoint.address();
      int port = endpoint.port();
      return switch (check) {
        case HealthCheck.Tcp t -> BuiltinChecks.tcp(address, port, t.timeout());
        case HealthCheck.Http h ->
            BuiltinChecks.http(address, port, h.path(), h.expectStatus(), h.timeout());
        case HealthCheck.Command c ->
            plugins.run(
                c.command(),
                Map.of(
                    "HOSTADDRESS", address,
                    "HOSTNAME", endpoint.host().name(),
                    "SERVICEDESC", endpoint.service().name(),
                    "PORT", Integer.toString(port)),
                c.timeout());
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
   * remote}'s settings.
   */
  public List<Target> targets(String target, dev.brigade.remote.RemoteOptions remote) {
    String hostName = target.contains("/") ? target.substring(0, target.indexOf('/')) : target;
    if (cluster.host(hostName).isEmpty()) {
      throw new IllegalArgumentException("no host '" + hostName + "' in the model");
    }
    CheckTypes types =
        new CheckTypes(
            plugins,
            () -> {
              synchronized (this) {
                if (remote_ == null) {
                  remote_ = dev.brigade.remote.Remote.open(remote);
                }
                return remote_;
              }
            });
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

  private dev.brigade.remote.Remote remote_;

  /** Closes the SSH sessions {@link #targets} opened, if any. */
  public synchronized void closeRemote() {
    if (remote_ != null) {
      remote_.close();
      remote_ = null;
    }
  }

  /** The checks of host {@code name}, or of one service when given as {@code host/service}. */
  public List<Check> of(String target) {
    String hostName = target.contains("/") ? target.substring(0, target.indexOf('/')) : target;
    String service = target.contains("/") ? target.substring(target.indexOf('/') + 1) : null;
    Host host =
        cluster
            .host(hostName)
            .orElseThrow(
                () -> new IllegalArgumentException("no host '" + hostName + "' in the model"));
    List<Check> out = new ArrayList<>();
    for (Endpoint e : cluster.endpoints(host)) {
      if (service == null || e.service().name().equals(service)) {
        out.add(new Check(e.id(), e, e.service().check(), plugins));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          service == null
              ? "host '" + hostName + "' runs no services"
              : "host '"
                  + hostName
                  + "' has no service '"
                  + service
                  + "'; it has: "
                  + String.join(
                      ", ",
                      cluster.endpoints(host).stream().map(x -> x.service().name()).toList()));
    }
    return List.copyOf(out);
  }
}
