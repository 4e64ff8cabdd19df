package dev.brigade.monitor;

import dev.brigade.model.Host;
import dev.brigade.remote.Remote;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Turns an explicit check of {@code monitor.checks} into a probe for one host. */
final class CheckTypes {
  private final PluginRunner plugins;
  private final Supplier<Remote> remote;

  /**
   * @param plugins runs local plugins
   * @param remote opens the SSH client on first use (most models have no SSH checks)
   */
  CheckTypes(PluginRunner plugins, Supplier<Remote> remote) {
    this.plugins = plugins;
    this.remote = remote;
  }

  PluginRunner plugins() {
    return plugins;
  }

  Probe probe(MonitorSettings.CheckSpec spec, Host host, Duration timeout) {
    String address = host.address();
    return switch (spec.type()) {
      case "tcp" -> {
        int port = port(spec, 0);
        Thresholds time = thresholds(spec);
        yield () -> BuiltinChecks.tcp(address, port, time, timeout);
      }
      case "http", "https" -> {
        boolean tls = spec.type().equals("https");
        int port = port(spec, tls ? 443 : 80);
        String path = spec.option("path").orElse("/");
        java.util.Set<Integer> expect =
            java.util.Arrays.stream(spec.option("expect").orElse("200").split(","))
                .map(String::strip)
                .map(Integer::valueOf)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        Optional<String> body = spec.option("body");
        Thresholds time = thresholds(spec);
        if (!tls) {
          yield () -> BuiltinChecks.http(address, port, path, expect, body, false, time, timeout);
        }
        int warnDays = days(spec.option("cert-warning"), CertificateCheck.WARN_DAYS);
        int critDays = days(spec.option("cert-critical"), CertificateCheck.CRIT_DAYS);
        yield () -> {
          CheckResult page =
              BuiltinChecks.http(address, port, path, expect, body, true, time, timeout);
          CheckResult cert =
              CertificateCheck.check(address, port, address, warnDays, critDays, timeout);
          return worst(page, cert);
        };
      }
      case "dns" -> {
        Map.Entry<String, Integer> server =
            spec.option("server").map(MonitorSection::dnsServer).orElse(Map.entry(address, 53));
        String name = spec.option("name").orElseThrow();
        Optional<String> expect = spec.option("expect");
        Thresholds time = thresholds(spec);
        yield () ->
            DnsCheck.resolve(server.getKey(), server.getValue(), name, expect, time, timeout);
      }
      case "memcached" -> {
        int port = port(spec, 11211);
        Thresholds hits =
            Thresholds.of(
                spec.option("hit-ratio-warning").orElse(null),
                spec.option("hit-ratio-critical").orElse(null));
        Thresholds evictions = Thresholds.of(null, spec.option("evictions").orElse(null));
        Thresholds connections = Thresholds.of(null, spec.option("connections").orElse(null));
        yield () -> MemcachedCheck.check(address, port, timeout, hits, evictions, connections);
      }
      case "mysql" -> {
        int port = port(spec, 3306);
        String user = spec.option("user").orElse("monitor");
        String password = spec.option("password").orElse("");
        boolean replication = spec.option("replication").map(CheckTypes::yes).orElse(false);
        Thresholds judged = thresholds(spec);
        Optional<String> query = spec.option("query");
        if (query.isPresent()) {
          String sql = query.get();
          yield () -> MysqlCheck.query(address, port, user, password, sql, judged, timeout);
        }
        yield replication
            ? () -> MysqlCheck.replication(address, port, user, password, judged, timeout)
            : () -> MysqlCheck.connection(address, port, user, password, timeout);
      }
      case "smtp" -> {
        int port = port(spec, 25);
        boolean starttls = spec.option("starttls").map(CheckTypes::yes).orElse(false);
        Thresholds time = thresholds(spec);
        yield () -> SmtpCheck.check(address, port, starttls, time, timeout);
      }
      case "nrpe" -> {
        int port = port(spec, 5666);
        String command = spec.option("command").orElseThrow();
        List<String> args = spec.option("args").map(a -> List.of(a.split("\n"))).orElse(List.of());
        NrpeOptions options =
            spec.option("tls").map(CheckTypes::yes).orElse(true)
                ? NrpeOptions.DEFAULT
                : NrpeOptions.DEFAULT.plain();
        yield () -> NrpeClient.query(address, port, command, args, timeout, options);
      }
      case "ssh" -> {
        String command = spec.option("command").orElseThrow();
        yield () -> SshCheck.run(remote.get(), host, command, timeout);
      }
      case "command" -> {
        Map<String, String> macros =
            Map.of(
                "HOSTADDRESS", address,
                "HOSTNAME", host.name(),
                "SERVICEDESC", spec.name(),
                "PORT", spec.option("port").orElse(""));
        String command = spec.option("command").orElseThrow();
        yield () -> plugins.run(command, macros, timeout);
      }
      case "edge-pool" -> {
        int port = port(spec, 0);
        String pool = spec.option("pool").orElseThrow();
        Thresholds up =
            Thresholds.of(
                spec.option("warning").orElse(null), spec.option("critical").orElse(null));
        yield () -> EdgePoolCheck.check(address, port, pool, up, timeout);
      }
      case "passive" ->
          () -> {
            throw new IllegalStateException("passive checks are not run");
          };
      default -> throw new IllegalArgumentException("unknown check type " + spec.type());
    };
  }

  private static CheckResult worst(CheckResult a, CheckResult b) {
    Status s = a.status().worst(b.status());
    CheckResult first = s == a.status() ? a : b;
    CheckResult second = first == a ? b : a;
    List<PerfValue> perf = new java.util.ArrayList<>(first.output().perf());
    perf.addAll(second.output().perf());
    PluginOutput out =
        new PluginOutput(
            first.output().text() + "; " + second.output().text(),
            first.output().longOutput(),
            perf,
            List.of());
    return new CheckResult(
        s,
        out,
        a.took().plus(b.took()),
        a.timedOut() || b.timedOut(),
        a.truncated() || b.truncated());
  }

  private static boolean yes(String v) {
    return v.matches("(?i)true|yes|on");
  }

  private static int days(Optional<String> v, int fallback) {
    return v.map(Integer::parseInt).orElse(fallback);
  }

  private static Thresholds thresholds(MonitorSettings.CheckSpec spec) {
    return Thresholds.of(spec.option("warning").orElse(null), spec.option("critical").orElse(null));
  }

  private static int port(MonitorSettings.CheckSpec spec, int fallback) {
    return spec.option("port").map(Integer::parseInt).orElse(fallback);
  }
}
