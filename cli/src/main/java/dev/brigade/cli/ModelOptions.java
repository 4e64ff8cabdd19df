package dev.brigade.cli;

import dev.brigade.model.Cluster;
import dev.brigade.model.ClusterLoader;
import dev.brigade.model.ModelException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code -c/--config} option every command that reads the model shares. */
final class ModelOptions {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      defaultValue = "brigade.yml",
      description = "The cluster model (default: ${DEFAULT-VALUE}).")
  Path config;

  /** Loads the model, or prints every problem to {@code err} and throws with exit code 2. */
  Cluster load(PrintWriter err) {
    if (!Files.exists(config)) {
      throw new CliException(
          Brigade.INVALID,
          config + ": no such file",
          "pass the model with -c FILE, or start from examples/minimal.yml");
    }
    try {
      return new ClusterLoader(System.getenv(), List.of()).read(config);
    } catch (ModelException e) {
      e.lines().forEach(err::println);
      err.flush();
      int n = e.problems().size();
      throw new CliException(
          Brigade.INVALID,
          config + ": " + n + (n == 1 ? " problem" : " problems") + "; the model was not used",
          "fix the lines above; each names FILE:LINE:COLUMN");
    }
  }

  /**
   * Reads the model again, for a reload (SIGHUP): a model with problems is an {@link
   * IllegalArgumentException} naming the first, so the running one is kept and the log says why.
   */
  Cluster reread() {
    try {
      return new ClusterLoader(System.getenv(), List.of()).read(config);
    } catch (ModelException e) {
      throw new IllegalArgumentException(
          "the model has " + e.problems().size() + " problems, first: " + e.lines().getFirst());
    }
  }
}
