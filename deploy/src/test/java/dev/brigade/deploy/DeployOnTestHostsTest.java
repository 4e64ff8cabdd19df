package dev.brigade.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brigade.model.Cluster;
import dev.brigade.testhosts.TestHost;
import dev.brigade.testhosts.TestHosts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Deploys and rollbacks on real Debian test hosts over SSH. */
class DeployOnTestHostsTest {
  @RegisterExtension static TestHosts hosts = TestHosts.named("web", 3);

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void deploy_makesCapistranosLayout_runsHooks_andServesTheNewRelease() throws Exception {
    try (Testbed bed = new Testbed(hosts, "/srv/layout")) {
      String v1 = bed.commit("v1", true);
      Cluster cluster = bed.load(bed.model(Map.of("staging", List.of(0, 1)), "", ""));
      Deployer deployer = bed.deployer(cluster, DeployListener.NONE);

      DeployReport r1 = deployer.deploy("staging", Optional.empty());
      assertThat(r1.result()).as(r1.message()).isEqualTo(DeployReport.Result.SUCCEEDED);
      String release = r1.release();
      assertThat(release).matches("[0-9]{14}");
      for (int i : List.of(0, 1)) {
        TestHost h = hosts.get(i);
        assertThat(Testbed.live(h, "/srv/layout")).contains(release);
        String dir = "/srv/layout/releases/" + release;
        assertThat(h.shell("cat " + dir + "/REVISION").strip()).isEqualTo(v1);
        assertThat(h.shell("cat " + dir + "/BUILT").strip()).isEqualTo("built");
        assertThat(h.shell("readlink " + dir + "/log").strip()).isEqualTo("/srv/layout/shared/log");
        assertThat(h.shell("cat /srv/layout/revisions.log"))
            .contains("Branch main (at " + v1 + ") deployed as release " + release + " by tester");
        assertThat(h.tryShell("test -d /srv/layout/.brigade/lock").exitCode())
            .as("unlocked")
            .isNotZero();
        assertThat(get(h, "/version")).isEqualTo("v1\n");
      }
      assertThat(Testbed.live(hosts.get(2), "/srv/layout")).as("not in the stage").isEmpty();

      String v2 = bed.commit("v2", true);
      DeployReport r2 = deployer.deploy("staging", Optional.empty());
      assertThat(r2.result()).as(r2.message()).isEqualTo(DeployReport.Result.SUCCEEDED);
      assertThat(r2.revision()).isEqualTo(v2);
      assertThat(get(hosts.get(0), "/version")).isEqualTo("v2\n");
      assertThat(r2.toJson()).contains("\"result\" : \"succeeded\"").contains("\"switch\"");
    }
  }

  @Test
  void failingHook_leavesEveryHostOnItsPreviousRelease_andRemovesTheNewOne() throws Exception {
    try (Testbed bed = new Testbed(hosts, "/srv/hook")) {
      bed.commit("v1", true);
      Path model = bed.model(Map.of("staging", List.of(0, 1, 2)), "", "");
      DeployReport first =
          bed.deployer(bed.load(model), DeployListener.NONE).deploy("staging", Optional.empty());
      assertThat(first.result()).as(first.message()).isEqualTo(DeployReport.Result.SUCCEEDED);
      // the new revision's build fails on web2 only
      java.nio.file.Files.writeString(
          bed.repo.resolve("bin/build"),
          "#!/bin/sh\n[ \"$(hostname)\" = web2 ] && { echo 'compile error' >&2; exit 3; }\necho built > BUILT\n");
      bed.commit("v2", true);

      DeployReport r =
          bed.deployer(bed.load(model), DeployListener.NONE).deploy("staging", Optional.empty());

      assertThat(r.result()).isEqualTo(DeployReport.Result.FAILED);
      assertThat(r.message())
          .contains("web2")
          .contains("compile error")
          .contains("previous release");
      for (TestHost h : hosts.hosts()) {
        assertThat(Testbed.live(h, "/srv/hook")).contains(first.release());
        assertThat(h.tryShell("test -e /srv/hook/releases/" + r.release()).exitCode()).isNotZero();
        assertThat(h.tryShell("test -d /srv/hook/.brigade/lock").exitCode()).isNotZero();
        assertThat(get(h, "/version")).isEqualTo("v1\n");
      }
    }
  }

  @Test
  void failedVerify_rollsBackAutomatically_andMarksTheReleaseBad() throws Exception {
    try (Testbed bed = new Testbed(hosts, "/srv/verify")) {
      bed.commit("v1", true);
      Path model = bed.model(Map.of("staging", List.of(0, 1)), "", "");
      Deployer deployer = bed.deployer(bed.load(model), DeployListener.NONE);
      DeployReport good = deployer.deploy("staging", Optional.empty());
      assertThat(good.result()).as(good.message()).isEqualTo(DeployReport.Result.SUCCEEDED);
      bed.commit("v2-without-health", false);

      DeployReport r = deployer.deploy("staging", Optional.empty());

      assertThat(r.result()).as(r.message()).isEqualTo(DeployReport.Result.ROLLED_BACK);
      assertThat(r.message())
          .contains("/health")
          .contains("marked release " + r.release() + " bad");
      for (TestHost h : List.of(hosts.get(0), hosts.get(1))) {
        assertThat(Testbed.live(h, "/srv/verify")).contains(good.release());
        assertThat(
                h.tryShell("test -e /srv/verify/releases/" + r.release() + "/BAD_RELEASE")
                    .exitCode())
            .isZero();
        assertThat(get(h, "/version")).isEqualTo("v1\n");
        assertThat(h.shell("cat /srv/verify/revisions.log"))
            .contains("tester rolled back to release " + good.release());
      }
    }
  }

