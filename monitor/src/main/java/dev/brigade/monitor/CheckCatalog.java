package dev.brigade.monitor;

import dev.brigade.model.Cluster;
import dev.brigade.model.Endpoint;
import dev.brigade.model.HealthCheck;
import dev.brigade.model.Host;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the model says to check: a host check per host, a check per service of its roles (TCP
 * connect on its port, or the role's declared check), and the explicit checks of {@code
 * monitor.checks}, each with its tuning resolved (defaults, then role, then check).
 */
final class CheckCatalog {
  private final Cluster cluster;
  private final MonitorSettings settings;
  private final CheckTypes types;

  CheckCatalog(Cluster cluster, MonitorSettings settings, CheckTypes types) {
    this.cluster = cluster;
    this.settings = settings;
    this.types = types;
  }

  /** The targets in a stable order: each host, then its services, then explicit checks. */
  List<Target> targets() {
    Map<String, Target> out = new LinkedHashMap<>();
    for (Host host : cluster.hosts().values()) {
      Optional<String> firstRole = host.roles().stream().findFirst();
      MonitorSettings.Tuning hostTuning =
          settings.tuning(firstRole, MonitorSettings.Tuning.INHERIT);
      hostCheck(host, hostTuning).ifPresent(t -> out.put(t.id(), t));
      for (Endpoint e : cluster.endpoints(host)) {
        Optional<String> role =
            host.roles().stream()
                .filter(
                    r ->
                        cluster
                            .role(r)
                            .map(x -> x.service(e.service().name()).isPresent())
                            .orElse(false))
                .findFirst();
        MonitorSettings.Tuning t = settings.tuning(role, MonitorSettings.Tuning.INHERIT);
        if (e.service().check() instanceof HealthCheck.None) {
          continue;
        }
        Duration timeout = t.timeout().orElse(Duration.ofSeconds(10));
        HealthCheck check = withTimeout(e.service().check(), timeout);
        ModelChecks.Check c = new ModelChecks.Check(e.id(), e, check, types.plugins());
        out.put(
            e.id(),
            new Target(
                e.id(),
                host.name(),
                Optional.of(e.service().name()),
                role,
                typeOf(check),
                t.policy(),
                timeout,
                ((Probe) c::run).within(timeout),
                check instanceof HealthCheck.Command,
                Optional.empty(),
                Status.CRITICAL,
                t.period().orElse(CheckPeriod.ALWAYS)));
      }
    }
    for (MonitorSettings.CheckSpec spec : settings.checks().values()) {
      List<Host> hosts =
          spec.host().isPresent()
              ? spec.host().flatMap(cluster::host).stream().toList()
              : spec.role().map(cluster::hostsWithRole).orElse(List.of());
      for (Host host : hosts) {
        MonitorSettings.Tuning t = settings.tuning(spec.role(), spec.tuning());
        String id = host.name() + "/" + spec.name();
        Duration timeout = t.timeout().orElse(Duration.ofSeconds(10));
        Optional<Duration> freshness = Optional.empty();
        Status stale = Status.CRITICAL;
        if (spec.options() instanceof PassiveSpec p) {
          freshness = Optional.of(p.freshness().orElse(t.interval().orElseThrow().multipliedBy(2)));
          stale = p.staleStatus();
        }
        out.put(
            id,
            new Target(
                id,
                host.name(),
                Optional.of(spec.name()),
                spec.role().or(() -> host.roles().stream().findFirst()),
                spec.type(),
                t.policy(),
                timeout,
                types.probe(spec, host, timeout),
                spec.options().startsProcess(),
                freshness,
                stale,
                t.period().orElse(CheckPeriod.ALWAYS)));
      }
    }
    return new ArrayList<>(out.values());
  }

  private Optional<Target> hostCheck(Host host, MonitorSettings.Tuning t) {
    String how = t.hostCheck().orElse("ping");
    Duration timeout = t.timeout().orElse(Duration.ofSeconds(10));
    Probe probe;
    if (how.equals("none")) {
      return Optional.empty();
    } else if (how.startsWith("tcp:")) {
      int port = Integer.parseInt(how.substring(4));
      probe = d -> BuiltinChecks.tcp(host.address(), port, Thresholds.NONE, d);
    } else {
      probe = d -> BuiltinChecks.ping(host.address(), d);
    }
    probe = probe.within(timeout);
    return Optional.of(
        new Target(
            host.name(),
            host.name(),
            Optional.empty(),
            host.roles().stream().findFirst(),
            how.startsWith("tcp:") ? "tcp" : how,
            t.policy(),
            timeout,
            probe,
            false,
            Optional.empty(),
            Status.CRITICAL,
            t.period().orElse(CheckPeriod.ALWAYS)));
  }

  private static HealthCheck withTimeout(HealthCheck check, Duration timeout) {
    return switch (check) {
      case HealthCheck.Tcp tcp -> new HealthCheck.Tcp(tcp.interval(), timeout);
      case HealthCheck.Http h ->
          new HealthCheck.Http(h.path(), h.expectStatus(), h.interval(), timeout);
      case HealthCheck.Command c -> new HealthCheck.Command(c.command(), c.interval(), timeout);
      case HealthCheck.None n -> n;
    };
  }

  private static String typeOf(HealthCheck check) {
    return switch (check) {
      case HealthCheck.Tcp t -> "tcp";
      case HealthCheck.Http h -> "http";
      case HealthCheck.Command c -> "command";
      case HealthCheck.None n -> "none";
    };
  }
}
