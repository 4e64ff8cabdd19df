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
