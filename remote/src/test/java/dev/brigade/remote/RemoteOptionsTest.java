package dev.brigade.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RemoteOptionsTest {
  @Test
  void defaults_areTheUsersSshFilesStrictOneMebibyteAndSixteenAtOnce() {
    Path ssh = Path.of(System.getProperty("user.home"), ".ssh");

    RemoteOptions defaults = RemoteOptions.defaults();

    assertThat(defaults.knownHosts()).isEqualTo(ssh.resolve("known_hosts"));
    assertThat(defaults.identityFiles())
        .containsExactly(ssh.resolve("id_ed25519"), ssh.resolve("id_rsa"), ssh.resolve("id_ecdsa"));
    assertThat(defaults.hostKeyPolicy()).isEqualTo(HostKeyPolicy.STRICT);
    assertThat(defaults.maxOutputBytes()).isEqualTo(1024 * 1024);
    assertThat(defaults.parallelism()).isEqualTo(16);
    assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void nonsense_isRejected() {
    RemoteOptions defaults = RemoteOptions.defaults();

    assertThatThrownBy(() -> defaults.withParallelism(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withConnectTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withMaxOutputBytes(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
