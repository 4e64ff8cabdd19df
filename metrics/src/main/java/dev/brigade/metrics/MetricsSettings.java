package dev.brigade.metrics;

import dev.brigade.model.Cluster;
import dev.brigade.model.Endpoint;
import dev.brigade.model.Host;
import dev.brigade.model.Protocol;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code metrics:} section of the model: where series are stored, how long at which resolution,
 * and what is collected from which hosts.
 *
 * @param store the directory of the series' files; default {@code .brigade/metrics} next to the
 *     model
 * @param retention the archives of every series
 * @param flush how often batched points are written to the files (the most a {@code kill -9} loses)
 * @param heartbeat the longest gap between two values that still counts as known (RRDtool's
 *     heartbeat)
 * @param interval how often the built-in collectors run, unless a collector says otherwise
 * @param hostBasics whether every host gets the SSH collector (load, CPU, memory, disk, network,
 *     processes) without being listed
 * @param collect the listed collectors
 */
public record MetricsSettings(
    Optional<Path> store,
    RetentionLadder retention,
    Duration flush,
    Duration heartbeat,
    Duration interval,
    boolean hostBasics,
    List<Collect> collect) {

  /** What a model without a {@code metrics:} section gets. */
  public static final MetricsSettings DEFAULT =
      new MetricsSettings(
          Optional.empty(),
          RetentionLadder.DEFAULT,
          Duration.ofSeconds(30),
          Duration.ofMinutes(3),
          Duration.ofSeconds(30),
          true,
          List.of());

  public MetricsSettings {
    collect = List.copyOf(collect);
  }

  /** What a collector reads. */
  public enum Type {
    /** A munin-node, over its text protocol (port 4949). */
    MUNIN,
    /** An HTTP endpoint in Prometheus text exposition format. */
    PROMETHEUS,
    /** {@code /proc} and {@code df} read over SSH in one command. */
    SSH
  }

  /**
   * One collector, applied to a host or to every host of a role.
   *
   * @param name its name in the model (the source name of what it collects, for Prometheus)
   * @param host the host it applies to, or empty
   * @param role the role whose hosts it applies to, or empty
   * @param type what it reads
   * @param port the port (munin-node 4949; Prometheus the exporter's)
   * @param path the HTTP path, for Prometheus
   * @param address the address to connect to instead of the host's (e.g. 127.0.0.1 for an edge's
   *     admin API on loopback)
   * @param interval how often
   * @param timeout how long one collection may take
   */
  public record Collect(
      String name,
      Optional<String> host,
      Optional<String> role,
      Type type,
      int port,
      String path,
      Optional<String> address,
      Duration interval,
      Duration timeout) {

    /** Whether it applies to {@code h}. */
    public boolean appliesTo(Host h) {
      return host.map(h.name()::equals).orElse(false) || role.map(h::hasRole).orElse(false);
    }
  }

  /** The store directory for a model loaded from {@code cluster.source()}. */
  public Path storeDir(Cluster cluster) {
    return store.orElseGet(
        () -> {
          Path parent = cluster.source().toAbsolutePath().getParent();
          return (parent == null ? Path.of(".") : parent).resolve(".brigade").resolve("metrics");
        });
  }

  /**
   * Every collector that runs for {@code host}: the listed ones that apply, the SSH basics when
   * {@link #hostBasics}, and a Munin collector for every service of its roles with protocol {@code
   * munin}.
   */
  public List<Collect> collectorsFor(Cluster cluster, Host host) {
    List<Collect> out = new ArrayList<>();
    for (Collect c : collect) {
      if (c.appliesTo(host)) {
        out.add(c);
      }
    }
    boolean listedSsh = out.stream().anyMatch(c -> c.type() == Type.SSH);
    if (hostBasics && !listedSsh) {
      out.add(
          new Collect(
              "ssh",
              Optional.of(host.name()),
              Optional.empty(),
              Type.SSH,
              host.ssh().port(),
              "",
              Optional.empty(),
              interval,
              timeoutFor(interval)));
    }
    for (Endpoint e : cluster.endpoints(host)) {
      int port = e.service().port();
      boolean listed = out.stream().anyMatch(c -> c.type() == Type.MUNIN && c.port() == port);
      if (e.service().protocol() == Protocol.MUNIN && !listed) {
        out.add(
            new Collect(
                "munin",
                Optional.of(host.name()),
                Optional.empty(),
                Type.MUNIN,
                port,
                "",
                Optional.empty(),
                interval,
                timeoutFor(interval)));
      }
    }
    return List.copyOf(out);
  }

  /** A collection may take at most half its interval, and 10 s by default. */
  static Duration timeoutFor(Duration interval) {
    Duration half = interval.dividedBy(2);
    return half.compareTo(Duration.ofSeconds(10)) < 0 ? half : Duration.ofSeconds(10);
  }
}
