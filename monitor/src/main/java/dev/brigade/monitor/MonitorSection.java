package dev.brigade.monitor;

import dev.brigade.model.Cluster;
import dev.brigade.model.Durations;
import dev.brigade.model.Location;
import dev.brigade.model.MappingReader;
import dev.brigade.model.SectionContext;
import dev.brigade.model.SectionType;
import dev.brigade.model.YamlNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads and validates the {@code monitor:} section of the model; see {@link MonitorSettings}. */
public final class MonitorSection implements SectionType<MonitorSettings> {
  /** The section, for {@code cluster.section(MonitorSection.TYPE)}. */
  public static final MonitorSection TYPE = new MonitorSection();

  /** The options each check type takes; the first {@code required} of them must be given. */
  private record TypeOptions(List<String> required, List<String> optional) {
    List<String> all() {
      List<String> a = new ArrayList<>(required);
      a.addAll(optional);
      return a;
    }
  }

  private static final Map<String, TypeOptions> TYPES = new LinkedHashMap<>();

  static {
    TYPES.put("tcp", new TypeOptions(List.of("port"), List.of("warning", "critical")));
    TYPES.put(
        "http",
        new TypeOptions(List.of("port"), List.of("path", "expect", "body", "warning", "critical")));
    TYPES.put(
        "https",
        new TypeOptions(
            List.of("port"),
            List.of(
                "path", "expect", "body", "warning", "critical", "cert-warning", "cert-critical")));
    TYPES.put(
        "dns",
        new TypeOptions(List.of("name"), List.of("server", "expect", "warning", "critical")));
    TYPES.put(
        "memcached",
        new TypeOptions(
            List.of(),
            List.of(
                "port", "hit-ratio-warning", "hit-ratio-critical", "evictions", "connections")));
    TYPES.put(
        "mysql",
        new TypeOptions(
            List.of(),
            List.of("port", "user", "password", "replication", "warning", "critical", "query")));
    TYPES.put(
        "smtp", new TypeOptions(List.of(), List.of("port", "starttls", "warning", "critical")));
    TYPES.put("nrpe", new TypeOptions(List.of("command"), List.of("port", "args", "tls")));
    TYPES.put("ssh", new TypeOptions(List.of("command"), List.of()));
    TYPES.put("command", new TypeOptions(List.of("command"), List.of()));
    TYPES.put("passive", new TypeOptions(List.of(), List.of("freshness", "stale-status")));
    TYPES.put(
        "edge-pool", new TypeOptions(List.of("pool", "port"), List.of("warning", "critical")));
  }

  private static final List<String> TUNING_KEYS =
      List.of(
          "interval",
          "retry-interval",
          "max-attempts",
          "timeout",
          "notification-interval",
          "contacts",
          "escalations",
          "period");

  @Override
  public String key() {
    return "monitor";
  }

  @Override
  public Class<MonitorSettings> valueType() {
    return MonitorSettings.class;
  }

