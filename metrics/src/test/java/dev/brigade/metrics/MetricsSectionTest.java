package dev.brigade.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.brigade.model.Cluster;
import dev.brigade.model.ClusterLoader;
import dev.brigade.model.ModelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsSectionTest {
  static final String BASE =
      """
      cluster: shop
      roles:
        app: { services: { http: { port: 8080, protocol: http, check: none } } }
        db: { services: { munin: { port: 4949, protocol: munin, check: none } } }
      hosts:
        app1: { address: 10.0.0.1, roles: [app] }
        db1: { address: 10.0.0.2, roles: [db] }
      stages:
        production: { hosts: [app1, db1] }
      """;

  @TempDir Path dir;

  Cluster load(String metrics) throws Exception {
    Path f = dir.resolve("brigade.yml");
    Files.writeString(f, BASE + metrics);
    return ClusterLoader.load(f);
  }

  List<String> problems(String metrics) {
    ModelException e = catchThrowableOfType(ModelException.class, () -> load(metrics));
    assertThat(e).as("the model should be refused").isNotNull();
    return e.lines();
  }

  @Test
  void noSection_givesHostBasicsForEveryHost_andMuninForMuninServices() throws Exception {
    Cluster c = load("");
    MetricsSettings s = c.section(MetricsSection.TYPE);
    assertThat(s).isEqualTo(MetricsSettings.DEFAULT);
    assertThat(s.collectorsFor(c, c.host("app1").orElseThrow()))
        .extracting(MetricsSettings.Collect::type)
        .containsExactly(MetricsSettings.Type.SSH);
    assertThat(s.collectorsFor(c, c.host("db1").orElseThrow()))
        .extracting(MetricsSettings.Collect::type, MetricsSettings.Collect::port)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(MetricsSettings.Type.SSH, 22),
            org.assertj.core.groups.Tuple.tuple(MetricsSettings.Type.MUNIN, 4949));
    assertThat(s.storeDir(c)).isEqualTo(dir.resolve(".brigade/metrics"));
  }

  @Test
  void aFullSection_isRead() throws Exception {
    Cluster c =
        load(
            """
            metrics:
              store: /var/lib/brigade/metrics
              flush: 1m
              interval: 10s
              host-basics: none
              retention: ["10s:2d", "5m:30d"]
              collect:
                node: { role: app, type: prometheus, port: 9100, interval: 30s }
            """);
    MetricsSettings s = c.section(MetricsSection.TYPE);
    assertThat(s.flush()).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.hostBasics()).isFalse();
    assertThat(s.retention().rungs())
        .extracting(RetentionLadder.Rung::rows)
        .containsExactly(17280, 8640);
    MetricsSettings.Collect node = s.collect().getFirst();
    assertThat(node.path()).isEqualTo("/metrics");
    assertThat(node.interval()).hasSeconds(30);
    assertThat(node.timeout()).hasSeconds(10);
    assertThat(s.collectorsFor(c, c.host("app1").orElseThrow())).containsExactly(node);
  }

  @Test
  void mistakes_areReportedWithFileLineColumn_andDidYouMean() {
    List<String> p =
        problems(
            """
            metrics:
              flsh: 1m
              retention: ["10s:1d", "25s:2d"]
              collect:
                node: { role: ap, type: prometheus, port: 9100 }
                plug: { host: db1, type: munn }
                nowhere: { type: ssh }
                exp: { role: app, type: prometheus }
            """);
    assertThat(p)
        .anyMatch(
            l ->
                l.matches(
                    ".*brigade.yml:11:3: unknown key 'flsh' in 'metrics'.*did you mean 'flush'.*"))
        .anyMatch(
            l -> l.matches(".*brigade.yml:12:14: 'metrics.retention' is not a ladder.*multiple.*"))
        .anyMatch(
            l ->
                l.matches(
                    ".*brigade.yml:14:19: 'role' of collector 'metrics.collect.node' is 'ap'.*did you mean 'app'.*"))
        .anyMatch(
            l ->
                l.matches(
                    ".*brigade.yml:15:30: 'type' of collector 'metrics.collect.plug' is 'munn'.*did you mean 'munin'.*"))
        .anyMatch(
            l ->
                l.matches(
                    ".*brigade.yml:16:5: collector 'metrics.collect.nowhere' needs 'host' or 'role'.*"))
        .anyMatch(
            l -> l.matches(".*brigade.yml:17:5: collector 'metrics.collect.exp' needs 'port'.*"));
  }
}
