package dev.brigade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {
  @TempDir Path dir;

  @Test
  void check_printsNagiosLinesAndExitsWithTheWorstStatus() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    try (ServerSocket open = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Path model = dir.resolve("brigade.yml");
      Files.writeString(
          model,
          """
          roles:
            app: { services: { up: { port: %d }, down: { port: %d } } }
          hosts:
            web1: { address: 127.0.0.1, roles: [app] }
          stages:
            s: { hosts: [web1] }
          """
              .formatted(open.getLocalPort(), closed));
      CliRun up = (CliRun.of("check", "-c", model.toString(), "web1/up"));
      assertThat(up.exitCode()).isZero();
      assertThat(up.out()).startsWith("TCP OK - ").contains("| time=");

      CliRun both = CliRun.of("check", "-c", model.toString(), "web1");
      assertThat(both.exitCode()).isEqualTo(2);
      assertThat(both.out().lines().toList())
          .hasSize(3)
          .anyMatch(l -> l.startsWith("web1 PING OK"))
          .anyMatch(l -> l.startsWith("web1/up TCP OK"))
          .anyMatch(l -> l.startsWith("web1/down TCP CRITICAL"));
    }
  }

  @Test
  void unknownHost_isUnknownAsAPluginWouldSay() {
    CliRun run = CliRun.of("check", "-c", "../examples/minimal.yml", "nohost");
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).contains("no host 'nohost'");
  }
}