  @Override
  public MonitorSettings read(SectionContext ctx) {
    if (ctx.node().isEmpty()) {
      return MonitorSettings.DEFAULT;
    }
    MappingReader r = ctx.reader("'monitor'");
    Cluster cluster = ctx.cluster();
    ZoneId zone = zone(r, ctx);
    Map<String, MonitorSettings.Contact> contacts = new LinkedHashMap<>();
    for (MappingReader.Named c : r.named("contacts", "contact")) {
      MappingReader cr = c.reader();
      MonitorSettings.Contact contact =
          new MonitorSettings.Contact(
              c.name(),
              cr.string("email"),
              cr.string("webhook"),
              cr.string("command"),
              notifyOptions(cr, c.name(), ctx));
      contact
          .webhook()
          .filter(u -> !u.startsWith("http://") && !u.startsWith("https://"))
          .ifPresent(
              u ->
                  ctx.problems()
                      .error(
                          cr.valueLocation("webhook"),
                          "webhook of contact '" + c.name() + "' is not an http(s) URL"));
      if (contact.email().isEmpty() && contact.webhook().isEmpty() && contact.command().isEmpty()) {
        ctx.problems()
            .error(
                c.location(),
                "contact '" + c.name() + "' has no way to be told",
                "give it an email, a webhook or a command");
      }
      cr.finish();
      contacts.put(c.name(), contact);
    }
    MonitorSettings.Tuning defaults =
        r.mapping("defaults", "'monitor.defaults'")
            .map(d -> tuning(d, contacts, true, ctx, zone))
            .orElse(MonitorSettings.Tuning.INHERIT)
            .over(MonitorSettings.Tuning.DEFAULT);
    Map<String, MonitorSettings.Tuning> roles = new LinkedHashMap<>();
    for (MappingReader.Named n : r.named("roles", "monitor role")) {
      if (cluster.role(n.name()).isEmpty()) {
        ctx.problems()
            .error(
                n.location(),
                "monitor role '" + n.name() + "' is not a role of the model",
                "the roles are: " + String.join(", ", cluster.roles().keySet()));
      }
      roles.put(n.name(), tuning(n.reader(), contacts, true, ctx, zone));
    }
    Optional<MonitorSettings.Email> email = r.mapping("email", "'monitor.email'").map(this::email);
    boolean anyEmail = contacts.values().stream().anyMatch(c -> c.email().isPresent());
    if (anyEmail && email.isEmpty()) {
      ctx.problems()
          .error(
              r.location(),
              "a contact has an email address but 'monitor.email' names no SMTP server",
              "add email: { server: \"smtp.example.com:587\", from: \"brigade@example.com\" }");
    }
    Map<String, MonitorSettings.CheckSpec> checks = new LinkedHashMap<>();
    for (MappingReader.Named n : r.named("checks", "check")) {
      check(n, contacts, ctx, zone).ifPresent(c -> checks.put(c.name(), c));
    }
    List<MonitorSettings.Dependency> deps = new ArrayList<>();
    for (YamlNode item : r.list("dependencies")) {
      MappingReader d = MappingReader.of(item, "a dependency", ctx.problems());
      Optional<String> service = d.requiredString("service");
      Optional<String> on = d.requiredString("on");
      service.ifPresent(s -> reference(s, d.valueLocation("service"), cluster, checks, ctx));
      on.ifPresent(s -> reference(s, d.valueLocation("on"), cluster, checks, ctx));
      d.finish();
      if (service.isPresent() && on.isPresent()) {
        deps.add(new MonitorSettings.Dependency(service.get(), on.get()));
      }
    }
    MonitorSettings.Api api = r.mapping("api", "'monitor.api'").map(this::api).orElse(null);
    Optional<Path> store = r.string("store").map(Path::of);
    Duration retention = r.duration("retention").orElse(Duration.ofDays(90));
    int concurrency = r.integer("concurrency", 1, 100_000).orElse(200);
    int pluginConcurrency =
        r.integer("plugin-concurrency", 1, 1024)
            .orElse(MonitorSettings.DEFAULT.pluginConcurrency());
    r.finish();
    return new MonitorSettings(
        defaults,
        roles,
        contacts,
        email,
        checks,
        deps,
        api == null ? MonitorSettings.Api.DEFAULT : api,
        store,
        retention,
        concurrency,
        pluginConcurrency);
  }

  private static java.util.Set<String> notifyOptions(
      MappingReader r, String contact, SectionContext ctx) {
    if (r.node("notify").isEmpty()) {
      return java.util.Set.copyOf(MonitorSettings.Contact.EVENTS);
    }
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    for (String v : r.stringList("notify")) {
      String e = v.toLowerCase(java.util.Locale.ROOT);
      if (MonitorSettings.Contact.EVENTS.contains(e)) {
        out.add(e);
      } else {
        ctx.problems()
            .error(
                r.valueLocation("notify"),
                "contact '" + contact + "': cannot be told of '" + v + "'",
                "choose from: " + String.join(", ", MonitorSettings.Contact.EVENTS));
      }
    }
    return out;
  }

  private static ZoneId zone(MappingReader r, SectionContext ctx) {
    Optional<String> tz = r.string("timezone");
    if (tz.isPresent()) {
      try {
        return ZoneId.of(tz.get());
      } catch (java.time.DateTimeException e) {
        ctx.problems()
            .error(
                r.valueLocation("timezone"),
                "timezone '" + tz.get() + "' is not known",
                "use a region such as Europe/Berlin or UTC");
      }
    }
    return ZoneId.systemDefault();
  }

