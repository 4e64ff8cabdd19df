package dev.brigade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  @TempDir Path dir;

  @Test
  void productionExample_isValidAndDescribed() {
    CliRun run = CliRun.of("validate", "-c", "../examples/production.yml");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .contains("valid. Cluster 'shop-production': 15 hosts, 7 roles, 2 stages, 3 layers.")
        .contains("layer edge (edge/http)")
        .contains("    production  edge1, edge2 -> app: app1 10.0.2.11:8080, app2 10.0.2.12:8080")
        .contains("    staging     staging1 -> app: staging1 10.0.9.90:8080 -> search: solr1");
  }

  @Test
  void minimalExample_isValid() {
    assertThat(CliRun.of("validate", "-q", "-c", "../examples/minimal.yml"))
        .isEqualTo(new CliRun(0, "", ""));
  }

  @Test
  void brokenModel_exitsTwoWithOneLinePerProblem() throws IOException {
    Path file = dir.resolve("brigade.yml");
    Files.writeString(
        file,
        """
        rols:
          app: {}
        hosts:
          web1: { address: 10.0.0.300, roles: [app] }
        """);

    CliRun run = CliRun.of("validate", "-c", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines().toList())
        .contains(
            file + ":1:1: unknown key 'rols' in the model; did you mean 'roles'?",
            file
                + ":4:20: address '10.0.0.300' of host 'web1' is not an IPv4 address ('300' is not"
                + " a number from 0 to 255); write an IPv4 or IPv6 address or a DNS name, e.g."
                + " 10.0.0.11 or web1.example.com")
        .anyMatch(l -> l.startsWith("brigade: " + file + ": "))
        .noneMatch(l -> l.contains("Exception") || l.startsWith("\tat "));
  }

  @Test
  void missingFile_exitsTwoWithAHint() {
    CliRun run = CliRun.of("validate", "-c", dir.resolve("nope.yml").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("nope.yml: no such file").contains("hint: ");
  }
}
