package dev.brigade.monitor;

import dev.brigade.model.Host;
import java.time.Duration;
import java.util.Map;

/** Turns an explicit check of {@code monitor.checks} into a probe for one host. */
final class CheckTypes {
  private final PluginRunner plugins;

  CheckTypes(PluginRunner plugins) {
    this.plugins = plugins;
  }

  PluginRunner plugins() {
    return plugins;
  }

  Probe probe(MonitorSettings.CheckSpec spec, Host host, Duration timeout) {
    String address = host.address();
    return switch (spec.type()) {
      case "tcp" -> {
        int port = port(spec, 0);
        yield () -> BuiltinChecks.tcp(address, port, timeout);
      }
      case "http" -> {
        int port = port(spec, 80);
        String path = spec.option("path").orElse("/");
        int expect = Integer.parseInt(spec.option("expect").orElse("200"));
        yield () -> BuiltinChecks.http(address, port, path, expect, timeout);
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
      case "passive" ->
          () -> {
            throw new IllegalStateException("passive checks are not run");
          };
      default -> () -> unavailable(spec);
    };
  }

  private static CheckResult unavailable(MonitorSettings.CheckSpec spec) {
    return new CheckResult(
        Status.UNKNOWN,
        PluginOutput.parse("UNKNOWN - check type " + spec.type() + " is not available"),
        Duration.ZERO,
        false,
        false);
  }

  private static int port(MonitorSettings.CheckSpec spec, int fallback) {
    return spec.option("port").map(Integer::parseInt).orElse(fallback);
  }
}
