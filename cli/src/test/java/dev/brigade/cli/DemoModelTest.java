package dev.brigade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brigade.metrics.MetricsSection;
import dev.brigade.metrics.MetricsSettings;
import dev.brigade.model.Cluster;
import dev.brigade.model.ClusterLoader;
import dev.brigade.monitor.Monitor;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's generated model: valid, and describing the demo as a real site. */
class DemoModelTest {
  @TempDir Path dir;

  private DemoModel model(Optional<InetSocketAddress> memcached) {
    return new DemoModel(
        List.of(
            new DemoModel.Node("app1", new InetSocketAddress("127.0.0.1", 41001)),
            new DemoModel.Node("app2", new InetSocketAddress("127.0.0.1", 41002)),
            new DemoModel.Node("app3", new InetSocketAddress("127.0.0.1", 41003))),
        new InetSocketAddress("127.0.0.1", 40080),
        new InetSocketAddress("127.0.0.1", 40089),
        "0123456789abcdef0123456789abcdef",
        memcached,
        dir.resolve("with \"quotes\" and \\ slash"));
  }

  @Test
  void withMemcached_passesBrigadeValidateWithItsLayers() throws Exception {
    Path file = model(Optional.of(new InetSocketAddress("127.0.0.1", 41211))).write();

    CliRun run = CliRun.of("validate", "-c", file.toString());

    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("valid. Cluster 'demo': 5 hosts, 5 roles, 1 stage, 2 layers")
        .contains("layer edge (edge/http)")
        .containsPattern("edge -> app1: app1 127.0.0.1:41001 -> app2: app2 127.0.0.1:41002 -> app3")
        .contains("layer cache (cache/memcached)");
  }

  @Test
  void instancesOnOnePortAtTheirOwnAddresses_areOneAppRole_edgeAppCacheLayers() throws Exception {
    DemoModel m =
        new DemoModel(
            java.util.stream.IntStream.range(0, 3)
                .mapToObj(
                    i ->
                        new DemoModel.Node(
                            "app" + (i + 1),
                            new InetSocketAddress(DemoCommand.loopbackAddresses(3).get(i), 41001)))
                .toList(),
            new InetSocketAddress("127.0.0.1", 40080),
            new InetSocketAddress("127.0.0.1", 40089),
            "0123456789abcdef0123456789abcdef",
            Optional.of(new InetSocketAddress("127.0.0.1", 41211)),
            dir.resolve("shared"));
    assertThat(m.sharedPort()).isTrue();

    CliRun run = CliRun.of("validate", "-c", m.write().toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("valid. Cluster 'demo': 5 hosts, 3 roles, 1 stage, 3 layers")
        .contains("layer edge (edge/http)")
        .contains("app: app1 127.0.0.11:41001, app2 127.0.0.12:41001, app3 127.0.0.13:41001")
        .contains("layer app (app/http)")
        .contains("-> cache: cache 127.0.0.1:41211")
        .contains("layer cache (cache/memcached)");
  }

  @Test
  void withoutMemcached_hasNoCacheLayerAndStillValidates() throws Exception {
    Path file = model(Optional.empty()).write();

    CliRun run = CliRun.of("validate", "-c", file.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("4 hosts, 4 roles, 1 stage, 1 layer");
  }

  @Test
  void monitor_checksEveryInstanceTheEdgeItsPoolAndMemcached() throws Exception {
    Path file = model(Optional.of(new InetSocketAddress("127.0.0.1", 41211))).write();
    Cluster cluster = new ClusterLoader(Map.of(), List.of()).read(file);
    try (Monitor monitor = Monitor.create(cluster, Monitor.Options.defaults())) {
      assertThat(monitor.checks().stream().map(c -> c.id()).toList())
          .containsExactlyInAnyOrder(
              "edge/http",
              "edge/admin",
              "app1/http",
              "app2/http",
              "app3/http",
              "cache/memcached",
              "edge/pool",
              "cache/cache-stats");
    }
  }

  @Test
  void metrics_scrapeTheEdgeAndEveryInstanceEvery5Seconds() throws Exception {
    Path file = model(Optional.empty()).write();
    Cluster cluster = new ClusterLoader(Map.of(), List.of()).read(file);
    MetricsSettings m = cluster.section(MetricsSection.TYPE);

    assertThat(m.hostBasics()).isFalse();
    assertThat(m.collect())
        .extracting(c -> c.name() + "@" + c.host().orElseThrow() + ":" + c.port())
        .containsExactly(
            "edge@edge:40089", "app1@app1:41001", "app2@app2:41002", "app3@app3:41003");
    assertThat(m.collect())
        .allSatisfy(c -> assertThat(c.interval()).isEqualTo(Duration.ofSeconds(5)));
    assertThat(m.store()).hasValue(dir.resolve("with \"quotes\" and \\ slash").resolve("metrics"));
  }

  @Test
  void aWildcardBind_isReachedOnLoopback() {
    assertThat(DemoModel.reachable(new InetSocketAddress("0.0.0.0", 8080)))
        .isEqualTo(new InetSocketAddress("127.0.0.1", 8080));
    InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 8081);
    assertThat(DemoModel.reachable(loopback)).isSameAs(loopback);
  }
}
