package dev.brigade.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brigade.model.ClusterLoader;
import dev.brigade.remote.OpenSshServer;
import dev.brigade.remote.RemoteOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Remote checks as check_by_ssh runs them, against a real OpenSSH server on loopback. */
class SshCheckTest {
  @RegisterExtension static final OpenSshServer SSHD = new OpenSshServer();
  @TempDir Path dir;

  private Monitor monitor(String knownHostsLine) throws Exception {
    Path known = dir.resolve("known_hosts");
    Files.writeString(known, knownHostsLine + "\n");
    Path f = dir.resolve("brigade.yml");
    Files.writeString(
        f,
        """
        cluster: t
        roles:
          app: { services: { http: { port: 1, check: none } } }
        hosts:
          app1:
            address: 127.0.0.1
            roles: [app]
            ssh: { user: %s, port: %d, key: %s }
        stages:
          production: { hosts: [app1] }
        monitor:
          defaults: { host-check: none, max-attempts: 1 }
          checks:
            disk: { host: app1, type: ssh, command: "check_dummy 1 'disk 81%% full'" }
            absent: { host: app1, type: ssh, command: "/nonexistent/check_nothing" }
        """
            .formatted(System.getProperty("user.name"), SSHD.port(), SSHD.clientKey()));
    return Monitor.create(
        new ClusterLoader(Map.of(), List.of()).read(f),
        Monitor.Options.defaults()
            .withClock(new TestClock(Instant.parse("2026-11-25T10:00:00Z")))
            .withStore(dir.resolve("m.db"))
            .withRemote(RemoteOptions.defaults().withKnownHosts(known)));
  }

  @Test
  void remotePlugin_givesItsExitCodeAndOutput() throws Exception {
    try (Monitor m = monitor(SSHD.knownHostsLine("127.0.0.1"))) {
      CheckResult r = probe(m, "app1/disk");
      assertThat(r.status()).isEqualTo(Status.WARNING);
      assertThat(r.output().text()).isEqualTo("WARNING: disk 81% full");
      CheckResult absent = probe(m, "app1/absent");
      assertThat(absent.status()).isEqualTo(Status.UNKNOWN);
      assertThat(absent.output().text()).contains("nonexistent");
    }
  }

  @Test
  void changedHostKey_isUnknownNamingTheFingerprint() throws Exception {
    String other =
        "[127.0.0.1]:"
            + SSHD.port()
            + " ssh-ed25519 "
            + "AAAAC3NzaC1lZDI1NTE5AAAAIBmbnpbhzXl3b6g1aPq6vXXmsnl3I7XOaafi5ZwNsyNR";
    try (Monitor m = monitor(other)) {
      CheckResult r = probe(m, "app1/disk");
      assertThat(r.status()).isEqualTo(Status.UNKNOWN);
      assertThat(r.output().text()).contains(SSHD.hostKeyFingerprint());
    }
  }

  private static CheckResult probe(Monitor m, String id) throws InterruptedException {
    return m.targetsForTest().stream()
        .filter(t -> t.id().equals(id))
        .findFirst()
        .orElseThrow()
        .probe()
        .run();
  }
}
