package dev.brigade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brigade.testhosts.TestHost;
import dev.brigade.testhosts.TestHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code brigade deploy}, {@code releases}, {@code rollback} and {@code deploy unlock} on test
 * hosts.
 */
class DeployCommandTest {
  @RegisterExtension static TestHosts hosts = TestHosts.named("cli", 2);

  @Test
  void deployStagingThenProduction_releases_rollback_andUnlock_fromTheCommandLine()
      throws Exception {
    Path dir = Files.createTempDirectory(hosts.directory(), "cli-");
    Path repo = dir.resolve("app");
    String v1;
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      Files.createDirectories(repo.resolve("public"));
      Files.writeString(repo.resolve("public/index.html"), "v1\n");
      git.add().addFilepattern(".").call();
      v1 = git.commit().setMessage("v1").setAuthor("t", "t@example.com").call().name();
      Files.writeString(repo.resolve("public/index.html"), "v2\n");
      git.add().addFilepattern(".").call();
      git.commit().setMessage("v2").setAuthor("t", "t@example.com").call();
    }
    TestHost s = hosts.get(0);
    TestHost p = hosts.get(1);
    Path model = dir.resolve("brigade.yml");
    Files.writeString(
        model,
        "cluster: cli\n"
            + "roles:\n  web: { services: { ssh: { port: 22, protocol: ssh } } }\n"
            + "hosts:\n"
            + "  cli1: { address: "
            + s.address()
            + ", roles: [web], ssh: { user: root, key: "
            + hosts.clientKey()
            + " } }\n"
            + "  cli2: { address: "
            + p.address()
            + ", roles: [web], ssh: { user: root, key: "
            + hosts.clientKey()
            + " } }\n"
            + "stages:\n"
            + "  staging: { hosts: [cli1] }\n"
            + "  production: { hosts: [cli2], deploy: { promote-from: staging } }\n"
            + "deploy:\n  repository: app\n  path: /srv/cli\n  roles: { web: {} }\n");
    String c = model.toString();
    String k = hosts.knownHosts().toString();

    CliRun refused =
        CliRun.of("deploy", "-c", c, "--known-hosts", k, "production", "--revision", v1);
    assertThat(refused.exitCode()).as(refused.err()).isEqualTo(3);
    assertThat(refused.err()).contains("was not deployed to stage staging first");

    CliRun staging = CliRun.of("deploy", "-c", c, "--known-hosts", k, "staging", "--revision", v1);
    assertThat(staging.exitCode()).as(staging.err()).isZero();
    assertThat(staging.out())
        .contains("cli1")
        .contains("switch")
        .contains("deploy staging: succeeded");

    CliRun production =
        CliRun.of("deploy", "-c", c, "--known-hosts", k, "production", "--revision", v1, "--json");
    assertThat(production.exitCode()).as(production.err()).isZero();
    assertThat(production.out())
        .contains("\"result\" : \"succeeded\"")
        .contains("\"revision\" : \"" + v1 + "\"");
    assertThat(p.shell("cat /srv/cli/current/public/index.html")).isEqualTo("v1\n");

    CliRun second = CliRun.of("deploy", "-c", c, "--known-hosts", k, "staging", "--quiet");
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(s.shell("cat /srv/cli/current/public/index.html")).isEqualTo("v2\n");

    CliRun releases = CliRun.of("releases", "-c", c, "--known-hosts", k, "staging");
    assertThat(releases.exitCode()).as(releases.err()).isZero();
    assertThat(releases.out()).contains("cli1").contains(" 2 ");

    CliRun rollback = CliRun.of("rollback", "-c", c, "--known-hosts", k, "staging", "--quiet");
    assertThat(rollback.exitCode()).as(rollback.err()).isZero();
    assertThat(s.shell("cat /srv/cli/current/public/index.html")).isEqualTo("v1\n");

    s.shell(
        "mkdir -p /srv/cli/.brigade/lock && printf 'owner=ghost\\n' > /srv/cli/.brigade/lock/info");
    CliRun locked = CliRun.of("deploy", "-c", c, "--known-hosts", k, "staging", "--quiet");
    assertThat(locked.exitCode()).isEqualTo(3);
    assertThat(locked.err()).contains("brigade deploy unlock staging");
    CliRun unlock = CliRun.of("deploy", "unlock", "-c", c, "--known-hosts", k, "staging");
    assertThat(unlock.exitCode()).as(unlock.err()).isZero();
    assertThat(unlock.out()).contains("cli1: removed the lock");

    CliRun unknown = CliRun.of("deploy", "-c", c, "--known-hosts", k, "prod");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("did you mean 'production'?");
  }
}
