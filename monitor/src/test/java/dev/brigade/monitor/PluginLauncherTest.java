package dev.brigade.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Both ways of starting a plugin behave alike: exit codes, output, limits, deadlines, no leaks. */
class PluginLauncherTest {
  static Stream<PluginLauncher> launchers() {
    return Stream.concat(
        PosixSpawnLauncher.load().stream(), Stream.of(new ProcessBuilderLauncher()));
  }

  private static PluginLauncher.Ran ran(PluginLauncher.Run r) {
    assertThat(r).isInstanceOf(PluginLauncher.Ran.class);
    return (PluginLauncher.Ran) r;
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @MethodSource("launchers")
  void exitCodeAndBothStreams_areKept(PluginLauncher l) throws Exception {
    PluginLauncher.Ran r =
        ran(
            l.run(
                List.of("/bin/sh", "-c", "echo out; echo err >&2; exit 2"),
                Deadline.after(Duration.ofSeconds(10)),
                4096));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(text(r.stdout())).isEqualTo("out\n");
    assertThat(text(r.stderr())).isEqualTo("err\n");
    assertThat(r.timedOut()).isFalse();
  }

  @ParameterizedTest
  @MethodSource("launchers")
  void plugin_inheritsOnlyStdinStdoutAndStderr_stdinBeingEmpty(PluginLauncher l) throws Exception {
    try (var _ = new java.net.ServerSocket(0)) { // an open descriptor the plugin must not get
      PluginLauncher.Ran r =
          ran(
              l.run(
                  List.of("/bin/sh", "-c", "ls /proc/$$/fd; wc -c"),
                  Deadline.after(Duration.ofSeconds(10)),
                  4096));
      assertThat(text(r.stdout()).lines().toList()).containsExactly("0", "1", "2", "0");
    }
  }

  @ParameterizedTest
  @MethodSource("launchers")
  void outputPastTheLimit_isCutAndDrained(PluginLauncher l) throws Exception {
    PluginLauncher.Ran r =
        ran(
            l.run(
                List.of("/bin/sh", "-c", "head -c 3000000 /dev/zero; exit 1"),
                Deadline.after(Duration.ofSeconds(20)),
                1000));
    assertThat(r.stdout()).hasSize(1000);
    assertThat(r.truncated()).isTrue();
    assertThat(r.exitCode()).as("the plugin was never blocked on a full pipe").isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("launchers")
  void deadline_killsThePluginAndTheChildrenItStarted(PluginLauncher l) throws Exception {
    Path marker = Files.createTempFile("brigade-launcher", ".pid");
    PluginLauncher.Ran r =
        ran(
            l.run(
                List.of("/bin/sh", "-c", "sleep 60 & echo $! > " + marker + "; wait"),
                Deadline.after(Duration.ofMillis(300)),
                4096));
    assertThat(r.timedOut()).isTrue();
    long child = Long.parseLong(Files.readString(marker).strip());
    Path stat = Path.of("/proc", Long.toString(child), "stat");
    for (int i = 0; i < 50 && Files.exists(stat) && !zombie(stat); i++) {
      Thread.sleep(20); // the kill is sent; the kernel needs a moment to end it
    }
    assertThat(Files.exists(stat) && !zombie(stat)).as("the plugin's child is gone").isFalse();
    Files.delete(marker);
  }

  private static boolean zombie(Path stat) {
    try {
      String s = Files.readString(stat);
      char state = s.charAt(s.lastIndexOf(')') + 2);
      return state == 'Z' || state == 'X';
    } catch (java.io.IOException e) {
      return true;
    }
  }

  @ParameterizedTest
  @MethodSource("launchers")
  void missingProgram_isNotStartedWithTheSystemsReason(PluginLauncher l) throws Exception {
    PluginLauncher.Run r =
        l.run(List.of("/nonexistent/check_x"), Deadline.after(Duration.ofSeconds(5)), 4096);
    assertThat(r).isInstanceOf(PluginLauncher.NotStarted.class);
    assertThat(((PluginLauncher.NotStarted) r).why()).containsIgnoringCase("no such file");
  }

  @org.junit.jupiter.api.Test
  void onLinux_pluginsStartThroughPosixSpawn() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        System.getProperty("os.name").equals("Linux"), "posix_spawn is used on Linux");
    assertThat(new PluginRunner(4, 4096).launcher()).isEqualTo("posix_spawn");
  }
}
