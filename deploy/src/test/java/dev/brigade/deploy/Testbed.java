package dev.brigade.deploy;

import dev.brigade.model.Cluster;
import dev.brigade.model.ClusterLoader;
import dev.brigade.remote.Remote;
import dev.brigade.remote.RemoteOptions;
import dev.brigade.testhosts.TestHost;
import dev.brigade.testhosts.TestHosts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;

/**
 * A deploy target for tests: test hosts running a busybox httpd as the sysvinit service {@code web}
 * that serves {@code PATH/current/public} on port 8080, a git repository of a tiny site, and the
 * model that ties them together.
 */
final class Testbed implements AutoCloseable {
  final TestHosts hosts;
  final Path dir;
  final Path repo;
  final Git git;
  final String path;
  private final List<Remote> remotes = new ArrayList<>();

  /**
   * @param path the deploy directory on the hosts, one per test so tests do not share releases
   */
  Testbed(TestHosts hosts, String path) throws Exception {
    this.hosts = hosts;
    this.path = path;
    this.dir = Files.createTempDirectory(hosts.directory(), "bed-");
    this.repo = dir.resolve("repo");
    this.git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
    for (TestHost h : hosts.hosts()) {
      h.write("/etc/init.d/web", webInit(path), "755");
      h.tryShell("service web stop");
    }
  }

  /** The init script a configuration tool would have installed: busybox httpd over current/. */
  static String webInit(String path) {
    return """
        #!/bin/sh
        ### BEGIN INIT INFO
        # Provides: web
        # Short-Description: the test site (busybox httpd over PATH/current/public)
        ### END INIT INFO
        case "$1" in
          start) start-stop-daemon --start --quiet --pidfile /run/web.pid --make-pidfile \\
                   --background --chdir PATH/current/public \\
                   --exec /bin/busybox -- httpd -f -p 8080 -h PATH/current/public ;;
          stop) start-stop-daemon --stop --quiet --pidfile /run/web.pid --remove-pidfile \\
                  --retry 5 || true ;;
          restart) "$0" stop; "$0" start ;;
          *) echo "usage: $0 start|stop|restart" >&2; exit 3 ;;
        esac
        """
        .replace("PATH", path);
  }

  /** Commits a version of the site: {@code public/health} (unless broken) and its version. */
  String commit(String version, boolean healthy) throws Exception {
    Path pub = Files.createDirectories(repo.resolve("public"));
    Files.writeString(pub.resolve("version"), version + "\n");
    if (healthy) {
      Files.writeString(pub.resolve("health"), "ok\n");
    } else {
      Files.deleteIfExists(pub.resolve("health"));
    }
    Path bin = Files.createDirectories(repo.resolve("bin"));
    Path build = bin.resolve("build");
    if (!Files.exists(build)) {
      Files.writeString(build, "#!/bin/sh\necho built > BUILT\n");
      Files.setPosixFilePermissions(build, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    git.add().addFilepattern(".").call();
    git.add().addFilepattern(".").setUpdate(true).call();
    return git.commit().setMessage(version).setAuthor("t", "t@example.com").call().name();
  }

  /**
   * Writes the model: every test host in role {@code web}, stages as given ({@code name -> host
   * indexes}), and {@code deployExtra} lines appended under {@code deploy:}.
   */
  Path model(Map<String, List<Integer>> stages, String deployExtra, String stageExtra)
      throws IOException {
    StringBuilder y = new StringBuilder();
    y.append("cluster: testbed\n")
        .append("roles:\n  web:\n    services:\n      http:\n        port: 8080\n")
        .append("        protocol: http\n")
        .append(
            "        check: { type: http, path: /health, expect: 200, interval: 1s, timeout: 1s }\n")
        .append("hosts:\n");
    java.util.Set<Integer> used = new java.util.TreeSet<>();
    stages.values().forEach(used::addAll);
    for (int i : used) {
      TestHost h = hosts.get(i);
      y.append("  ")
          .append(h.name())
          .append(":\n")
          .append("    address: ")
          .append(h.address())
          .append('\n')
          .append("    roles: [web]\n")
          .append("    ssh: { user: root, key: ")
          .append(hosts.clientKey())
          .append(" }\n");
    }
    y.append("stages:\n");
    stages.forEach(
        (name, idx) -> {
          y.append("  ").append(name).append(":\n    hosts: [");
          y.append(String.join(", ", idx.stream().map(i -> hosts.get(i).name()).toList()));
          y.append("]\n");
          if (!stageExtra.isEmpty() && stageExtra.startsWith(name + ":")) {
            y.append("    deploy: ")
                .append(stageExtra.substring(name.length() + 1).strip())
                .append('\n');
          }
        });
    y.append("deploy:\n")
        .append("  repository: ")
        .append(repo)
        .append('\n')
        .append("  path: ")
        .append(path)
        .append('\n')
        .append("  keep-releases: 3\n")
        .append("  linked-dirs: [log]\n")
        .append("  timeout: 20s\n")
        .append("  verify: { attempts: 15, interval: 200ms }\n")
        .append(
            "  roles:\n    web: { build: [\"./bin/build\"], restart: \"service web restart\" }\n")
        .append(deployExtra);
    Path file = dir.resolve("brigade.yml");
    Files.writeString(file, y.toString());
    return file;
  }

  Cluster load(Path model) throws Exception {
    return new ClusterLoader(Map.of(), List.of(DeploySection.TYPE)).read(model);
  }

  Remote remote() {
    return remote(java.time.Duration.ofSeconds(20));
  }

  /** A client with this connect timeout (also how long it waits for a dead host's answers). */
  Remote remote(java.time.Duration connectTimeout) {
    Remote r =
        Remote.open(
            RemoteOptions.defaults()
                .withKnownHosts(hosts.knownHosts())
                .withIdentityFiles(List.of(hosts.clientKey()))
                .withConnectTimeout(connectTimeout));
    remotes.add(r);
    return r;
  }

  Deployer deployer(Cluster cluster, DeployListener listener) {
    return deployer(cluster, listener, remote());
  }

  Deployer deployer(Cluster cluster, DeployListener listener, Remote remote) {
    return new Deployer(
        cluster, remote, dir.resolve("mirrors"), InstantSource.system(), listener, "tester", "box");
  }

  /** What {@code current} points to on a host, read through the kernel, not SSH. */
  static Optional<String> live(TestHost h, String path) {
    var r = h.tryShell("readlink " + path + "/current");
    return r.exitCode() == 0
        ? Optional.of(r.output().strip().replaceAll(".*/", ""))
        : Optional.empty();
  }

  @Override
  public void close() {
    remotes.forEach(Remote::close);
    git.close();
    for (TestHost h : hosts.hosts()) {
      h.tryShell("service web stop");
    }
  }
}
