package dev.brigade.deploy;

import dev.brigade.model.Cluster;
import dev.brigade.model.ClusterLoader;
import dev.brigade.remote.Remote;
import dev.brigade.remote.RemoteOptions;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A second management box for tests: deploys a stage in its own JVM, as another operator would.
 * Arguments: MODEL STAGE MIRRORS KNOWN_HOSTS KEY USER. Exits with the deploy's exit code.
 */
final class DeployMain {
  private DeployMain() {}

  public static void main(String[] args) throws Exception {
    Cluster cluster =
        new ClusterLoader(Map.of(), List.of(DeploySection.TYPE)).read(Path.of(args[0]));
    try (Remote remote =
        Remote.open(
            RemoteOptions.defaults()
                .withKnownHosts(Path.of(args[3]))
                .withIdentityFiles(List.of(Path.of(args[4])))
                .withConnectTimeout(java.time.Duration.ofSeconds(30)))) {
      DeployReport r =
          new Deployer(
                  cluster,
                  remote,
                  Path.of(args[2]),
                  InstantSource.system(),
                  DeployListener.NONE,
                  args[5],
                  "box-" + args[5])
              .deploy(args[1], Optional.empty());
      System.out.println(r.result() + ": " + r.message());
      System.exit(r.result().exitCode());
    }
  }
}
