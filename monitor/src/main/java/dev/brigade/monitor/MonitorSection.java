package dev.brigade.monitor;

import dev.brigade.model.Cluster;
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

  private static final List<String> TUNING_KEYS =
      List.of(
          "interval",
          "retry-interval",
          "max-attempts",
          "timeout",
          "notification-interval",
          "contacts",
          "escalations",
          "period",
          "notification-period",
          "first-notification-delay");

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
      return java.util.Set.copyOf(MonitorSettings.Contact.DEFAULT_EVENTS);
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
    Optional<CheckPeriod> period = period(r, "period", ctx, zone);
    Optional<CheckPeriod> notificationPeriod = period(r, "notification-period", ctx, zone);
    Optional<Duration> firstDelay = r.duration("first-notification-delay");
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
                period)
            .withNotifications(notificationPeriod, firstDelay);
    if (finish) {
      r.finish();
    }
    return t;
  }

  private static Optional<CheckPeriod> period(
      MappingReader r, String key, SectionContext ctx, ZoneId zone) {
    try {
      return r.string(key).map(text -> CheckPeriod.parse(text, zone));
    } catch (IllegalArgumentException e) {
      ctx.problems()
          .error(
              r.valueLocation(key),
              key + ": " + e.getMessage(),
              "write 24x7 or windows such as: mon-fri 08:00-18:00, sat 10:00-14:00");
      return Optional.empty();
    }
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
    Optional<String> type = r.oneOf("type", CheckType.names());
    if (r.node("type").isEmpty()) {
      ctx.problems()
          .error(
              n.location(),
              "check '" + n.name() + "' has no type",
              "types: " + String.join(", ", CheckType.names()));
    }
    MonitorSettings.Tuning tuning = tuning(r, contacts, false, ctx, zone);
    Optional<? extends CheckOptions> options =
        type.flatMap(
            t ->
                CheckType.find(t)
                    .orElseThrow()
                    .read(new CheckReader(r, n.name(), t, n.location())));
    r.allow("host", "role", "type");
    r.allow(TUNING_KEYS.toArray(String[]::new));
    r.finish();
    if (type.isEmpty() || options.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new MonitorSettings.CheckSpec(n.name(), host, role, type.get(), options.get(), tuning));
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
