package dev.brigade.deploy;

import dev.brigade.model.Cluster;
import dev.brigade.model.MappingReader;
import dev.brigade.model.Problems;
import dev.brigade.model.SectionContext;
import dev.brigade.model.SectionType;
import dev.brigade.model.YamlNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and validates the {@code deploy:} section and its per-stage overrides ({@code
 * stages.NAME.deploy}); see {@link DeploySettings}.
 *
 * <pre>{@code
 * deploy:
 *   repository: https://git.example.com/shop/app.git
 *   path: /srv/shop
 *   keep-releases: 5
 *   linked-files: [config/app.yml]
 *   linked-dirs: [log]
 *   roles:
 *     app: { build: ["./bin/build"], migrate: "./bin/migrate", restart: "service shop restart" }
 *   batch: 25%
 * stages:
 *   production: { hosts: [...], deploy: { promote-from: staging, tag: true, batch: 1 } }
 * }</pre>
 */
public final class DeploySection implements SectionType<DeployConfig> {
  /** The section, for {@code cluster.section(DeploySection.TYPE)}. */
  public static final DeploySection TYPE = new DeploySection();

  private static final List<String> KEYS =
      List.of(
          "repository",
          "branch",
          "path",
          "keep-releases",
          "linked-files",
          "linked-dirs",
          "roles",
          "batch",
          "auto-rollback",
          "lock-stale",
          "timeout",
          "verify",
          "test",
          "promote-from",
          "tag",
          "drain",
          "monitor");

  @Override
  public String key() {
    return "deploy";
  }

  @Override
  public Class<DeployConfig> valueType() {
    return DeployConfig.class;
  }

  @Override
  public boolean readsStageOverrides() {
    return true;
  }

  @Override
  public DeployConfig read(SectionContext ctx) {
    Problems problems = ctx.problems();
    if (ctx.node().isEmpty()) {
      for (Map.Entry<String, YamlNode> o : ctx.stageOverrides().entrySet()) {
        problems.error(
            o.getValue().location(),
            "stage '" + o.getKey() + "' overrides 'deploy' but the model has no 'deploy:' section",
            "add a top-level 'deploy:' section (repository, path, roles)");
      }
      return DeployConfig.NONE;
    }
    Cluster cluster = ctx.cluster();
    DeploySettings base = read(ctx.reader("'deploy'"), null, cluster, null);
    Map<String, DeploySettings> stages = new LinkedHashMap<>();
    for (String stage : cluster.stages().keySet()) {
      YamlNode override = ctx.stageOverrides().get(stage);
      stages.put(
          stage,
          override == null
              ? base
              : read(
                  MappingReader.of(override, "'stages." + stage + ".deploy'", problems),
                  base,
                  cluster,
                  stage));
    }
    return new DeployConfig(Optional.of(base), stages);
  }

  /** Reads one mapping; {@code d} gives the values of absent keys (null for the section). */
  private DeploySettings read(MappingReader r, DeploySettings d, Cluster cluster, String stage) {
    boolean isBase = d == null;
    String repository =
        (isBase ? r.requiredString("repository") : r.string("repository"))
            .map(s -> repositoryPath(s, cluster.source()))
            .orElse(isBase ? "" : d.repository());
    String branch = r.string("branch").orElse(isBase ? "main" : d.branch());
    String path = (isBase ? r.requiredString("path") : r.string("path")).orElse(null);
    if (path != null && !path.startsWith("/")) {
      r.problems()
          .error(
              r.valueLocation("path"),
              "'path' of " + r.what() + " must be an absolute directory, not '" + path + "'",
              "e.g. /srv/" + cluster.name());
    }
    if (path != null && !SAFE_PATH.matcher(path).matches()) {
      r.problems()
          .error(
              r.valueLocation("path"),
              "'path' of " + r.what() + " may use only letters, digits and . _ - / here");
    }
    if (path == null) {
      path = isBase ? "/" : d.path();
    }
    int keep = r.integer("keep-releases", 1, 1000).orElse(isBase ? 5 : d.keepReleases());
    List<String> files = linked(r, "linked-files", isBase ? List.of() : d.linkedFiles());
    List<String> dirs = linked(r, "linked-dirs", isBase ? List.of() : d.linkedDirs());
    Map<String, RoleHooks> roles = isBase ? new LinkedHashMap<>() : new LinkedHashMap<>(d.roles());
    Optional<YamlNode> rolesNode = isBase ? r.requiredNode("roles") : r.node("roles");
    if (rolesNode.isPresent()) {
      roles = roles(r, cluster);
      if (roles.isEmpty()) {
        r.problems()
            .error(
                r.valueLocation("roles"),
                r.what() + " names no roles to deploy to",
                "e.g. roles: { app: { restart: \"service app restart\" } }");
      }
    }
    BatchSize batch = batch(r, "batch").orElse(isBase ? BatchSize.ALL : d.batch());
    boolean autoRollback = r.bool("auto-rollback").orElse(isBase || d.autoRollback());
    Duration lockStale =
        r.duration("lock-stale").orElse(isBase ? Duration.ofHours(2) : d.lockStale());
    Duration timeout = r.duration("timeout").orElse(isBase ? Duration.ofMinutes(10) : d.timeout());
    if (timeout.isZero()) {
      r.problems().error(r.valueLocation("timeout"), "'timeout' must be longer than zero");
      timeout = Duration.ofMinutes(10);
    }
    int attempts = isBase ? 30 : d.verifyAttempts();
    Duration interval = isBase ? Duration.ofSeconds(1) : d.verifyInterval();
    Optional<MappingReader> verify = r.mapping("verify", "'" + key() + ".verify'");
    if (verify.isPresent()) {
      attempts = verify.get().integer("attempts", 1, 10_000).orElse(attempts);
      interval = verify.get().duration("interval").orElse(interval);
      verify.get().finish();
    }
    Optional<String> test = r.string("test").or(() -> isBase ? Optional.empty() : d.test());
    Optional<String> promoteFrom =
        r.string("promote-from").or(() -> isBase ? Optional.empty() : d.promoteFrom());
    if (r.node("promote-from").isPresent() && promoteFrom.isPresent()) {
      String from = promoteFrom.get();
      if (cluster.stage(from).isEmpty()) {
        r.problems()
            .error(
                r.valueLocation("promote-from"),
                "'promote-from' of "
                    + r.what()
                    + " names stage '"
                    + from
                    + "', which does not exist",
                Names.hint(from, cluster.stages().keySet()));
      } else if (from.equals(stage)) {
        r.problems()
            .error(r.valueLocation("promote-from"), "a stage cannot be promoted from itself");
      }
    }
    boolean tag = r.bool("tag").orElse(!isBase && d.tag());
    Optional<DeploySettings.Drain> drain =
        r.mapping("drain", "'" + key() + ".drain'")
            .map(this::drain)
            .or(() -> isBase ? Optional.empty() : d.drain());
    Optional<DeploySettings.MonitorApi> monitor =
        r.mapping("monitor", "'" + key() + ".monitor'")
            .map(this::monitor)
            .or(() -> isBase ? Optional.empty() : d.monitor());
    r.allow(KEYS.toArray(String[]::new));
    r.finish();
    return new DeploySettings(
        repository,
        branch,
        path,
        keep,
        files,
        dirs,
        roles,
        batch,
        autoRollback,
        lockStale,
        timeout,
        attempts,
        interval,
        test,
        promoteFrom,
        tag,
        drain,
        monitor);
  }

