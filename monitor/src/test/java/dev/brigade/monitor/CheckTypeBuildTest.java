package dev.brigade.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brigade.model.Cluster;
import dev.brigade.model.ClusterLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What validates, builds: every explicit check that passes validation becomes a probe. */
class CheckTypeBuildTest {
  @TempDir Path dir;

  private static List<Target> build(Cluster cluster) {
    MonitorSettings settings = cluster.section(MonitorSection.TYPE);
    return new CheckCatalog(
            cluster,
            settings,
            new CheckTypes(
                new PluginRunner(1, 4096),
                () -> {
                  throw new AssertionError("building a probe must not open SSH");
                },
                cluster))
        .targets();
  }

  @Test
  void everyCheckOfTheProductionExample_isBuilt() throws Exception {
    Cluster cluster =
        new ClusterLoader(Map.of(), List.of()).read(Path.of("../examples/production.yml"));
    MonitorSettings settings = cluster.section(MonitorSection.TYPE);
    assertThat(settings.checks()).isNotEmpty();
    List<Target> targets = build(cluster);
    for (MonitorSettings.CheckSpec spec : settings.checks().values()) {
      assertThat(targets)
          .as(spec.name())
          .anySatisfy(
              t -> {
                assertThat(t.service()).contains(spec.name());
                assertThat(t.type()).isEqualTo(spec.type());
                assertThat(t.probe()).isNotNull();
              });
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{ type: tcp, port: 22 }",
        "{ type: tcp, port: 22, warning: 1.5, critical: \"~:3\" }",
        "{ type: http, port: 8080 }",
        "{ type: http, port: 8080, path: \"/status?full=1\", expect: \"200,301\", body: ok,"
            + " warning: 2, critical: 5 }",
        "{ type: https }",
        "{ type: https, port: 8443, cert-warning: 21, cert-critical: 7, critical: 10 }",
        "{ type: dns, name: www.example.com }",
        "{ type: dns, name: www.example.com., server: \"10.0.0.53:5353\", expect: 10.0.1.10,"
            + " warning: 1, critical: 2 }",
        "{ type: dns, name: _sip._tcp.example.com, server: \"[fd00::53]:53\", expect: \"fd00::1\" }",
        "{ type: memcached }",
        "{ type: memcached, port: 11212, hit-ratio-warning: \"90:\", hit-ratio-critical: \"50:\","
            + " evictions: 1000, connections: \"~:900\" }",
        "{ type: mysql }",
        "{ type: mysql, port: 3307, user: mon, password: x, replication: yes, warning: 30,"
            + " critical: 300 }",
        "{ type: mysql, query: \"SELECT COUNT(*) FROM jobs\", warning: 10, critical: 100 }",
        "{ type: smtp }",
        "{ type: smtp, port: 587, starttls: true, warning: 2, critical: 5 }",
        "{ type: nrpe, command: check_load }",
        "{ type: nrpe, command: check_disk, args: [\"20%\", \"10%\"], port: 5667, tls: false }",
        "{ type: ssh, command: \"check_disk -w 20% -c 10% -p /\" }",
        "{ type: command, command: \"check_tcp -H $HOSTADDRESS$ -p $PORT$\", port: 25 }",
        "{ type: passive }",
        "{ type: passive, freshness: 26h, stale-status: warning }",
        "{ type: edge-pool, pool: app, port: 8089 }",
        "{ type: edge-pool, pool: app, port: 8089, warning: \"3:\", critical: \"1:\" }",
      })
  @NamesPeersOnly("plugin names are options of probes that are built, never run")
  void validOptions_areBuilt(String options) throws Exception {
    Path f = dir.resolve("brigade.yml");
    Files.writeString(
        f,
        """
        roles:
          app: { services: { http: { port: 1, check: none } } }
        hosts:
          web1: { address: 127.0.0.1, roles: [app] }
        stages:
          s: { hosts: [web1] }
        monitor:
          defaults: { host-check: none }
          checks:
            x: %s
        """
            .formatted(options.replace("{ type:", "{ role: app, type:")));
    Cluster cluster = new ClusterLoader(Map.of(), List.of()).read(f);
    List<Target> targets = build(cluster);
    assertThat(targets).extracting(Target::id).contains("web1/x");
    Target x = targets.stream().filter(t -> t.id().equals("web1/x")).findFirst().orElseThrow();
    assertThat(x.type()).isEqualTo(options.replaceAll(".*type: ([a-z-]+).*", "$1"));
  }

  @Test
  void providedType_isValidatedAndRunLikeABuiltInOne() throws Exception {
    Path f = dir.resolve("brigade.yml");
    Files.writeString(
        f,
        """
        roles:
          app: { services: { http: { port: 1, check: none } } }
        hosts:
          web1: { address: 127.0.0.1, roles: [app] }
        stages:
          s: { hosts: [web1] }
        monitor:
          defaults: { host-check: none }
          checks:
            x: { role: app, type: always, status: warning }
        """);
    Target x = build(new ClusterLoader(Map.of(), List.of()).read(f)).getFirst();
    assertThat(x.type()).isEqualTo("always");
    CheckResult r = x.probe().run();
    assertThat(r.status()).isEqualTo(Status.WARNING);
    assertThat(r.output().text()).isEqualTo("WARNING - always, on web1");
    Files.writeString(f, Files.readString(f).replace("status: warning", "statsu: warning"));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new ClusterLoader(Map.of(), List.of()).read(f))
        .hasMessageContaining("unknown key 'statsu'")
        .hasMessageContaining("did you mean 'status'")
        .hasMessageContaining("brigade.yml:10:35");
  }

  @Test
  void everyBuiltInType_isCoveredByTheTable() throws Exception {
    assertThat(CheckType.names().subList(0, CheckTypeRegistry.BUILTIN.size()))
        .containsExactly(
            "tcp",
            "http",
            "https",
            "dns",
            "memcached",
            "mysql",
            "smtp",
            "nrpe",
            "ssh",
            "command",
            "passive",
            "edge-pool");
  }

  @Test
  void mysqlOptions_neverShowThePassword() {
    MysqlSpec spec =
        new MysqlSpec(3306, "mon", "hunter2", new MysqlSpec.Replication(Thresholds.NONE));
    assertThat(spec.toString()).doesNotContain("hunter2");
    assertThat(
            new MonitorSettings.CheckSpec(
                    "r",
                    java.util.Optional.empty(),
                    java.util.Optional.of("db"),
                    "mysql",
                    spec,
                    MonitorSettings.Tuning.INHERIT)
                .toString())
        .doesNotContain("hunter2");
  }
}
