package dev.brigade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoxCommandTest {
  @TempDir Path dir;

  @Test
  void help_explainsTheBoxAndHashPassword() {
    CliRun r = CliRun.of("box", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("management box", "hash-password", "SIGHUP", "/api/openapi.json");
    assertThat(CliRun.of("--help").out()).contains("box");
  }

  @Test
  void hashPassword_readsStandardInput_andPrintsAnArgon2idHashOfIt() {
    java.io.InputStream stdin = System.in;
    try {
      System.setIn(
          new java.io.ByteArrayInputStream(
              "correct horse battery\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      CliRun r = CliRun.of("box", "hash-password");
      assertThat(r.exitCode()).as(r.err()).isZero();
      String hash = r.out().strip();
      assertThat(hash).startsWith("$argon2id$v=19$");
      assertThat(
              dev.brigade.box.auth.PasswordHash.verify("correct horse battery".toCharArray(), hash))
          .isTrue();
      System.setIn(
          new java.io.ByteArrayInputStream(
              "short\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      assertThat(CliRun.of("box", "hash-password").exitCode()).isEqualTo(2);
    } finally {
      System.setIn(stdin);
    }
  }

  @Test
  void box_startsOnTheModel_printsTheDashboardUrl_andStops() throws Exception {
    Path model = dir.resolve("brigade.yml");
    Files.writeString(
        model,
        """
        cluster: c
        roles: { app: { services: { http: { port: 1 } } } }
        hosts: { app1: { address: 127.0.0.1, roles: [app] } }
        stages: { production: { hosts: [app1] } }
        monitor: { api: { listen: "127.0.0.1:0" }, defaults: { host-check: none } }
        box: { listen: "127.0.0.1:0" }
        """);
    CliRun r = CliRun.of("box", "-c", model.toString(), "--for", "1s");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("dashboard http://127\\.0\\.0\\.1:\\d+/");
    assertThat(dir.resolve(".brigade/box/box.db")).exists();
    assertThat(dir.resolve(".brigade/box/monitor.db")).exists();
  }

  @Test
  void aWrongBoxSection_isAProblemWithFileLineColumn() throws Exception {
    Path model = dir.resolve("brigade.yml");
    Files.writeString(
        model,
        """
        cluster: c
        hosts: { a: { address: 127.0.0.1 } }
        box:
          listen: nowhere
          users: { alice: { role: admin, password: "plain" } }
        """);
    CliRun r = CliRun.of("validate", "-c", model.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .contains("brigade.yml:4:11: 'listen' of 'box' is not ADDRESS:PORT")
        .contains("brigade.yml:5:")
        .contains("not an Argon2id hash");
  }
}
