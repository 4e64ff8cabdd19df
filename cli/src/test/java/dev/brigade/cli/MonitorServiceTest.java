package dev.brigade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brigade.model.Cluster;
import dev.brigade.model.ClusterLoader;
import dev.brigade.monitor.CheckView;
import dev.brigade.monitor.Monitor;
import dev.brigade.monitor.MonitorService;
import dev.brigade.monitor.Status;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorServiceTest {
  @TempDir Path dir;

  private Cluster model(String extraCheck) throws Exception {
    Path f = dir.resolve("brigade.yml");
    Files.writeString(
        f,
        """
        roles:
          db: { services: { mysql: { port: 1, check: none } } }
        hosts:
          db1: { address: 127.0.0.1, roles: [db] }
        stages:
          s: { hosts: [db1] }
        monitor:
          defaults: { host-check: none, max-attempts: 1 }
          store: %s
          checks:
            backup: { host: db1, type: passive, freshness: 1h }
        %s
        """
            .formatted(dir.resolve("m.db"), extraCheck.indent(4)));
    return new ClusterLoader(Map.of(), List.of()).read(f);
  }

  @Test
  void submit_sendsAPassiveResultWithTheModelsToken() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Cluster cluster = model("");
    Path f = dir.resolve("brigade.yml");
    Files.writeString(
        f,
        Files.readString(f)
            .replace(
                "  store:",
                "  api: { listen: \"127.0.0.1:"
                    + port
                    + "\", token: \"s3cret-t0ken-x\" }\n  store:"));
    cluster = new ClusterLoader(Map.of(), List.of()).read(f);
    try (MonitorService s =
        MonitorService.start(cluster, Monitor.Options.defaults(), Optional.empty())) {
      CliRun ok =
          CliRun.of(
              "submit",
              "-c",
              f.toString(),
              "db1/backup",
              "WARNING",
              "BACKUP WARNING - slow",
              "|",
              "secs=912s");
      assertThat(ok.exitCode()).as(ok.err()).isZero();
      CheckView v = s.monitor().check("db1/backup").orElseThrow();
      assertThat(v.state()).isEqualTo("WARNING");
      assertThat(v.output()).isEqualTo("BACKUP WARNING - slow | secs=912s");

      CliRun bad = CliRun.of("submit", "-c", f.toString(), "db1/nothing", "OK");
      assertThat(bad.exitCode()).isEqualTo(2);
      assertThat(bad.err()).contains("the monitor refused the result: no check 'db1/nothing'");
    }
    CliRun gone = CliRun.of("submit", "-c", f.toString(), "db1/backup", "OK");
    assertThat(gone.exitCode()).isEqualTo(1);
    assertThat(gone.err()).contains("no monitor answers at 127.0.0.1:" + port);
  }

  @Test
  void reload_keepsStateAndTheApiAddress_andAddsNewChecks() throws Exception {
    try (MonitorService s =
        MonitorService.start(
            model(""),
            Monitor.Options.defaults(),
            Optional.of(new InetSocketAddress("127.0.0.1", 0)))) {
      InetSocketAddress before = s.address();
      s.monitor().submit("db1/backup", Status.CRITICAL, "BACKUP CRITICAL - tape full");
      assertThat(s.monitor().checks()).extracting(CheckView::id).containsExactly("db1/backup");

      assertThat(s.reload(() -> model("ping: { host: db1, type: tcp, port: 1 }")).ok()).isTrue();

      assertThat(s.address()).isEqualTo(before);
      assertThat(s.monitor().checks())
          .extracting(CheckView::id)
          .containsExactly("db1/backup", "db1/ping");
      CheckView backup = s.monitor().check("db1/backup").orElseThrow();
      assertThat(backup.state()).isEqualTo("CRITICAL");
      assertThat(backup.output()).isEqualTo("BACKUP CRITICAL - tape full");
      CliRun status = CliRun.of("status", "--api", "127.0.0.1:" + before.getPort());
      assertThat(status.out()).contains("db1/backup", "tape full").doesNotContain("reload");

      s.reload(
          () -> {
            throw new IllegalArgumentException("brigade.yml:1:1: broken");
          });
      CliRun after = CliRun.of("status", "--api", "127.0.0.1:" + before.getPort());
      assertThat(after.out())
          .contains("reload failed, still running the previous model: brigade.yml:1:1: broken")
          .contains("db1/backup", "tape full");
    }
  }
}