  @Test
  void rollback_skipsBadReleases_andTakesUnderASecondPerHost() throws Exception {
    try (Testbed bed = new Testbed(hosts, "/srv/rollback")) {
      Path model = bed.model(Map.of("staging", List.of(0, 1)), "", "");
      Deployer deployer = bed.deployer(bed.load(model), DeployListener.NONE);
      bed.commit("v1", true);
      String r1 = deployer.deploy("staging", Optional.empty()).release();
      bed.commit("v2", true);
      String r2 = deployer.deploy("staging", Optional.empty()).release();
      bed.commit("v3", true);
      String r3 = deployer.deploy("staging", Optional.empty()).release();
      for (TestHost h : List.of(hosts.get(0), hosts.get(1))) {
        h.shell("touch /srv/rollback/releases/" + r2 + "/BAD_RELEASE"); // someone found v2 bad
      }

      DeployReport back = deployer.rollback("staging", Optional.empty());

      assertThat(back.result()).as(back.message()).isEqualTo(DeployReport.Result.SUCCEEDED);
      assertThat(back.release()).isEqualTo(r1);
      assertThat(back.took()).isLessThan(Duration.ofSeconds(2)); // 2 hosts, under 1 s each
      for (TestHost h : List.of(hosts.get(0), hosts.get(1))) {
        assertThat(Testbed.live(h, "/srv/rollback")).contains(r1);
        assertThat(get(h, "/version")).isEqualTo("v1\n");
        assertThat(h.tryShell("test -e /srv/rollback/releases/" + r3 + "/BAD_RELEASE").exitCode())
            .as("the release rolled back from is marked bad")
            .isZero();
      }
      DeployReport to = deployer.rollback("staging", Optional.of(r2));
      assertThat(to.result()).isEqualTo(DeployReport.Result.FAILED);
      assertThat(to.message()).contains("marked bad");
    }
  }

  @Test
  void keepReleases_removesOldReleases_butNeverTheLiveOneOrTheRollbackTarget() throws Exception {
    try (Testbed bed = new Testbed(hosts, "/srv/keep")) {
      Path model = bed.model(Map.of("staging", List.of(0)), "", "");
      Deployer deployer = bed.deployer(bed.load(model), DeployListener.NONE);
      java.util.List<String> releases = new java.util.ArrayList<>();
      for (int v = 1; v <= 5; v++) {
        bed.commit("v" + v, true);
        DeployReport r = deployer.deploy("staging", Optional.empty());
        assertThat(r.result()).as(r.message()).isEqualTo(DeployReport.Result.SUCCEEDED);
        releases.add(r.release());
      }
      String ls = hosts.get(0).shell("ls /srv/keep/releases");
      assertThat(ls.lines().toList()).containsExactlyElementsOf(releases.subList(2, 5));
    }
  }

  @Test
  void production_needsTheRevisionOnStagingFirst_runsTheTestCommand_andTagsTheRelease()
      throws Exception {
    try (Testbed bed = new Testbed(hosts, "/srv/stages")) {
      String v1 = bed.commit("v1", true);
      Map<String, List<Integer>> stages = new java.util.LinkedHashMap<>();
      stages.put("staging", List.of(0));
      stages.put("production", List.of(1, 2));
      Path model =
          bed.model(
              stages,
              "  test: \"grep -q v public/version\"\n",
              "production: { promote-from: staging, tag: true }");
      Deployer deployer = bed.deployer(bed.load(model), DeployListener.NONE);

      DeployReport refused = deployer.deploy("production", Optional.empty());
      assertThat(refused.result()).isEqualTo(DeployReport.Result.REFUSED);
      assertThat(refused.result().exitCode()).isEqualTo(3);
      assertThat(refused.message()).contains("was not deployed to stage staging first");
      assertThat(Testbed.live(hosts.get(1), "/srv/stages")).isEmpty();

      DeployReport staging = deployer.deploy("staging", Optional.empty());
      assertThat(staging.result()).as(staging.message()).isEqualTo(DeployReport.Result.SUCCEEDED);
      assertThat(bed.git.tagList().call()).as("staging does not tag").isEmpty();
      DeployReport production = deployer.deploy("production", Optional.of(v1.substring(0, 8)));
      assertThat(production.result())
          .as(production.message())
          .isEqualTo(DeployReport.Result.SUCCEEDED);
      assertThat(production.revision()).isEqualTo(v1);
      assertThat(bed.git.tagList().call())
          .extracting(r -> r.getName())
          .containsExactly("refs/tags/production-" + production.release());

      // a failing test command stops the deploy before any host switches
      java.nio.file.Files.writeString(bed.repo.resolve("public/version"), "broken\n");
      bed.git.add().addFilepattern(".").call();
      bed.git.commit().setMessage("broken").setAuthor("t", "t@example.com").call();
      DeployReport failed = deployer.deploy("staging", Optional.empty());
      assertThat(failed.result()).isEqualTo(DeployReport.Result.FAILED);
      assertThat(failed.message()).contains("test command failed");
      assertThat(Testbed.live(hosts.get(0), "/srv/stages")).contains(staging.release());
    }
  }

  static String get(TestHost h, String path) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://" + h.address() + ":8080" + path))
                .timeout(Duration.ofSeconds(3))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return r.body();
  }
}
