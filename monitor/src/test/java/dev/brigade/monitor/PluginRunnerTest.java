package dev.brigade.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real plugins from Debian's monitoring-plugins-basic, run through fork/exec. */
class PluginRunnerTest {
  private final PluginRunner runner = new PluginRunner(4, 64 * 1024);

  @BeforeAll
  static void needsPlugins() {
    Peers.requirePlugins();
  }

  @ParameterizedTest(name = "check_dummy {0} -> {1}")
  @CsvSource({"0, OK", "1, WARNING", "2, CRITICAL", "3, UNKNOWN"})
  void exitCodes_mapToStatuses(int code, Status status) throws Exception {
    CheckResult r =
        runner.run(
            "$USER1$/check_dummy " + code + " 'from the test'", Map.of(), Duration.ofSeconds(10));
    assertThat(r.status()).as(r.line()).isEqualTo(status);
    assertThat(r.output().text()).isEqualTo(status + ": from the test");
  }

  @Test
  void exitCodeOutsideZeroToThree_isUnknown() throws Exception {
    CheckResult r =
        runner.run(List.of("/bin/sh", "-c", "echo odd; exit 7"), Duration.ofSeconds(10));
    assertThat(r.status()).isEqualTo(Status.UNKNOWN);
    assertThat(r.output().text()).isEqualTo("odd");
  }

  @Test
  void checkTcp_againstARealListener_isOkWithTimePerfdata() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      CheckResult r =
          runner.run(
              "$USER1$/check_tcp -H $HOSTADDRESS$ -p $ARG1$",
              Map.of("HOSTADDRESS", "127.0.0.1", "ARG1", Integer.toString(listener.getLocalPort())),
              Duration.ofSeconds(10));
      assertThat(r.status()).isEqualTo(Status.OK);
      assertThat(r.output().perf()).extracting(PerfValue::label).contains("time");
      assertThat(r.output().perf().getFirst().unit()).isEqualTo("s");
    }
  }

  @Test
  void checkTcp_againstAClosedPort_isCritical() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    CheckResult r =
        runner.run("$USER1$/check_tcp -H 127.0.0.1 -p " + port, Map.of(), Duration.ofSeconds(10));
    assertThat(r.status()).isEqualTo(Status.CRITICAL);
    assertThat(r.output().text()).contains("Connection refused");
  }

  @Test
  void hangingPlugin_isKilledAtItsTimeoutWithItsChildren() throws Exception {
    Path marker = Files.createTempFile("brigade-child", ".pid");
    CheckResult r =
        runner.run(
            List.of("/bin/sh", "-c", "sleep 60 & echo $! > " + marker + "; wait"),
            Duration.ofMillis(500));
    assertThat(r.status()).as("Nagios 4's service_check_timeout_state").isEqualTo(Status.CRITICAL);
    assertThat(r.timedOut()).isTrue();
    assertThat(r.output().text()).matches("CRITICAL - /bin/sh timed out after [0-9.]+ seconds");
    long child = Long.parseLong(Files.readString(marker).strip());
    Thread.sleep(200);
    assertThat(running(child)).as("the plugin's child is gone (or a zombie)").isFalse();
    Files.delete(marker);
  }

  /** Alive and not a zombie: a killed child reparented to an init that does not reap stays "Z". */
  private static boolean running(long pid) throws IOException {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    if (!Files.exists(stat)) {
      return false;
    }
    String s = Files.readString(stat);
    char state = s.charAt(s.lastIndexOf(')') + 2);
    return state != 'Z' && state != 'X';
  }

  @ParameterizedTest(name = "timeout-state {0}")
  @CsvSource({"UNKNOWN", "WARNING", "OK", "CRITICAL"})
  void timeoutState_isTheStatusOfAKilledPlugin(Status state) throws Exception {
    PluginRunner r = new PluginRunner(1, 4096, state);
    CheckResult viaRunner = r.run(List.of("/bin/sleep", "30"), Duration.ofMillis(200));
    assertThat(viaRunner.status()).isEqualTo(state);
    assertThat(viaRunner.timedOut()).isTrue();
    CheckResult viaCheck =
        runner.run("/bin/sleep 30", Map.of(), Deadline.after(Duration.ofMillis(200)), state);
    assertThat(viaCheck.status()).isEqualTo(state);
    assertThat(viaCheck.output().text()).startsWith(state + " - /bin/sleep timed out");
  }

  @Test
  void hugeOutput_isCutNeverACrash() throws Exception {
    CheckResult r =
        runner.run(
            List.of(
                "/bin/sh", "-c", "echo 'OK | a=1'; head -c 5000000 /dev/zero | tr '\\0' x; echo"),
            Duration.ofSeconds(20));
    assertThat(r.status()).isEqualTo(Status.OK);
    assertThat(r.truncated()).isTrue();
    assertThat(r.output().text()).isEqualTo("OK");
  }

  @Test
  void missingPlugin_isUnknownNamingIt() throws Exception {
    CheckResult r = runner.run("$USER1$/check_nothing_here", Map.of(), Duration.ofSeconds(5));
    assertThat(r.status()).isEqualTo(Status.UNKNOWN);
    assertThat(r.output().text()).contains("cannot run /usr/lib/nagios/plugins/check_nothing_here");
  }

  @Test
  void macroValues_areNeverSplitOrRunByAShell() throws Exception {
    CheckResult r =
        runner.run(
            "$USER1$/check_dummy 0 $ARG1$",
            Map.of("ARG1", "a b; touch /tmp/brigade-pwned"),
            Duration.ofSeconds(5));
    assertThat(r.output().text()).isEqualTo("OK: a b; touch /tmp/brigade-pwned");
    assertThat(Files.exists(Path.of("/tmp/brigade-pwned"))).isFalse();
  }

  @Test
  void commandLine_quotingAndDollarEscape() {
    assertThat(CommandLine.argv("a 'b c' \"d \\\"e\\\"\" f\\ g $$HOME h$X$", Map.of("X", "1")))
        .containsExactly("a", "b c", "d \"e\"", "f g", "$HOME", "h1");
  }
}
