package dev.brigade.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brigade.model.Cluster;
import dev.brigade.model.ClusterLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Munin node protocol against a real munin-node. */
class MuninNodeTest {
  static MuninNode node;
  @TempDir static Path tmp;

  @BeforeAll
  static void startNode() throws Exception {
    node = MuninNode.start(tmp.resolve("node"));
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void client_speaksTheProtocol_capNodesListConfigFetch() throws Exception {
    try (MuninClient c = MuninClient.connect("127.0.0.1", node.port, Duration.ofSeconds(10))) {
      assertThat(c.nodeName()).isNotEmpty();
      assertThat(c.capabilities("multigraph")).contains("multigraph");
      assertThat(c.nodes()).contains(c.nodeName());
      List<String> plugins = c.list("");
      assertThat(plugins).contains("load", "cpu", "memory");
      var graphs = MuninGraphs.config("load", c.config("load"), "test");
      assertThat(graphs.get("load").title()).isEqualTo("Load average");
      var values = MuninGraphs.values("load", c.fetch("load"), "test");
      assertThat(values.get("load").get("load")).isNotNaN().isGreaterThanOrEqualTo(0);
      var cpu = MuninGraphs.config("cpu", c.config("cpu"), "test");
      assertThat(cpu.get("cpu").fields().get("user").kind()).isEqualTo(Kind.DERIVE);
    }
  }

  @Test
  void engine_collectsEveryPluginOfTheNode_asTheModelSays() throws Exception {
    Path model = tmp.resolve("brigade.yml");
    Files.writeString(
        model,
        """
        cluster: munin
        roles:
          db:
            services:
              munin: { port: %d, protocol: munin, check: none }
        hosts:
          db1: { address: 127.0.0.1, roles: [db] }
        stages:
          production: { hosts: [db1] }
        metrics:
          host-basics: none
        """
            .formatted(node.port));
    Cluster cluster = ClusterLoader.load(model);
    MetricsSettings settings = cluster.section(MetricsSection.TYPE);
    assertThat(settings.collectorsFor(cluster, cluster.host("db1").orElseThrow()))
        .extracting(MetricsSettings.Collect::type)
        .containsExactly(MetricsSettings.Type.MUNIN);
    Instant t0 = Instant.parse("2026-06-01T00:00:00Z");
    TestClock clock = new TestClock(t0);
    try (MetricsEngine m = MetricsEngine.create(cluster, settings, clock, tmp.resolve("store"))) {
      m.collectNow();
      clock.advance(Duration.ofSeconds(10));
      m.collectNow();
      assertThat(m.collectionProblems()).isEmpty();
      List<String> names = m.series().stream().map(s -> s.id().toString()).toList();
      assertThat(names)
          .contains("db1/munin.load/load", "db1/munin.cpu/user", "db1/munin.memory/free");
      // diskstats is a multigraph plugin: its graphs are sources of their own
      assertThat(names).anyMatch(n -> n.startsWith("db1/munin.diskstats_"));
      assertThat(m.info(SeriesId.parse("db1/munin.cpu/user")).orElseThrow().kind())
          .isEqualTo(Kind.DERIVE);
      SeriesData load =
          m.query(
              new SeriesQuery(
                  SeriesId.parse("db1/munin.load/load"),
                  t0,
                  clock.instant(),
                  0,
                  Consolidation.AVERAGE));
      assertThat(load.values()[load.size() - 1]).isNotNaN().isGreaterThanOrEqualTo(0);
      SeriesData user =
          m.query(
              new SeriesQuery(
                  SeriesId.parse("db1/munin.cpu/user"),
                  t0,
                  clock.instant(),
                  0,
                  Consolidation.AVERAGE));
      // a counter: its first value starts it, the second gives a rate
      assertThat(user.values()[user.size() - 1]).isNotNaN().isGreaterThanOrEqualTo(0);
    }
  }

  @Test
  void aNodeThatIsDown_isACollectionProblemNamingIt() throws Exception {
    Path model = tmp.resolve("down.yml");
    int port = Peers.freePort();
    Files.writeString(
        model,
        """
        cluster: down
        roles:
          db: { services: { munin: { port: %d, protocol: munin, check: none } } }
        hosts:
          db1: { address: 127.0.0.1, roles: [db] }
        stages:
          production: { hosts: [db1] }
        metrics: { host-basics: none }
        """
            .formatted(port));
    Cluster cluster = ClusterLoader.load(model);
    try (MetricsEngine m =
        MetricsEngine.create(
            cluster,
            cluster.section(MetricsSection.TYPE),
            new TestClock(Instant.EPOCH),
            tmp.resolve("s2"))) {
      m.collectNow();
      assertThat(m.collectionProblems())
          .singleElement()
          .asString()
          .startsWith("db1/munin: munin-node 127.0.0.1:" + port + ": ");
    }
  }
}
