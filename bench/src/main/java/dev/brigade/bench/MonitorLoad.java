package dev.brigade.bench;

import dev.brigade.model.ClusterLoader;
import dev.brigade.monitor.Load;
import dev.brigade.monitor.Monitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Load for the monitor's check engine (bench/monitor/brigade.sh runs it): a model with many TCP,
 * HTTP and plugin checks against local listeners, at an interval short enough to overload the
 * machine; after a warm-up it prints one line of what the engine sustained.
 *
 * <pre>{@code
 * java -cp bench/target/benchmarks.jar dev.brigade.bench.MonitorLoad \
 *   --tcp 8000 --http 2000 --http-port 19999 --base 20000 --listeners 10000 --interval 1 \
 *   --warmup 15 --duration 30
 * }</pre>
 */
public final class MonitorLoad {
  private MonitorLoad() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int tcp = Integer.parseInt(a.getOrDefault("tcp", "0"));
    int http = Integer.parseInt(a.getOrDefault("http", "0"));
    int plugins = Integer.parseInt(a.getOrDefault("plugins", "0"));
    int base = Integer.parseInt(a.getOrDefault("base", "20000"));
    int listeners = Integer.parseInt(a.getOrDefault("listeners", "10000"));
    int httpPort = Integer.parseInt(a.getOrDefault("http-port", "19999"));
    int interval = Integer.parseInt(a.getOrDefault("interval", "10"));
    int warmup = Integer.parseInt(a.getOrDefault("warmup", "15"));
    int duration = Integer.parseInt(a.getOrDefault("duration", "30"));
    String concurrency = a.getOrDefault("concurrency", "256");
    String pluginConcurrency = a.getOrDefault("plugin-concurrency", "64");
    String label = a.getOrDefault("label", "brigade");

    Path dir = Files.createTempDirectory("brigade-monitor-bench");
    StringBuilder y = new StringBuilder();
    y.append("cluster: bench\n")
        .append("roles:\n  bench: { services: { none: { port: 1, check: none } } }\n")
        .append("hosts:\n  bench1: { address: 127.0.0.1, roles: [bench] }\n")
        .append("stages:\n  production: { hosts: [bench1] }\n")
        .append("monitor:\n")
        .append("  defaults: { host-check: none, interval: ")
        .append(interval)
        .append("s, retry-interval: ")
        .append(interval)
        .append("s, max-attempts: 1, timeout: 10s }\n")
        .append("  concurrency: ")
        .append(concurrency)
        .append("\n  plugin-concurrency: ")
        .append(pluginConcurrency)
        .append("\n  store: ")
        .append(dir.resolve("monitor.db"))
        .append("\n  checks:\n");
    for (int i = 0; i < tcp; i++) {
      y.append("    t").append(i).append(": { host: bench1, type: tcp, port: ");
      y.append(base + i % listeners).append(" }\n");
    }
    for (int i = 0; i < http; i++) {
      y.append("    h").append(i).append(": { host: bench1, type: http, port: ");
      y.append(httpPort).append(", path: /h").append(i).append(" }\n");
    }
    for (int i = 0; i < plugins; i++) {
      y.append("    p").append(i).append(": { host: bench1, type: command, command: ");
      y.append("\"check_tcp -H 127.0.0.1 -p ").append(base + i % listeners).append("\" }\n");
    }
    Path model = dir.resolve("brigade.yml");
    Files.writeString(model, y);
    var cluster = new ClusterLoader(Map.of(), List.of()).read(model);
    try (Monitor m = Monitor.create(cluster, Monitor.Options.defaults())) {
      m.start();
      Thread.sleep(Duration.ofSeconds(warmup));
      m.resetLoad();
      Thread.sleep(Duration.ofSeconds(duration));
      Load l = m.load();
      long problems = m.problems().size();
      String loadavg = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
      System.out.printf(
          java.util.Locale.ROOT,
          "%s services=%d interval=%d demand_per_s=%.0f checks_per_s=%.1f latency_p50_s=%.3f"
              + " latency_p99_s=%.3f exec_p50_s=%.3f exec_p99_s=%.3f slots_demand=%.1f"
              + " slots=%d plugin_demand=%.1f plugin_slots=%d overloaded=%s waiting=%d"
              + " problems=%d loadavg=%s%n",
          label,
          tcp + http + plugins,
          interval,
          (tcp + http + plugins) / (double) interval,
          l.rate(),
          l.latencyP50Millis() / 1000,
          l.latencyP99Millis() / 1000,
          l.executionP50Millis() / 1000,
          l.executionP99Millis() / 1000,
          l.demand(),
          l.capacity(),
          l.pluginDemand(),
          l.pluginCapacity(),
          l.overloaded(),
          l.waiting(),
          problems,
          loadavg);
      System.out.println("  " + l.describe());
    }
  }
}
