package dev.brigade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brigade.model.ClusterLoader;
import dev.brigade.monitor.CheckView;
import dev.brigade.monitor.Monitor;
import dev.brigade.monitor.MonitorService;
import dev.brigade.monitor.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's commands against a running monitor's real API. */
class ControlCommandsTest {
  @TempDir Path dir;

  private Path model(int apiPort) throws Exception {
    Path f = dir.resolve("brigade.yml");
    Files.writeString(
        f,
        """
        roles:
          app: { services: { http: { port: 1, check: none } } }
          db: { services: { mysql: { port: 1, check: none } } }
        hosts:
          app1: { address: 127.0.0.1, roles: [app] }
          app2: { address: 127.0.0.1, roles: [app] }
          db1: { address: 127.0.0.1, roles: [db] }
        stages:
          production: { hosts: [app1, db1] }
          staging: { hosts: [app2] }
        monitor:
          defaults: { host-check: none, max-attempts: 1 }
          api: { listen: "127.0.0.1:%d", token: "s3cret-t0ken-x" }
          store: %s
          checks:
            job: { role: app, type: passive, freshness: 1h }
            backup: { host: db1, type: passive, freshness: 1h }
        """
            .formatted(apiPort, dir.resolve("m.db")));
    return f;
  }

  private static int freePort() throws Exception {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void operatorsControls_changeTheRunningMonitor() throws Exception {
    Path f = model(freePort());
    String c = f.toString();
    try (MonitorService s =
        MonitorService.start(
            new ClusterLoader(Map.of(), List.of()).read(f),
            Monitor.Options.defaults(),
            Optional.empty())) {
      Monitor m = s.monitor();
      m.submit("app1/job", Status.CRITICAL, "JOB CRITICAL - failed");
      m.submit("app2/job", Status.CRITICAL, "JOB CRITICAL - failed");

      CliRun ack = CliRun.of("ack", "-c", c, "stage:production", "--comment", "on it");
      assertThat(ack.exitCode()).as(ack.err()).isZero();
      assertThat(ack.out()).contains("acknowledged: 1 check (app1/job)");
      assertThat(m.check("app1/job").orElseThrow().acknowledged()).isTrue();
      assertThat(m.check("app2/job").orElseThrow().acknowledged()).isFalse();

      CliRun down =
          CliRun.of("downtime", "-c", c, "role:app@staging", "--for", "30m", "--comment", "deploy");
      assertThat(down.out()).contains("in downtime: 1 check (app2/job)");
      assertThat(m.check("app2/job").orElseThrow().inDowntime()).isTrue();
      assertThat(CliRun.of("downtime", "-c", c, "--cancel", "app2").out())
          .contains("downtime cancelled: 1 check (app2/job)");

      CliRun off = CliRun.of("disable", "-c", c, "--notifications", "role:app");
      assertThat(off.out()).contains("notifications disabled: 2 checks (app1/job, app2/job)");
      assertThat(m.check("app2/job").orElseThrow().notificationsEnabled()).isFalse();
      assertThat(m.check("app2/job").orElseThrow().checksEnabled()).isTrue();
      assertThat(CliRun.of("enable", "-c", c, "app2").out())
          .contains("checks and notifications enabled: 1 check (app2/job)");

      CliRun note = CliRun.of("comment", "-c", c, "db1/backup", "tape", "library", "replaced");
      assertThat(note.out()).startsWith("comment ");
      CheckView backup = m.check("db1/backup").orElseThrow();
      assertThat(backup.comments())
          .extracting(x -> x.text())
          .containsExactly("tape library replaced");

      CliRun status = CliRun.of("status", "-c", c, "--groups");
      assertThat(status.out())
          .contains("app2/job", "JOB CRITICAL - failed", "[acknowledged]")
          .contains("groups:", "role:app", "stage:staging", "service:job");
      assertThat(status.exitCode()).as("app2/job is an unhandled CRITICAL").isEqualTo(2);

      CliRun bad = CliRun.of("recheck", "-c", c, "role:nope");
      assertThat(bad.exitCode()).isEqualTo(2);
      assertThat(bad.err()).contains("the monitor refused: no role 'nope'");
    }
  }

  @Test
  void everyControl_hasHelpInNagiosTerms() {
    for (String cmd : List.of("recheck", "ack", "downtime", "disable", "enable", "comment")) {
      CliRun help = CliRun.of(cmd, "--help");
      assertThat(help.exitCode()).as(cmd).isZero();
      assertThat(help.out()).as(cmd).contains("Usage: brigade " + cmd, "role:ROLE@STAGE");
    }
  }
}
