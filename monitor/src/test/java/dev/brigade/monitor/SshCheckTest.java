package dev.brigade.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brigade.model.ClusterLoader;
import dev.brigade.remote.OpenSshServer;
import dev.brigade.remote.RemoteOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Remote checks as check_by_ssh runs them, against a real OpenSSH server on loopback. */
class SshCheckTest {
  @RegisterExtension static final OpenSshServer SSHD = new OpenSshServer();
  @TempDir Path dir;

  private ModelChecks checks;
  private RemoteOptions remote;

  private void model(String knownHostsLine) throws Exception {
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
    checks =
        new ModelChecks(new ClusterLoader(Map.of(), List.of()).read(f), new PluginRunner(1, 4096));
    remote = RemoteOptions.defaults().withKnownHosts(known);
  }

  @Test
  void remotePlugin_givesItsExitCodeAndOutput() throws Exception {
    Peers.requirePlugins(); // the plugin runs on the same machine, through sshd
    model(SSHD.knownHostsLine("127.0.0.1"));
    try {
      CheckResult r = probe("app1/disk");
      assertThat(r.status()).isEqualTo(Status.WARNING);
      assertThat(r.output().text()).isEqualTo("WARNING: disk 81% full");
      CheckResult absent = probe("app1/absent");
      assertThat(absent.status()).isEqualTo(Status.UNKNOWN);
      assertThat(absent.output().text()).contains("nonexistent");
    } finally {
      checks.closeRemote();
    }
  }

  @Test
  void changedHostKey_isUnknownNamingTheFingerprint() throws Exception {
    String other =
        "[127.0.0.1]:"
            + SSHD.port()
            + " ssh-ed25519 "
            + "AAAAC3NzaC1lZDI1NTE5AAAAIBmbnpbhzXl3b6g1aPq6vXXmsnl3I7XOaafi5ZwNsyNR";
    model(other);
    try {
      CheckResult r = probe("app1/disk");
      assertThat(r.status()).isEqualTo(Status.UNKNOWN);
      assertThat(r.output().text()).contains(SSHD.hostKeyFingerprint());
    } finally {
      checks.closeRemote();
    }
  }

  private CheckResult probe(String id) throws InterruptedException {
    return checks.targets(id, remote).getFirst().probe().run();
  }
}
