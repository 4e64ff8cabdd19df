package dev.brigade.deploy;

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

class DeploySectionTest {
  @TempDir Path dir;

  private static final String HEAD =
      """
      cluster: shop
      roles:
        app: { services: { http: { port: 8080, protocol: http } } }
      hosts:
        app1: { address: 10.0.0.11, roles: [app] }
        app2: { address: 10.0.0.12, roles: [app] }
      """;

  private Cluster load(String yaml) throws Exception {
    Path file = dir.resolve("brigade.yml");
    Files.writeString(file, HEAD + yaml);
    return new ClusterLoader(Map.of(), List.of(DeploySection.TYPE)).read(file);
  }

  @Test
  void stageOverrides_areMergedOverTheSection_andRelativeRepositoriesFollowTheModel()
      throws Exception {
    Cluster c =
        load(
            """
            stages:
              staging: { hosts: [app1] }
              production: { hosts: [app2], deploy: { promote-from: staging, tag: true, batch: 1 } }
            deploy:
              repository: ../app.git
              path: /srv/shop
              keep-releases: 4
              linked-files: [config/app.yml]
              roles:
                app: { build: ["./bin/build"], migrate: ./bin/migrate, restart: "service shop restart" }
              batch: 50%
              verify: { attempts: 5, interval: 2s }
            """);
    DeployConfig config = c.section(DeploySection.TYPE);
    DeploySettings staging = config.forStage("staging");
    DeploySettings production = config.forStage("production");
    assertThat(staging.repository()).isEqualTo(dir.getParent().resolve("app.git").toString());
    assertThat(staging.batch()).isEqualTo(new BatchSize.Percent(50));
    assertThat(staging.promoteFrom()).isEmpty();
    assertThat(staging.tag()).isFalse();
    assertThat(staging.verifyInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(production.batch()).isEqualTo(new BatchSize.Count(1));
    assertThat(production.promoteFrom()).contains("staging");
    assertThat(production.tag()).isTrue();
    assertThat(production.keepReleases()).isEqualTo(4);
    assertThat(production.hooks("app").migrate()).contains("./bin/migrate");
    assertThat(production.hooks("app").build()).containsExactly("./bin/build");
  }

  @Test
  void mistakes_areReportedWithFileLineAndColumn_andDidYouMean() {
    assertThatThrownBy(
            () ->
                load(
                    """
                    stages:
                      staging: { hosts: [app1, app2], deploy: { promote-from: stagin } }
                    deploy:
                      repository: /git/app.git
                      path: srv/shop
                      kep-releases: 3
                      roles:
                        ap: { restart: "service shop restart" }
                      batch: lots
                    """))
        .isInstanceOf(ModelException.class)
        .satisfies(
            e -> {
              List<String> lines = ((ModelException) e).lines();
              String all = String.join("\n", lines);
              assertThat(all)
                  .contains("brigade.yml:8:59: 'promote-from'")
                  .contains("did you mean 'staging'?");
              assertThat(all).contains("brigade.yml:11:9: 'path'").contains("absolute");
              assertThat(all)
                  .contains("brigade.yml:12:3: unknown key 'kep-releases'")
                  .contains("did you mean 'keep-releases'?");
              assertThat(all)
                  .contains("brigade.yml:14:5: deploy role 'ap' is not a role")
                  .contains("did you mean 'app'?");
              assertThat(all).contains("brigade.yml:15:10: 'batch'");
            });
  }

  @Test
  void modelWithoutTheSection_hasNoDeploySettings() throws Exception {
    Cluster c = load("stages:\n  staging: { hosts: [app1, app2] }\n");
    assertThat(c.section(DeploySection.TYPE).base()).isEmpty();
    assertThatThrownBy(() -> c.section(DeploySection.TYPE).forStage("staging"))
        .hasMessageContaining("no 'deploy:' section");
  }

  @Test
  void secrets_neverShowInToString() {
    var drain = new DeploySettings.Drain(8089, "s3cret-token-0123456789", Duration.ofSeconds(5));
    var monitor =
        new DeploySettings.MonitorApi(
            "127.0.0.1:9180", "s3cret-token-0123456789", Duration.ofMinutes(5));
    assertThat(drain.toString()).doesNotContain("s3cret");
    assertThat(monitor.toString()).doesNotContain("s3cret");
  }
}
