package dev.brigade.cli;

import dev.brigade.deploy.DeployReport;
import dev.brigade.deploy.ProgressTable;
import dev.brigade.model.Cluster;
import dev.brigade.remote.Remote;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code brigade rollback STAGE}: points {@code current} back at an earlier release. */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = {
      "Rolls a stage back to the newest release before the live one that is not marked bad (or"
          + " to --to RELEASE): only the symlink changes, then the services restart and are"
          + " checked. The release rolled back from is marked bad.",
    },
    footer = {
      "",
      "Examples:",
      "  brigade rollback -c brigade.yml production",
      "  brigade rollback -c brigade.yml production --to 20261201080000",
      "",
      DeployTool.EXIT_CODES
    })
final class RollbackCommand implements Callable<Integer> {
  @Mixin ModelOptions model;
  @Mixin DeployTool tool;

  @Parameters(index = "0", paramLabel = "STAGE", description = "The stage to roll back.")
  String stage;

  @Option(names = "--to", paramLabel = "RELEASE", description = "The release to go to.")
  String to;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Cluster cluster = model.load(spec.commandLine().getErr());
    try (Remote remote = tool.remote()) {
      ProgressTable table;
      try {
        table =
            tool.progress(
                out,
                tool.deployer(cluster, remote, model.config, dev.brigade.deploy.DeployListener.NONE)
                    .targets(stage));
      } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
        throw new CliException(Brigade.INVALID, e.getMessage(), "see brigade rollback --help");
      }
      DeployReport r =
          tool.deployer(cluster, remote, model.config, table)
              .rollback(stage, Optional.ofNullable(to));
      return tool.finish(out, spec.commandLine().getErr(), r);
    }
  }
}