  private static final java.util.regex.Pattern SAFE_PATH =
      java.util.regex.Pattern.compile("[A-Za-z0-9._/-]+");

  private Map<String, RoleHooks> roles(MappingReader r, Cluster cluster) {
    Map<String, RoleHooks> out = new LinkedHashMap<>();
    for (MappingReader.Named n : r.named("roles", name -> "deploy role '" + name + "'")) {
      if (cluster.role(n.name()).isEmpty()) {
        r.problems()
            .error(
                n.location(),
                "deploy role '" + n.name() + "' is not a role of the model",
                Names.hint(n.name(), cluster.roles().keySet()));
      }
      MappingReader h = n.reader();
      List<String> build = h.stringList("build");
      RoleHooks hooks =
          new RoleHooks(
              n.name(),
              build,
              h.string("migrate"),
              h.string("restart"),
              h.string("reload"),
              h.string("verify"),
              batch(h, "batch"));
      h.finish();
      out.put(n.name(), hooks);
    }
    return out;
  }

  private static Optional<BatchSize> batch(MappingReader r, String key) {
    Optional<String> text = r.string(key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Optional<BatchSize> b = BatchSize.parse(text.get());
    if (b.isEmpty()) {
      r.problems()
          .error(
              r.valueLocation(key),
              "'"
                  + key
                  + "' of "
                  + r.what()
                  + " must be a number of hosts or a percentage, not '"
                  + text.get()
                  + "'",
              "e.g. batch: 2 or batch: 25%");
    }
    return b;
  }

  private static List<String> linked(MappingReader r, String key, List<String> fallback) {
    if (r.node(key).isEmpty()) {
      return fallback;
    }
    List<String> out = r.stringList(key);
    for (String p : out) {
      if (p.startsWith("/")
          || List.of(p.split("/")).contains("..")
          || !SAFE_PATH.matcher(p).matches()) {
        r.problems()
            .error(
                r.valueLocation(key),
                "'"
                    + p
                    + "' in '"
                    + key
                    + "' must be a path inside the release (no leading /, no ..)",
                "e.g. config/database.yml");
      }
    }
    return out;
  }

  private DeploySettings.Drain drain(MappingReader r) {
    int port = r.port("port").orElse(0);
    if (r.absentWithoutTypo("port")) {
      r.problems().error(r.location(), r.what() + " needs 'port' (the edges' edge.admin.port)");
    }
    String token = r.requiredString("token").orElse("");
    Duration wait = r.duration("wait").orElse(Duration.ofSeconds(30));
    r.finish();
    return new DeploySettings.Drain(port, token, wait);
  }

  private DeploySettings.MonitorApi monitor(MappingReader r) {
    String api = r.requiredString("api").orElse("127.0.0.1:9180");
    if (!api.matches("[A-Za-z0-9.\\-\\[\\]:]+:[0-9]{1,5}")) {
      r.problems()
          .error(
              r.valueLocation("api"),
              "'api' of " + r.what() + " must be HOST:PORT, not '" + api + "'");
    }
    String token = r.requiredString("token").orElse("");
    Duration downtime = r.duration("downtime").orElse(Duration.ofMinutes(15));
    r.finish();
    return new DeploySettings.MonitorApi(api, token, downtime);
  }

  /** A local repository path is taken relative to the model's directory; URLs stay as they are. */
  static String repositoryPath(String given, Path modelFile) {
    boolean url = given.contains("://") || given.matches("[^/]+@[^/]+:.*");
    if (url) {
      return given;
    }
    Path base = modelFile.toAbsolutePath().getParent();
    return base.resolve(given).normalize().toString();
  }
}
