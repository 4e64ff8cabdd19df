package dev.brigade.model;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the core of the model (roles, hosts, stages, layers) and hands sections to owners. */
final class ModelReader {
  /** Section keys reserved for parts of Brigade, accepted even before their module is present. */
  static final List<String> RESERVED_SECTIONS =
      List.of("edge", "monitor", "metrics", "deploy", "converge", "plan", "box");

  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,62})");
  private static final String NAME_HINT =
      "use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit";

  private final Problems problems;
  private final List<SectionType<?>> sectionTypes;
  private final List<String> sectionKeys = new ArrayList<>();

  /** True when a stage's host list could not be read, so "in no stage" would be a false alarm. */
  private boolean stagesUnreadable;

  /** Kinds of names not to check, because their section is missing (already reported). */
  private final Set<String> skipReferences = new HashSet<>();

  ModelReader(Problems problems, List<SectionType<?>> sectionTypes) {
    this.problems = problems;
    this.sectionTypes = sectionTypes;
    sectionKeys.addAll(RESERVED_SECTIONS);
    sectionTypes.stream()
        .map(SectionType::key)
        .filter(k -> !sectionKeys.contains(k))
        .forEach(sectionKeys::add);
  }

  Cluster read(YamlNode.Mapping root, Path source) {
    MappingReader r = MappingReader.of(root, "the model", problems);
    String fileName = source.getFileName() == null ? "brigade" : source.getFileName().toString();
    String name = r.string("cluster").orElse(fileName.replaceFirst("\\.ya?ml$", "")).trim();
    Defaults defaults =
        r.mapping("defaults", "'defaults'").map(this::defaults).orElse(Defaults.NONE);
    for (String section : List.of("roles", "hosts")) {
      if (r.node(section).isEmpty()) {
        skipReferences.add(section.substring(0, section.length() - 1));
        if (r.absentWithoutTypo(section)) {
          problems.error(
              root.location(), "the model has no '" + section + ":'", "see examples/minimal.yml");
        }
      }
    }
    Map<String, Role> roles = roles(r, defaults);
    Map<String, Host> hosts = hosts(r, defaults, roles);
    Map<String, YamlNode> sectionNodes = new LinkedHashMap<>();
    for (String key : sectionKeys) {
      r.node(key).ifPresent(n -> sectionNodes.put(key, n));
    }
    Map<String, Map<String, YamlNode>> overrides = new HashMap<>();
    Map<String, Stage> stages = stages(r, hosts, overrides);
    List<Layer> layers = layers(r, roles, stages);
    r.finish();
    if (!stagesUnreadable && (r.node("stages").isPresent() || r.absentWithoutTypo("stages"))) {
      checkEveryHostInAStage(r, hosts, stages);
    }
    checkParents(r, hosts);

    Cluster core = new Cluster(name, source, roles, hosts, stages, layers, Map.of());
    Map<String, Object> sections = new LinkedHashMap<>();
    for (SectionType<?> type : sectionTypes) {
      SectionContext ctx =
          new SectionContext(
              Optional.ofNullable(sectionNodes.get(type.key())),
              overrides.getOrDefault(type.key(), Map.of()),
              core,
              problems);
      Object value = type.read(ctx);
      if (!type.readsStageOverrides()) {
        ctx.stageOverrides()
            .forEach(
                (stage, node) ->
                    problems.error(
                        node.location(),
                        "stage '"
                            + stage
                            + "' overrides '"
                            + type.key()
                            + "', which has no per-stage settings",
                        "move these settings to the top-level '" + type.key() + ":' section"));
      }
      if (value != null) {
        sections.put(type.key(), value);
      }
    }
    for (Map.Entry<String, YamlNode> raw : sectionNodes.entrySet()) {
      sections.putIfAbsent(raw.getKey(), raw.getValue());
    }
    return new Cluster(name, source, roles, hosts, stages, layers, sections);
  }

  /** Settings under {@code defaults:} that apply to every host and check. */
  private record Defaults(
      String user, int port, Optional<Path> key, Duration interval, Duration timeout) {
    static final Defaults NONE =
        new Defaults(
            SshSettings.DEFAULT.user(),
            SshSettings.DEFAULT.port(),
            Optional.empty(),
            HealthCheck.DEFAULT_INTERVAL,
            HealthCheck.DEFAULT_TIMEOUT);
  }

  private Defaults defaults(MappingReader d) {
    SshSettings ssh =
        d.mapping("ssh", "'defaults.ssh'")
            .map(s -> ssh(s, SshSettings.DEFAULT))
            .orElse(SshSettings.DEFAULT);
    Duration interval = HealthCheck.DEFAULT_INTERVAL;
    Duration timeout = HealthCheck.DEFAULT_TIMEOUT;
    Optional<MappingReader> check = d.mapping("check", "'defaults.check'");
    if (check.isPresent()) {
      interval = ServiceReader.positive(check.get(), "interval", problems).orElse(interval);
      timeout = ServiceReader.positive(check.get(), "timeout", problems).orElse(timeout);
      check.get().finish();
    }
    d.finish();
    return new Defaults(ssh.user(), ssh.port(), ssh.key(), interval, timeout);
  }

  private SshSettings ssh(MappingReader s, SshSettings base) {
    String user = s.string("user").orElse(base.user());
    int port = s.port("port").orElse(base.port());
    Optional<Path> key = s.string("key").map(ModelReader::expandHome).or(base::key);
    s.finish();
    return new SshSettings(user, port, key);
  }

  /** {@code ~/x} means x in the home folder of the user running Brigade, as in a shell. */
  static Path expandHome(String path) {
    if (path.equals("~") || path.startsWith("~/")) {
      return Path.of(System.getProperty("user.home"), path.substring(1).replaceFirst("^/", ""));
    }
    return Path.of(path);
  }

  private Map<String, Role> roles(MappingReader r, Defaults defaults) {
    Map<String, Role> roles = new LinkedHashMap<>();
    for (MappingReader.Named n : r.named("roles", "role")) {
      checkName(n, "role");
      MappingReader role = n.reader();
      String description = role.string("description").orElse("");
      List<Service> services = new ArrayList<>();
      Map<Integer, String> ports = new HashMap<>();
      for (MappingReader.Named s :
          role.named("services", sn -> "service '" + n.name() + "/" + sn + "'")) {
        checkName(s, "service");
        Service service =
            new ServiceReader(problems, defaults.interval(), defaults.timeout()).service(s);
        String other = ports.putIfAbsent(service.port(), s.name());
        if (other != null && service.port() > 0) {
          problems.error(
              s.reader().keyLocation("port"),
              "role '"
                  + n.name()
                  + "': services '"
                  + other
                  + "' and '"
                  + s.name()
                  + "' both use port "
                  + service.port(),
              "give each service its own port");
        }
        services.add(service);
      }
      role.finish();
      roles.put(n.name(), new Role(n.name(), description, services));
    }
    return roles;
  }

  private Map<String, Host> hosts(MappingReader r, Defaults defaults, Map<String, Role> roles) {
    Map<String, Host> hosts = new LinkedHashMap<>();
    SshSettings baseSsh = new SshSettings(defaults.user(), defaults.port(), defaults.key());
    for (MappingReader.Named n : r.named("hosts", "host")) {
      checkName(n, "host");
      MappingReader h = n.reader();
      h.allow("description");
      h.string("description");
      String address = h.requiredString("address").orElse("");
      if (!address.isEmpty()) {
        String wrong = Addresses.problem(address);
        if (wrong != null) {
          problems.error(
              h.node("address").orElseThrow().location(),
              "address '" + Suggestions.shorten(address) + "' of host '" + n.name() + "' " + wrong,
              "write an IPv4 or IPv6 address or a DNS name, e.g. 10.0.0.11 or web1.example.com");
        }
      }
      List<String> hostRoles = references(h, "roles", "role", roles.keySet(), n.name());
      if (h.absentWithoutTypo("roles")) {
        problems.error(n.location(), "host '" + n.name() + "' needs 'roles'", "e.g. roles: [app]");
      }
      checkPorts(h, n.name(), hostRoles, roles);
      SshSettings ssh =
          h.mapping("ssh", "ssh of host '" + n.name() + "'")
              .map(s -> ssh(s, baseSsh))
              .orElse(baseSsh);
      Map<String, String> labels = h.stringMap("labels");
      List<String> parents = h.stringList("parents");
      h.finish();
      hosts.put(n.name(), new Host(n.name(), address, ssh, hostRoles, labels, parents));
    }
    return hosts;
  }

  /** Names in a list that must refer to existing things; unknown ones are reported and dropped. */
  private List<String> references(
      MappingReader r, String key, String kind, Set<String> existing, String owner) {
    List<String> out = new ArrayList<>();
    for (YamlNode item : r.list(key)) {
      if (!(item instanceof YamlNode.Scalar s) || s.isNull()) {
        problems.error(
            item.location(),
            "each of '"
                + key
                + "' of "
                + owner
                + " must be a "
                + kind
                + " name, not "
                + item.kind());
        continue;
      }
      String name = s.value();
      if (!existing.contains(name) && !skipReferences.contains(kind)) {
        String hint = Suggestions.hint(name, existing);
        problems.error(
            s.location(),
            kind + " '" + Suggestions.shorten(name) + "' of " + owner + " does not exist",
            hint.isEmpty() ? "define it under '" + kind + "s:'" : hint);
      } else if (!existing.contains(name)) {
        continue;
      } else if (out.contains(name)) {
        problems.error(s.location(), kind + " '" + name + "' is listed twice in " + owner);
      } else {
        out.add(name);
      }
    }
    return List.copyOf(out);
  }

  private void checkPorts(
      MappingReader h, String host, List<String> hostRoles, Map<String, Role> roles) {
    Map<Integer, String> used = new HashMap<>();
    for (String roleName : hostRoles) {
      for (Service s : roles.get(roleName).services()) {
        String mine = roleName + "/" + s.name();
        String other = used.putIfAbsent(s.port(), mine);
        if (other != null && s.port() > 0 && !other.startsWith(roleName + "/")) {
          problems.error(
              h.keyLocation("roles"),
              "host '"
                  + host
                  + "': port "
                  + s.port()
                  + " is used by both "
                  + other
                  + " and "
                  + mine,
              "change one role's port or give the roles to different hosts");
        }
      }
    }
  }

  private Map<String, Stage> stages(
      MappingReader r, Map<String, Host> hosts, Map<String, Map<String, YamlNode>> overrides) {
    Map<String, Stage> stages = new LinkedHashMap<>();
    for (MappingReader.Named n : r.named("stages", "stage")) {
      checkName(n, "stage");
      MappingReader s = n.reader();
      String description = s.string("description").orElse("");
      List<String> members =
          references(s, "hosts", "host", hosts.keySet(), "stage '" + n.name() + "'");
      boolean emptyList =
          s.node("hosts")
              .filter(h -> h instanceof YamlNode.Sequence q && q.items().isEmpty())
              .isPresent();
      if (s.absentWithoutTypo("hosts") || emptyList) {
        problems.error(
            n.location(), "stage '" + n.name() + "' has no hosts", "add 'hosts: [name, ...]'");
      }
      if (s.node("hosts").filter(h -> !(h instanceof YamlNode.Sequence)).isPresent()) {
        stagesUnreadable = true;
      }
      Map<String, String> vars = s.stringMap("vars");
      Map<String, YamlNode> own = new LinkedHashMap<>();
      for (String key : sectionKeys) {
        s.node(key)
            .ifPresent(
                v -> {
                  own.put(key, v);
                  overrides.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(n.name(), v);
                });
      }
      s.finish();
      stages.put(n.name(), new Stage(n.name(), description, members, vars, own));
    }
    return stages;
  }

  private List<Layer> layers(MappingReader r, Map<String, Role> roles, Map<String, Stage> stages) {
    List<Layer> layers = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (YamlNode item : r.list("layers")) {
      MappingReader l = MappingReader.of(item, "a layer", problems);
      String name = l.requiredString("name").orElse("");
      if (!name.isEmpty() && !names.add(name)) {
        problems.error(l.keyLocation("name"), "layer '" + name + "' is defined twice");
      }
      String what = "layer '" + name + "'";
      Optional<String> role = roleRef(l, what, roles);
      String service = role.map(ro -> serviceRef(l, what, roles.get(ro))).orElse("");
      List<Pool> pools = new ArrayList<>();
      for (MappingReader.Named p : l.named("pools", "pool")) {
        checkName(p, "pool");
        MappingReader pr = p.reader();
        String pw = "pool '" + p.name() + "' of " + what;
        Optional<String> pRole = roleRef(pr, pw, roles);
        if (pr.absentWithoutTypo("role")) {
          problems.error(p.location(), pw + " needs a 'role'");
        }
        String pService = pRole.map(ro -> serviceRef(pr, pw, roles.get(ro))).orElse("");
        Optional<String> stage = pr.string("stage");
        if (stage.isPresent() && !stages.containsKey(stage.get())) {
          problems.error(
              pr.valueLocation("stage"),
              "stage '" + stage.get() + "' of " + pw + " does not exist",
              Suggestions.hint(stage.get(), stages.keySet()));
          stage = Optional.empty();
        }
        pr.finish();
        pools.add(new Pool(p.name(), pRole.orElse(""), pService, stage));
      }
      l.finish();
      layers.add(new Layer(name, role.orElse(""), service, pools));
    }
    return layers;
  }

  private Optional<String> roleRef(MappingReader r, String what, Map<String, Role> roles) {
    Optional<String> role = r.string("role");
    if (role.isPresent() && !roles.containsKey(role.get()) && skipReferences.contains("role")) {
      return Optional.empty();
    }
    if (role.isPresent() && !roles.containsKey(role.get())) {
      String hint = Suggestions.hint(role.get(), roles.keySet());
      problems.error(
          r.valueLocation("role"),
          "role '" + Suggestions.shorten(role.get()) + "' of " + what + " does not exist",
          hint);
      return Optional.empty();
    }
    return role;
  }

  /** The named service of the role, or its only service when none is named. */
  private String serviceRef(MappingReader r, String what, Role role) {
    Optional<String> service = r.string("service");
    List<String> names = role.services().stream().map(Service::name).toList();
    if (service.isEmpty()) {
      if (names.size() == 1) {
        return names.getFirst();
      }
      problems.error(
          r.location(),
          what
              + " needs 'service': role '"
              + role.name()
              + "' has "
              + (names.isEmpty() ? "no services" : "several: " + String.join(", ", names)));
      return "";
    }
    if (!names.contains(service.get())) {
      problems.error(
          r.valueLocation("service"),
          "role '"
              + role.name()
              + "' has no service '"
              + Suggestions.shorten(service.get())
              + "' ("
              + what
              + ")",
          Suggestions.hint(service.get(), names));
      return "";
    }
    return service.get();
  }

  private void checkEveryHostInAStage(
      MappingReader r, Map<String, Host> hosts, Map<String, Stage> stages) {
    Set<String> staged = new HashSet<>();
    stages.values().forEach(s -> staged.addAll(s.hosts()));
    for (MappingReader.Named n : namedAgain(r, "hosts")) {
      if (hosts.containsKey(n.name()) && !staged.contains(n.name())) {
        problems.error(
            n.location(),
            "host '" + n.name() + "' is in no stage",
            stages.isEmpty()
                ? "add a 'stages:' section listing it"
                : "add it to the hosts of a stage: " + String.join(", ", stages.keySet()));
      }
    }
  }

  private void checkParents(MappingReader r, Map<String, Host> hosts) {
    for (MappingReader.Named n : namedAgain(r, "hosts")) {
      Host h = hosts.get(n.name());
      if (h == null) {
        continue;
      }
      for (String p : h.parents()) {
        Location at = n.reader().valueLocation("parents");
        if (!hosts.containsKey(p)) {
          problems.error(
              at,
              "parent '" + Suggestions.shorten(p) + "' of host '" + h.name() + "' does not exist",
              Suggestions.hint(p, hosts.keySet()));
        } else if (reaches(hosts, p, h.name(), new HashSet<>())) {
          problems.error(
              at,
              "host '" + h.name() + "' is its own parent through '" + p + "'",
              "parents must form a tree");
        }
      }
    }
  }

  private static boolean reaches(
      Map<String, Host> hosts, String from, String target, Set<String> visited) {
    if (from.equals(target)) {
      return true;
    }
    if (!visited.add(from) || !hosts.containsKey(from)) {
      return false;
    }
    return hosts.get(from).parents().stream().anyMatch(p -> reaches(hosts, p, target, visited));
  }

  /**
   * The named entries of {@code key} again, for checks after the first read; problems the first
   * read reported are not repeated, as {@link Problems} drops exact duplicates.
   */
  private static List<MappingReader.Named> namedAgain(MappingReader r, String key) {
    return r.named(key, key.substring(0, key.length() - 1));
  }

  private void checkName(MappingReader.Named n, String kind) {
    if (!NAME.matcher(n.name()).matches()) {
      problems.error(
          n.location(),
          kind + " name '" + Suggestions.shorten(n.name()) + "' is not valid",
          NAME_HINT);
    }
  }
}
