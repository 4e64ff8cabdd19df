package dev.brigade.cli;

import dev.brigade.deploy.DeployReport;
import dev.brigade.deploy.Deployer;
import dev.brigade.deploy.ProgressTable;
import dev.brigade.model.Cluster;
import dev.brigade.remote.Remote;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code brigade deploy STAGE}: an atomic deploy of a git revision to a stage's hosts. */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    subcommands = DeployCommand.Unlock.class,
    description = {
      "Deploys a git revision to the hosts of a stage (the model's deploy: section), in"
          + " Capistrano's layout: each host uploads and unpacks the release, links shared files,"
          + " runs the build hooks, then all switch 'current' atomically (batch by batch with"
          + " drain in the edges when the section says so), restart and pass their health checks."
          + " A failed check rolls back by itself and marks the release bad.",
    },
    footer = {
      "",
      "Examples:",
      "  brigade deploy -c brigade.yml staging",
      "  brigade deploy -c brigade.yml production --revision v1.4.2",
      "  brigade deploy -c brigade.yml production --quiet --json > deploy.json",
      "  brigade deploy -c brigade.yml unlock production     # break a dead deploy's lock",
      "",
      DeployTool.EXIT_CODES
    })
final class DeployCommand implements Callable<Integer> {
  @Mixin ModelOptions model;
  @Mixin DeployTool tool;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "STAGE",
      description = "The stage to deploy to.")
  String stage;

  @Option(
      names = {"-r", "--revision"},
      paramLabel = "REV",
      description = "A branch, tag or commit (default: deploy.branch of the model).")
  String revision;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    if (stage == null) {
      throw new CliException(
          Brigade.INVALID, "which stage? brigade deploy STAGE", "see brigade deploy --help");
    }
    Cluster cluster = model.load(spec.commandLine().getErr());
    try (Remote remote = tool.remote()) {
      Deployer probe =
          tool.deployer(cluster, remote, model.config, dev.brigade.deploy.DeployListener.NONE);
      ProgressTable table = tool.progress(out, targets(probe));
      DeployReport r =
          tool.deployer(cluster, remote, model.config, table)
              .deploy(stage, Optional.ofNullable(revision));
      return tool.finish(out, spec.commandLine().getErr(), r);
    }
  }

  private java.util.List<dev.brigade.model.Host> targets(Deployer d) {
    try {
      return d.targets(stage);
    } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
      throw new CliException(Brigade.INVALID, e.getMessage(), "see brigade deploy --help");
    }
  }

  /** {@code brigade deploy unlock STAGE}. */
  @Command(
      name = "unlock",
      mixinStandardHelpOptions = true,
      description = {
        "Breaks the stage's deploy lock on every host, whoever holds it. Use it only when the"
            + " deploy that took it is dead (brigade releases STAGE shows the lock's owner and age)."
      },
      footer = {"", "Example:", "  brigade deploy -c brigade.yml unlock production"})
  static final class Unlock implements Callable<Integer> {
    @Mixin ModelOptions model;
    @Mixin DeployTool tool;

    @Parameters(index = "0", paramLabel = "STAGE", description = "The stage to unlock.")
    String stage;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      Cluster cluster = model.load(spec.commandLine().getErr());
      try (Remote remote = tool.remote()) {
        Map<String, String> result;
        try {
          result =
              tool.deployer(cluster, remote, model.config, dev.brigade.deploy.DeployListener.NONE)
                  .unlock(stage);
        } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
          throw new CliException(
              Brigade.INVALID, e.getMessage(), "see brigade deploy unlock --help");
        }
        boolean failed = false;
        for (Map.Entry<String, String> e : result.entrySet()) {
          out.println(e.getKey() + ": " + e.getValue());
          failed |= e.getValue().startsWith("FAILED");
        }
        out.flush();
        return failed ? Brigade.FAILED : 0;
      }
    }
  }
}
