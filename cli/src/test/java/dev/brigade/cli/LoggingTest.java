package dev.brigade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** {@code --debug} turns on Brigade's debug logging, and only Brigade's (in a fresh JVM each). */
class LoggingTest {
  /** Configures logging as the CLI does and prints which loggers log at debug. */
  public static void main(String[] args) {
    Brigade.configureLogging(args[0].equals("--debug"));
    System.out.print(
        LoggerFactory.getLogger("dev.brigade.remote.Remote").isDebugEnabled()
            + " "
            + LoggerFactory.getLogger("io.netty.channel.Channel").isDebugEnabled());
  }

  private static String inFreshJvm(String flag) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                LoggingTest.class.getName(),
                flag)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out.strip();
  }

  @Test
  void debugFlag_turnsOnBrigadesDebugLoggingButNotTheLibraries() throws Exception {
    assertThat(inFreshJvm("--debug")).isEqualTo("true false");
  }

  @Test
  void withoutDebugFlag_logsAtInfo() throws Exception {
    assertThat(inFreshJvm("-")).isEqualTo("false false");
  }
}
