package dev.brigade.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brigade.testhosts.ShellResult;
import dev.brigade.testhosts.TestHost;
import dev.brigade.testhosts.TestHosts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Readers during switches, and two deploys at once from two machines. */
class DeployConcurrencyTest {
  @RegisterExtension static TestHosts hosts = TestHosts.named("cc", 3);

  @Test
  void concurrentReader_resolvesCurrentThousandsOfTimesDuringSwitches_andNeverFails()
      throws Exception {
    try (Testbed bed = new Testbed(hosts, "/srv/reader")) {
      Deployer deployer =
          bed.deployer(
              bed.load(bed.model(Map.of("staging", List.of(0)), "", "")), DeployListener.NONE);
      bed.commit("v1", true);
      assertThat(deployer.deploy("staging", Optional.empty()).result())
          .isEqualTo(DeployReport.Result.SUCCEEDED);
      TestHost h = hosts.get(0);
      h.tryShell("rm -f /tmp/stop-reader");
      // bash's read is a builtin: every iteration opens current/REVISION anew, without a fork
      CompletableFuture<ShellResult> reader =
          CompletableFuture.supplyAsync(
              () ->
                  h.tryShell(
                      "exec bash -c 'n=0; f=0; while [ ! -e /tmp/stop-reader ]; do"
                          + " if read -r r < /srv/reader/current/REVISION && [ -n \"$r\" ];"
                          + " then n=$((n+1)); else f=$((f+1)); fi; done; echo \"$n $f\"'"));
      int switches = 0;
      for (int v = 2; v <= 4; v++) {
        bed.commit("v" + v, true);
        DeployReport r = deployer.deploy("staging", Optional.empty());
        assertThat(r.result()).as(r.message()).isEqualTo(DeployReport.Result.SUCCEEDED);
        switches++;
      }
      for (int i = 0; i < 2; i++) {
        DeployReport r = deployer.rollback("staging", Optional.empty());
        assertThat(r.result()).as(r.message()).isEqualTo(DeployReport.Result.SUCCEEDED);
        switches++;
      }
      h.shell("touch /tmp/stop-reader");
      String[] counts = reader.get(60, TimeUnit.SECONDS).output().strip().split(" ");
      int reads = Integer.parseInt(counts[0]);
      int failures = Integer.parseInt(counts[1]);
      assertThat(switches).isEqualTo(5);
      assertThat(failures).as("reads that found current missing or empty").isZero();
      assertThat(reads).isGreaterThan(2000);
    }
  }

  @Test
  void twoDeploysFromTwoProcesses_oneIsRefusedByTheLock_andNoHostIsHalfLocked() throws Exception {
    try (Testbed bed = new Testbed(hosts, "/srv/twice")) {
      Files.createDirectories(bed.repo.resolve("bin"));
      Files.writeString(bed.repo.resolve("bin/build"), "#!/bin/sh\nsleep 2; echo built > BUILT\n");
      bed.repo.resolve("bin/build").toFile().setExecutable(true);
      bed.commit("v1", true);
      Path model = bed.model(Map.of("staging", List.of(0, 1, 2)), "", "");
      List<Process> processes = new ArrayList<>();
      for (String who : List.of("ann", "bob")) {
        processes.add(
            new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    DeployMain.class.getName(),
                    model.toString(),
                    "staging",
                    bed.dir.resolve("mirrors-" + who).toString(),
                    hosts.knownHosts().toString(),
                    hosts.clientKey().toString(),
                    who)
                .redirectErrorStream(true)
                .start());
      }
      List<Integer> codes = new ArrayList<>();
      List<String> outputs = new ArrayList<>();
      for (Process p : processes) {
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        codes.add(p.exitValue());
        outputs.add(out);
      }
      assertThat(codes).as(String.join("\n", outputs)).containsExactlyInAnyOrder(0, 3);
      String refused = outputs.get(codes.indexOf(3));
      assertThat(refused).contains("REFUSED").contains("is locked on cc1").contains("held by");
      for (TestHost h : hosts.hosts()) {
        assertThat(h.shell("ls /srv/twice/releases").lines().count())
            .as("only the winner's release on " + h.name())
            .isEqualTo(1);
        assertThat(h.tryShell("test -d /srv/twice/.brigade/lock").exitCode()).isNotZero();
      }
    }
  }
}
