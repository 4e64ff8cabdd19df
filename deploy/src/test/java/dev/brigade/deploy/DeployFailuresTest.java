package dev.brigade.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brigade.model.Host;
import dev.brigade.testhosts.TestHost;
import dev.brigade.testhosts.TestHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Hosts that go away or change identity in the middle of things. */
class DeployFailuresTest {
  @RegisterExtension static TestHosts hosts = TestHosts.named("fl", 3);

  @Test
  void hostWhoseLinkIsCutMidDeploy_failsTheDeployBeforeTheSwitch_andNoHostChanges()
      throws Exception {
    try (Testbed bed = new Testbed(hosts, "/srv/cut")) {
      bed.commit("v1", true);
      Path model = bed.model(Map.of("staging", List.of(0, 1, 2)), "", "staging: { timeout: 3s }");
      DeployReport first =
          bed.deployer(bed.load(model), DeployListener.NONE).deploy("staging", Optional.empty());
      assertThat(first.result()).as(first.message()).isEqualTo(DeployReport.Result.SUCCEEDED);
      Files.writeString(bed.repo.resolve("bin/build"), "#!/bin/sh\nsleep 1; echo built > BUILT\n");
      bed.commit("v2", true);
      TestHost victim = hosts.get(1);
      AtomicBoolean cut = new AtomicBoolean();
      DeployListener cutter =
          new DeployListener() {
            @Override
            public void started(Host host, Step step) {
              if (host.name().equals(victim.name())
                  && step == Step.HOOKS
                  && cut.compareAndSet(false, true)) {
                try {
                  victim.cutLink();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }
            }
          };
      DeployReport r;
      try {
        r =
            bed.deployer(bed.load(model), cutter, bed.remote(java.time.Duration.ofSeconds(5)))
                .deploy("staging", Optional.empty());
      } finally {
        victim.restoreLink();
      }
      assertThat(cut).isTrue();
      assertThat(r.result()).as(r.message()).isEqualTo(DeployReport.Result.FAILED);
      assertThat(r.message()).contains("fl2");
      for (TestHost h : hosts.hosts()) {
        assertThat(Testbed.live(h, "/srv/cut")).as(h.name()).contains(first.release());
      }
      for (TestHost h : List.of(hosts.get(0), hosts.get(2))) {
        assertThat(h.tryShell("test -e /srv/cut/releases/" + r.release()).exitCode()).isNotZero();
        assertThat(h.tryShell("test -d /srv/cut/.brigade/lock").exitCode()).isNotZero();
      }
      // the cut host may keep its lock, or get the queued unlock once the link is back (TCP
      // retransmits what was sent); either way, breaking it explicitly lets the next deploy through
      Deployer again = bed.deployer(bed.load(model), DeployListener.NONE);
      Map<String, String> unlocked = again.unlock("staging");
      assertThat(unlocked.get("fl2")).matches("no lock|removed the lock held by tester.*");
      assertThat(unlocked.get("fl1")).isEqualTo("no lock");
      assertThat(victim.tryShell("test -d /srv/cut/.brigade/lock").exitCode()).isNotZero();
      DeployReport retry = again.deploy("staging", Optional.empty());
      assertThat(retry.result()).as(retry.message()).isEqualTo(DeployReport.Result.SUCCEEDED);
    }
  }

  @Test
  void hostWhoseKeyChanged_isRefused_andNothingIsDeployedAnywhere() throws Exception {
    try (TestHosts own = TestHosts.named("key", 2).start();
        Testbed bed = new Testbed(own, "/srv/key")) {
      bed.commit("v1", true);
      own.get(1).changeHostKey();
      DeployReport r =
          bed.deployer(
                  bed.load(bed.model(Map.of("staging", List.of(0, 1)), "", "")),
                  DeployListener.NONE)
              .deploy("staging", Optional.empty());
      assertThat(r.result()).isEqualTo(DeployReport.Result.FAILED);
      assertThat(r.message()).contains("key2").contains("CHANGED").contains("nothing was changed");
      for (TestHost h : own.hosts()) {
        assertThat(h.tryShell("ls /srv/key/releases/ | grep -q .").exitCode()).isNotZero();
        assertThat(h.tryShell("test -d /srv/key/.brigade/lock").exitCode()).isNotZero();
      }
    }
  }
}
