package dev.brigade.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brigade.model.Cluster;
import dev.brigade.model.ClusterLoader;
import dev.brigade.model.ModelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MonitorSectionTest {
  @TempDir Path dir;

  private static final String BASE =
      """
      cluster: t
      roles:
        app: { services: { http: { port: 8080 } } }
        db: { services: { mysql: { port: 3306 } } }
      hosts:
        app1: { address: 127.0.0.2, roles: [app] }
        db1: { address: 127.0.0.3, roles: [db] }
      stages:
        production: { hosts: [app1, db1] }
      """;

  private Cluster load(String monitor) throws Exception {
    Path f = dir.resolve("brigade.yml");
    Files.writeString(f, BASE + "monitor:\n" + monitor.indent(2));
    return new ClusterLoader(Map.of("PW", "hunter2"), List.of()).read(f);
  }

  @Test
  void tuning_isDefaultsThenRoleThenCheck() throws Exception {
    MonitorSettings s =
        load("""
                defaults: { interval: 2m, max-attempts: 4, contacts: [ops] }
                roles:
                  db: { interval: 30s, contacts: [ops, dba] }
                contacts:
                  ops: { email: ops@example.com }
                  dba: { webhook: "https://hooks.example.com/x" }
                email: { server: "smtp.example.com:2525", password: "${PW}" }
                checks:
                  repl: { role: db, type: mysql, replication: true, max-attempts: 1 }
                """)
            .section(MonitorSection.TYPE);
    MonitorSettings.Tuning repl =
        s.tuning(java.util.Optional.of("db"), s.checks().get("repl").tuning());
    assertThat(repl.interval()).contains(Duration.ofSeconds(30));
    assertThat(repl.maxAttempts()).contains(1);
    assertThat(repl.retryInterval()).contains(Duration.ofSeconds(20));
    assertThat(repl.contacts()).contains(List.of("ops", "dba"));
    MonitorSettings.Tuning app =
        s.tuning(java.util.Optional.of("app"), MonitorSettings.Tuning.INHERIT);
    assertThat(app.interval()).contains(Duration.ofMinutes(2));
    assertThat(app.maxAttempts()).contains(4);
    assertThat(s.email().orElseThrow().port()).isEqualTo(2525);
    assertThat(s.email().orElseThrow().password()).contains("hunter2");
    assertThat(s.email().orElseThrow().toString()).doesNotContain("hunter2");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "checks: { x: { host: app9, type: tcp, port: 1 } }|no host 'app9' in the model",
        "checks: { x: { role: app, type: tpc, port: 1 } }|did you mean 'tcp'",
        "checks: { x: { role: app, type: nrpe } }|of type nrpe needs 'command'",
        "checks: { x: { role: app, type: tcp, port: 1, comand: y } }|unknown key 'comand'",
        "checks: { x: { type: tcp, port: 1 } }|needs exactly one of 'host' and 'role'",
        "checks: { x: { role: app, type: http, port: 1, warning: \"x:y\" } }|is not a Nagios range",
        "defaults: { contacts: [nobody] }|contact 'nobody' is not defined",
        "contacts: { ops: {} }|has no way to be told",
        "contacts: { ops: { webhook: http://x, notify: [critcal] } }|cannot be told of 'critcal'",
        "contacts: { ops: { email: a@b.c } }|names no SMTP server",
        "roles: { web: { interval: 1m } }|monitor role 'web' is not a role",
        "dependencies: [ { service: app/http, on: db/nosuch } ]|'nosuch' in 'db/nosuch' is neither",
        "defaults: { interval: 0s }|'interval' must be more than zero",
        "defaults: { host-check: icmp }|host-check is 'icmp'",
        "defaults: { intervall: 1m }|did you mean 'interval'",
      })
  void mistakes_areReportedWithTheirPlace(String yaml, String message) {
    assertThatThrownBy(() -> load(yaml))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining(message)
        .hasMessageContaining("brigade.yml:1");
  }

  @Test
  void absentSection_givesDefaults() throws Exception {
    Path f = dir.resolve("brigade.yml");
    Files.writeString(f, BASE);
    MonitorSettings s = new ClusterLoader(Map.of(), List.of()).read(f).section(MonitorSection.TYPE);
    assertThat(s).isEqualTo(MonitorSettings.DEFAULT);
    assertThat(s.api().address()).isEqualTo("127.0.0.1");
  }

  @Test
  void notificationPeriodAndFirstDelay_areTunedApartFromTheCheckPeriod() throws Exception {
    MonitorSettings s =
        load("""
                timezone: UTC
                defaults: { notification-period: "mon-fri 08:00-18:00" }
                roles:
                  db: { first-notification-delay: 5m, period: 24x7 }
                """)
            .section(MonitorSection.TYPE);
    CheckPolicy db = s.tuning(java.util.Optional.of("db"), MonitorSettings.Tuning.INHERIT).policy();
    assertThat(db.firstNotificationDelay()).isEqualTo(Duration.ofMinutes(5));
    // Saturday: checked (24x7), nobody told
    java.time.Instant saturday = java.time.Instant.parse("2026-11-28T12:00:00Z");
    assertThat(db.notificationPeriod().contains(saturday)).isFalse();
    assertThat(
            s.tuning(java.util.Optional.of("db"), MonitorSettings.Tuning.INHERIT)
                .period()
                .orElseThrow()
                .contains(saturday))
        .isTrue();
    CheckPolicy app =
        s.tuning(java.util.Optional.of("app"), MonitorSettings.Tuning.INHERIT).policy();
    assertThat(app.firstNotificationDelay()).isZero();
    assertThatThrownBy(() -> load("defaults: { notification-period: \"someday 9-5\" }"))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("notification-period:");
  }
}
