package dev.brigade.bench;

import dev.brigade.deploy.DeployListener;
import dev.brigade.deploy.DeployReport;
import dev.brigade.deploy.DeploySection;
import dev.brigade.deploy.Deployer;
import dev.brigade.model.Cluster;
import dev.brigade.model.ClusterLoader;
import dev.brigade.remote.Remote;
import dev.brigade.remote.RemoteOptions;
import dev.brigade.testhosts.TestHost;
import dev.brigade.testhosts.TestHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;

/**
 * Deploy time to N test hosts against one host, and the spread of the switch across hosts (see
 * bench/README.md). Needs root and the test hosts' requirements (testhosts module).
 *
 * <pre>{@code
 * java -cp bench/target/benchmarks.jar dev.brigade.bench.DeployBench 20 5
 * }</pre>
 */
public final class DeployBench {
  private DeployBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    try (TestHosts hosts = TestHosts.named("b", n).start();
        Remote remote =
            Remote.open(
                RemoteOptions.defaults()
                    .withKnownHosts(hosts.knownHosts())
                    .withIdentityFiles(List.of(hosts.clientKey()))
                    .withConnectTimeout(Duration.ofSeconds(30))
                    .withParallelism(64))) {
      Path dir = Files.createTempDirectory(hosts.directory(), "bench-");
      Path repo = dir.resolve("repo");
      try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
        for (TestHost h : hosts.hosts()) {
          h.write("/etc/init.d/web", WEB_INIT, "755");
        }
        Path model = dir.resolve("brigade.yml");
        Files.writeString(model, model(hosts, repo));
        Cluster cluster = new ClusterLoader(Map.of(), List.of(DeploySection.TYPE)).read(model);
        Deployer deployer =
            new Deployer(
                cluster,
                remote,
                dir.resolve("mirrors"),
                InstantSource.system(),
                DeployListener.NONE,
                "bench",
                "bench");
        int version = 0;
        commit(git, repo, ++version);
        deploy(deployer, "all"); // warm-up: first connections, mirror clone, JIT
        deploy(deployer, "one");
        List<Double> one = new ArrayList<>();
        List<Double> all = new ArrayList<>();
        List<Double> spread = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
          // each deploy is of a new revision, so each pays the fetch and the archive
          commit(git, repo, ++version);
          DeployReport a = deploy(deployer, "one");
          one.add(a.took().toMillis() / 1000.0);
          commit(git, repo, ++version);
          DeployReport b = deploy(deployer, "all");
          all.add(b.took().toMillis() / 1000.0);
          spread.add(b.switchSpread().toMillis() / 1000.0);
          System.out.printf(
              Locale.ROOT,
              "round %d: 1 host %.2f s, %d hosts %.2f s, switch spread %.3f s%n",
              r + 1,
              a.took().toMillis() / 1000.0,
              n,
              b.took().toMillis() / 1000.0,
              b.switchSpread().toMillis() / 1000.0);
        }
        double m1 = median(one);
        double mn = median(all);
        System.out.printf(
            Locale.ROOT,
            "median of %d rounds: 1 host %.2f s, %d hosts %.2f s (%.2fx), switch spread %.3f s%n",
            rounds,
            m1,
            n,
            mn,
            mn / m1,
            median(spread));
      }
      for (TestHost h : hosts.hosts()) {
        h.tryShell("service web stop");
      }
    }
  }

  private static DeployReport deploy(Deployer d, String stage) throws Exception {
    DeployReport r = d.deploy(stage, Optional.empty());
    if (r.result() != DeployReport.Result.SUCCEEDED) {
      throw new IllegalStateException(stage + ": " + r.message());
    }
    return r;
  }

  private static void commit(Git git, Path repo, int version) throws Exception {
    Path pub = Files.createDirectories(repo.resolve("public"));
    Files.writeString(pub.resolve("health"), "ok\n");
    Files.writeString(pub.resolve("version"), "v" + version + "\n");
    // a site of some size: 200 files, about 2 MB
    for (int i = 0; i < 200; i++) {
      Files.writeString(
          pub.resolve("page" + i + ".html"),
          ("<p>page " + i + " v" + version + "</p>\n").repeat(400));
    }
    Path build = Files.createDirectories(repo.resolve("bin")).resolve("build");
    Files.writeString(build, "#!/bin/sh\necho built > BUILT\n");
    Files.setPosixFilePermissions(build, PosixFilePermissions.fromString("rwxr-xr-x"));
    git.add().addFilepattern(".").call();
    git.commit().setMessage("v" + version).setAuthor("b", "b@example.com").call();
  }

  private static String model(TestHosts hosts, Path repo) {
    StringBuilder y = new StringBuilder("cluster: bench\nroles:\n  web:\n    services:\n");
    y.append("      http: { port: 8080, protocol: http,")
        .append(" check: { type: http, path: /health, expect: 200, interval: 2s, timeout: 1s } }\n")
        .append("hosts:\n");
    List<String> names = new ArrayList<>();
    for (TestHost h : hosts.hosts()) {
      names.add(h.name());
      y.append("  ")
          .append(h.name())
          .append(": { address: ")
          .append(h.address())
          .append(", roles: [web], ssh: { user: root, key: ")
          .append(hosts.clientKey())
          .append(" } }\n");
    }
    y.append("stages:\n  one: { hosts: [")
        .append(names.getFirst())
        .append("] }\n")
        .append("  all: { hosts: [")
        .append(String.join(", ", names))
        .append("] }\n")
        .append("deploy:\n  repository: ")
        .append(repo)
        .append('\n')
        .append("  path: /srv/bench\n  keep-releases: 3\n  linked-dirs: [log]\n")
        .append("  verify: { attempts: 50, interval: 100ms }\n")
        .append(
            "  roles:\n    web: { build: [\"./bin/build\"], restart: \"service web restart\" }\n");
    return y.toString();
  }

  private static double median(List<Double> values) {
    List<Double> s = values.stream().sorted().toList();
    return s.get(s.size() / 2);
  }

  private static final String WEB_INIT =
      """
      #!/bin/sh
      case "$1" in
        start) start-stop-daemon --start --quiet --pidfile /run/web.pid --make-pidfile \\
                 --background --chdir /srv/bench/current/public \\
                 --exec /bin/busybox -- httpd -f -p 8080 -h /srv/bench/current/public ;;
        stop) start-stop-daemon --stop --quiet --pidfile /run/web.pid --remove-pidfile \\
                --retry 5 || true ;;
        restart) "$0" stop; "$0" start ;;
      esac
      """;
}
