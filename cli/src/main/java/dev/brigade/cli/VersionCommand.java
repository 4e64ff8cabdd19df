package dev.brigade.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code brigade version}: prints Brigade's version and the Java it runs on. */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description = "Prints Brigade's version and the Java runtime it runs on.")
final class VersionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    for (String line : lines()) {
      spec.commandLine().getOut().println(line);
    }
    spec.commandLine().getOut().flush();
    return 0;
  }

  static String version() {
    Properties p = new Properties();
    try (InputStream in = VersionCommand.class.getResourceAsStream("/brigade-version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // fall through to "unknown": the version is informational only
    }
    return p.getProperty("version", "unknown");
  }

  static String[] lines() {
    return new String[] {
      "brigade " + version(),
      "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
    };
  }

  /** Supplies {@code brigade --version}. */
  static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return lines();
    }
  }
}