  private MonitorSettings.Tuning tuning(
      MappingReader r,
      Map<String, MonitorSettings.Contact> contacts,
      boolean finish,
      SectionContext ctx,
      ZoneId zone) {
    Optional<List<String>> people =
        r.node("contacts").isPresent() ? Optional.of(r.stringList("contacts")) : Optional.empty();
    people.ifPresent(
        list -> {
          for (String c : list) {
            if (!contacts.containsKey(c)) {
              ctx.problems()
                  .error(
                      r.valueLocation("contacts"),
                      "contact '" + c + "' is not defined under 'monitor.contacts'",
                      contacts.isEmpty()
                          ? "define it: contacts: { " + c + ": { email: ... } }"
                          : "the contacts are: " + String.join(", ", contacts.keySet()));
            }
          }
        });
    List<CheckPolicy.Escalation> escalations = new ArrayList<>();
    for (YamlNode item : r.list("escalations")) {
      MappingReader e = MappingReader.of(item, "an escalation", ctx.problems());
      int first = e.integer("first", 1, 1_000_000).orElse(1);
      int last = e.integer("last", 0, 1_000_000).orElse(0);
      List<String> to = e.stringList("contacts");
      to.stream()
          .filter(c -> !contacts.containsKey(c))
          .forEach(
              c ->
                  ctx.problems()
                      .error(
                          e.valueLocation("contacts"),
                          "contact '" + c + "' is not defined under 'monitor.contacts'"));
      e.finish();
      escalations.add(new CheckPolicy.Escalation(first, last, to));
    }
    Optional<CheckPeriod> period = Optional.empty();
    Optional<String> periodText = r.string("period");
    if (periodText.isPresent()) {
      try {
        period = Optional.of(CheckPeriod.parse(periodText.get(), zone));
      } catch (IllegalArgumentException e) {
        ctx.problems()
            .error(
                r.valueLocation("period"),
                "period: " + e.getMessage(),
                "write 24x7 or windows such as: mon-fri 08:00-18:00, sat 10:00-14:00");
      }
    }
    Optional<String> hostCheck = r.string("host-check");
    hostCheck
        .filter(h -> !h.equals("ping") && !h.equals("none") && !h.matches("tcp:[0-9]{1,5}"))
        .ifPresent(
            h ->
                ctx.problems()
                    .error(
                        r.valueLocation("host-check"),
                        "host-check is '" + h + "'",
                        "use ping, tcp:PORT or none"));
    MonitorSettings.Tuning t =
        new MonitorSettings.Tuning(
            positive(r, "interval", ctx),
            positive(r, "retry-interval", ctx),
            r.integer("max-attempts", 1, 100),
            positive(r, "timeout", ctx),
            r.duration("notification-interval"),
            people,
            escalations.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(escalations)),
            hostCheck,
            period);
    if (finish) {
      r.finish();
    }
    return t;
  }

  private static Optional<Duration> positive(MappingReader r, String key, SectionContext ctx) {
    Optional<Duration> d = r.duration(key);
    if (d.isPresent() && (d.get().isZero() || d.get().isNegative())) {
      ctx.problems().error(r.valueLocation(key), "'" + key + "' must be more than zero");
      return Optional.empty();
    }
    return d;
  }

  private Optional<MonitorSettings.CheckSpec> check(
      MappingReader.Named n,
      Map<String, MonitorSettings.Contact> contacts,
      SectionContext ctx,
      ZoneId zone) {
    MappingReader r = n.reader();
    Cluster cluster = ctx.cluster();
    Optional<String> host = r.string("host");
    Optional<String> role = r.string("role");
    if (host.isPresent() == role.isPresent()) {
      ctx.problems()
          .error(
              n.location(),
              "check '" + n.name() + "' needs exactly one of 'host' and 'role'",
              "host: NAME runs it for one host, role: NAME for every host of the role");
    }
    host.filter(h -> cluster.host(h).isEmpty())
        .ifPresent(
            h ->
                ctx.problems()
                    .error(
                        r.valueLocation("host"),
                        "check '" + n.name() + "': no host '" + h + "' in the model",
                        "the hosts are: " + String.join(", ", cluster.hosts().keySet())));
    role.filter(x -> cluster.role(x).isEmpty())
        .ifPresent(
            x ->
                ctx.problems()
                    .error(
                        r.valueLocation("role"),
                        "check '" + n.name() + "': no role '" + x + "' in the model",
                        "the roles are: " + String.join(", ", cluster.roles().keySet())));
    if (n.name().contains("/") || n.name().isBlank()) {
      ctx.problems().error(n.location(), "check name '" + n.name() + "' must not contain '/'");
    }
    Optional<String> type = r.oneOf("type", List.copyOf(TYPES.keySet()));
    if (r.node("type").isEmpty()) {
      ctx.problems()
          .error(
              n.location(),
              "check '" + n.name() + "' has no type",
              "types: " + String.join(", ", TYPES.keySet()));
    }
    MonitorSettings.Tuning tuning = tuning(r, contacts, false, ctx, zone);
    Map<String, String> options = new LinkedHashMap<>();
    if (type.isPresent()) {
      TypeOptions to = TYPES.get(type.get());
      for (String key : to.all()) {
        Optional<YamlNode> v = r.node(key);
        if (v.isEmpty()) {
          if (to.required().contains(key)) {
            ctx.problems()
                .error(
                    n.location(),
                    "check '" + n.name() + "' of type " + type.get() + " needs '" + key + "'");
          }
          continue;
        }
        if (v.get() instanceof YamlNode.Sequence) {
          options.put(key, String.join("\n", r.stringList(key)));
        } else {
          r.string(key).ifPresent(s -> options.put(key, s));
        }
      }
      validateOptions(n.name(), type.get(), options, r, ctx);
    }
    r.allow("host", "role", "type");
    r.allow(TUNING_KEYS.toArray(String[]::new));
    r.finish();
    if (type.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new MonitorSettings.CheckSpec(n.name(), host, role, type.get(), options, tuning));
  }

  private static void validateOptions(
      String check, String type, Map<String, String> options, MappingReader r, SectionContext ctx) {
    if (type.equals("mysql")) {
      boolean replication = options.getOrDefault("replication", "false").matches("(?i)true|yes|on");
      boolean query = options.containsKey("query");
      if (replication && query) {
        ctx.problems()
            .error(
                r.valueLocation("query"),
                "check '" + check + "' has both 'replication' and 'query'",
                "make two checks: one judges the replica's lag, the other a query's value");
      } else if (!replication && !query) {
        for (String key : List.of("warning", "critical")) {
          if (options.containsKey(key)) {
            ctx.problems()
                .error(
                    r.valueLocation(key),
                    "'" + key + "' of check '" + check + "' judges nothing",
                    "it applies to the replica's lag (replication: true) or to a query's value"
                        + " (query: \"SELECT ...\")");
          }
        }
      }
    }
    for (Map.Entry<String, String> e : options.entrySet()) {
      String key = e.getKey();
      String v = e.getValue();
      String problem =
          switch (key) {
            case "port" ->
                v.matches("[0-9]{1,5}") && Integer.parseInt(v) <= 65535 ? null : "is not a port";
            case "expect" ->
                type.equals("dns")
                    ? (isAddress(v) ? null : "is not an IP address")
                    : (v.matches("[1-5][0-9][0-9](\\s*,\\s*[1-5][0-9][0-9]){0,19}")
                        ? null
                        : "is not an HTTP status such as 200, or a list such as 200,301");
            case "server" -> dnsServer(v) != null ? null : "is not IP or IP:PORT";
            case "query" ->
                v.isBlank() || v.length() > 4096 ? "must be 1 to 4096 characters" : null;
            case "cert-warning", "cert-critical" ->
                v.matches("[0-9]{1,4}") ? null : "is not a number of days such as 30";
            case "warning",
                "critical",
                "hit-ratio-warning",
                "hit-ratio-critical",
                "evictions",
                "connections" ->
                rangeProblem(v);
            case "freshness" -> durationProblem(v);
            case "replication", "tls", "starttls" ->
                v.matches("(?i)true|false|yes|no|on|off") ? null : "must be true or false";
            case "stale-status" ->
                v.matches("(?i)warning|critical|unknown")
                    ? null
                    : "must be warning, critical or unknown";
            default -> null;
          };
      if (problem != null) {
        ctx.problems()
            .error(r.valueLocation(key), "'" + key + "' of check '" + check + "' " + problem);
      }
    }
  }

  /** An IP address literal. */
  static boolean isAddress(String v) {
    if (!v.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*") || v.length() > 45) {
      return false;
    }
    try {
      java.net.InetAddress.getByName(v);
      return true;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /**
   * A DNS server as {@code IP}, {@code IP:PORT} or {@code [IPv6]:PORT}: the address and port, or
   * null when it is neither.
   */
  static java.util.Map.Entry<String, Integer> dnsServer(String v) {
    String host = v;
    int port = 53;
    java.util.regex.Matcher bracketed =
        java.util.regex.Pattern.compile("\\[([0-9a-fA-F:.]+)](?::([0-9]{1,5}))?").matcher(v);
    java.util.regex.Matcher v4 =
        java.util.regex.Pattern.compile("([0-9.]+):([0-9]{1,5})").matcher(v);
    if (bracketed.matches()) {
      host = bracketed.group(1);
      port = bracketed.group(2) == null ? 53 : Integer.parseInt(bracketed.group(2));
    } else if (v4.matches()) {
      host = v4.group(1);
      port = Integer.parseInt(v4.group(2));
    }
    return isAddress(host) && port >= 1 && port <= 65535 ? java.util.Map.entry(host, port) : null;
  }

  private static String rangeProblem(String v) {
    try {
      Range.parse(v);
      return null;
    } catch (IllegalArgumentException e) {
      return "is not a Nagios range: " + e.getMessage();
    }
  }

  private static String durationProblem(String v) {
    try {
      Durations.parse(v);
      return null;
    } catch (IllegalArgumentException e) {
      return "is not a duration such as 26h";
    }
  }

  private static void reference(
      String ref,
      Location where,
      Cluster cluster,
      Map<String, MonitorSettings.CheckSpec> checks,
      SectionContext ctx) {
    int slash = ref.indexOf('/');
    if (slash <= 0 || slash == ref.length() - 1) {
      ctx.problems().error(where, "'" + ref + "' is not HOST/SERVICE or ROLE/SERVICE");
      return;
    }
    String first = ref.substring(0, slash);
    String service = ref.substring(slash + 1);
    if (cluster.host(first).isEmpty() && cluster.role(first).isEmpty()) {
      ctx.problems().error(where, "'" + first + "' in '" + ref + "' is neither a host nor a role");
      return;
    }
    boolean known =
        checks.containsKey(service)
            || cluster.roles().values().stream()
                .anyMatch(r -> r.services().stream().anyMatch(s -> s.name().equals(service)));
    if (!known) {
      ctx.problems()
          .error(where, "'" + service + "' in '" + ref + "' is neither a service nor a check");
    }
  }

  private MonitorSettings.Email email(MappingReader r) {
    String server = r.requiredString("server").orElse("localhost");
    boolean starttls = r.bool("starttls").orElse(true);
    String host = server;
    int port = starttls ? 587 : 25;
    int colon = server.lastIndexOf(':');
    if (colon > 0 && !server.endsWith("]")) {
      host = server.substring(0, colon);
      try {
        port = Integer.parseInt(server.substring(colon + 1));
      } catch (NumberFormatException e) {
        r.problems().error(r.valueLocation("server"), "'server' is not HOST or HOST:PORT");
      }
    }
    MonitorSettings.Email email =
        new MonitorSettings.Email(
            host,
            port,
            starttls,
            r.string("user"),
            r.string("password"),
            r.string("from").orElse("brigade@localhost"));
    r.finish();
    return email;
  }

  private MonitorSettings.Api api(MappingReader r) {
    String listen = r.string("listen").orElse("127.0.0.1:9180");
    String address = "127.0.0.1";
    int port = 9180;
    int colon = listen.lastIndexOf(':');
    try {
      address = colon > 0 ? listen.substring(0, colon) : listen;
      port = colon > 0 ? Integer.parseInt(listen.substring(colon + 1)) : 9180;
    } catch (NumberFormatException e) {
      r.problems().error(r.valueLocation("listen"), "'listen' is not ADDRESS:PORT");
    }
    String token = r.string("token").orElse("");
    r.finish();
    return new MonitorSettings.Api(address, port, token);
  }
}
