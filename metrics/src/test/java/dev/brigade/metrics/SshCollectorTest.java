package dev.brigade.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brigade.model.Cluster;
import dev.brigade.model.ClusterLoader;
import dev.brigade.remote.OpenSshServer;
import dev.brigade.remote.RemoteOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The built-in SSH collector against a real sshd, reading this machine's /proc and df. */
class SshCollectorTest {
  @RegisterExtension static final OpenSshServer server = new OpenSshServer();

  @TempDir Path tmp;

  @Test
  void hostBasics_areCollectedOverSsh_withoutAMetricsSection() throws Exception {
    Path model = tmp.resolve("brigade.yml");
    Files.writeString(
        model,
        """
        cluster: ssh
        roles:
          app: { services: { http: { port: 8080, protocol: http, check: none } } }
        hosts:
          web1:
            address: 127.0.0.1
            roles: [app]
            ssh: { user: %s, port: %d, key: %s }
        stages:
          production: { hosts: [web1] }
        """
            .formatted(System.getProperty("user.name"), server.port(), server.clientKey()));
    Cluster cluster = ClusterLoader.load(model);
    MetricsSettings settings = cluster.section(MetricsSection.TYPE);
    assertThat(settings).isEqualTo(MetricsSettings.DEFAULT);
    Path knownHosts = tmp.resolve("known_hosts");
    Files.writeString(knownHosts, server.knownHostsLine("127.0.0.1") + "\n");
    RemoteOptions options =
        RemoteOptions.defaults()
            .withKnownHosts(knownHosts)
            .withIdentityFiles(List.of())
            .withConnectTimeout(Duration.ofSeconds(5));
    Instant t0 = Instant.parse("2026-06-01T00:00:00Z");
    TestClock clock = new TestClock(t0);
    try (MetricsEngine m =
        MetricsEngine.create(cluster, settings, clock, tmp.resolve("store"), options)) {
      m.collectNow();
      assertThat(m.collectionProblems()).isEmpty();
      Thread.sleep(1100); // so that the CPU counters move between the two readings
      clock.advance(Duration.ofSeconds(10));
      m.collectNow();
      assertThat(m.collectionProblems()).isEmpty();
      List<String> names = m.series().stream().map(s -> s.id().label()).toList();
      assertThat(names)
          .contains(
              "load1", "procs.total", "mem.total", "mem.used", "cpu.user", "cpu.idle", "forks")
          .anyMatch(n -> n.startsWith("disk.used["))
          .anyMatch(n -> n.startsWith("net.rx["));
      SeriesData mem =
          m.query(
              new SeriesQuery(
                  SeriesId.parse("web1/ssh/mem.total"),
                  t0,
                  clock.instant(),
                  0,
                  Consolidation.AVERAGE));
      long memTotal = 0;
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          memTotal = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
      }
      assertThat(mem.values()[mem.size() - 1]).isEqualTo(memTotal);
      assertThat(m.info(SeriesId.parse("web1/ssh/mem.total")).orElseThrow().unit()).isEqualTo("B");
    }
  }
}
