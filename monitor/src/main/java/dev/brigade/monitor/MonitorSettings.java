package dev.brigade.monitor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code monitor:} section of {@code brigade.yml}: how often things are checked, who is told,
 * and the checks the roles' services do not imply.
 *
 * <pre>{@code
 * monitor:
 *   defaults: { interval: 1m, retry-interval: 20s, max-attempts: 3, timeout: 10s,
 *               notification-interval: 30m, contacts: [ops], host-check: ping }
 *   roles:
 *     db: { interval: 30s, contacts: [ops, dba] }
 *   contacts:
 *     ops: { email: ops@example.com }
 *     chat: { webhook: "https://hooks.slack.com/services/T000/B000/XXXX" }
 *     pager: { command: "/usr/local/bin/page-oncall" }
 *   email: { server: "smtp.example.com:587", starttls: true, user: brigade,
 *            password: "${SMTP_PASSWORD}", from: "brigade@example.com" }
 *   checks:
 *     replication: { role: db, type: mysql, port: 3306, replication: true, user: monitor }
 *     disk: { role: app, type: ssh, command: "check_disk -w 20% -c 10% -p /" }
 *     load: { role: app, type: nrpe, command: check_load }
 *     backup: { host: db1, type: passive, freshness: 26h }
 *   dependencies:
 *     - { service: app/http, on: db/mysql }
 *   api: { listen: "127.0.0.1:9180", token: "${MONITOR_TOKEN}" }
 *   store: /var/lib/brigade/monitor.db
 *   retention: 90d
 *   concurrency: 200
 *   plugin-concurrency: 4
 * }</pre>
 *
 * @param defaults tuning of every check unless a role or check says otherwise
 * @param roles tuning per role
 * @param contacts who can be told, by name
 * @param email the SMTP server email notifications go through, if any contact has an address
 * @param checks the explicit checks, by name
 * @param dependencies service dependencies: a failing master silences its dependents
 * @param api where the monitor's HTTP API listens and the token that changes state
 * @param store the SQLite file state and history are kept in; empty for next to the model
 * @param retention how long the event log is kept
 * @param concurrency most checks running at once
 * @param pluginConcurrency most plugin processes running at once: the cap under which the plugin
 *     runner adapts to measured throughput and machine load (default 16 per core)
 */
public record MonitorSettings(
    Tuning defaults,
    Map<String, Tuning> roles,
    Map<String, Contact> contacts,
    Optional<Email> email,
    Map<String, CheckSpec> checks,
    List<Dependency> dependencies,
    Api api,
    Optional<Path> store,
    Duration retention,
    int concurrency,
    int pluginConcurrency) {

  /** Settings when the model has no {@code monitor:} section. */
  public static final MonitorSettings DEFAULT =
      new MonitorSettings(
          Tuning.DEFAULT,
          Map.of(),
          Map.of(),
          Optional.empty(),
          Map.of(),
          List.of(),
          Api.DEFAULT,
          Optional.empty(),
          Duration.ofDays(90),
          200,
          16 * Runtime.getRuntime().availableProcessors());

  public MonitorSettings {
    roles = Map.copyOf(roles);
    contacts = Map.copyOf(contacts);
    checks = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(checks));
    dependencies = List.copyOf(dependencies);
  }

  /** The tuning of a check of {@code role}, refined by the check's own. */
  public Tuning tuning(Optional<String> role, Tuning own) {
    Tuning t = defaults;
    if (role.isPresent() && roles.containsKey(role.get())) {
      t = roles.get(role.get()).over(t);
    }
    return own.over(t);
  }

  /**
   * How a check is run and judged; each field empty means "inherit".
   *
   * @param interval time between checks
   * @param retryInterval time between checks while a problem is SOFT
   * @param maxAttempts results in a row that make a problem HARD
   * @param timeout how long one check may run
   * @param notificationInterval re-notification while a HARD problem lasts; 0 = once
   * @param contacts who is told
   * @param escalations who is told from a given notification number on
   * @param hostCheck how hosts are checked: {@code ping}, {@code tcp:PORT} or {@code none}
   * @param period when the check runs, e.g. {@code mon-fri 08:00-18:00}
   * @param notificationPeriod when anyone is told ({@code notification-period}, Nagios's
   *     notification_period); a problem found outside it is told when it starts, if it lasts
   * @param firstNotificationDelay how long a HARD problem lasts before anyone is told ({@code
   *     first-notification-delay}, Nagios's first_notification_delay)
   */
  public record Tuning(
      Optional<Duration> interval,
      Optional<Duration> retryInterval,
      Optional<Integer> maxAttempts,
      Optional<Duration> timeout,
      Optional<Duration> notificationInterval,
      Optional<List<String>> contacts,
      Optional<List<CheckPolicy.Escalation>> escalations,
      Optional<String> hostCheck,
      Optional<CheckPeriod> period,
      Optional<CheckPeriod> notificationPeriod,
      Optional<Duration> firstNotificationDelay) {

    /** A tuning that inherits the notification period and first notification delay. */
    public Tuning(
        Optional<Duration> interval,
        Optional<Duration> retryInterval,
        Optional<Integer> maxAttempts,
        Optional<Duration> timeout,
        Optional<Duration> notificationInterval,
        Optional<List<String>> contacts,
        Optional<List<CheckPolicy.Escalation>> escalations,
        Optional<String> hostCheck,
        Optional<CheckPeriod> period) {
      this(
          interval,
          retryInterval,
          maxAttempts,
          timeout,
          notificationInterval,
          contacts,
          escalations,
          hostCheck,
          period,
          Optional.empty(),
          Optional.empty());
    }

    /** This tuning with its own notification period and first notification delay. */
    public Tuning withNotifications(
        Optional<CheckPeriod> notificationPeriod, Optional<Duration> firstNotificationDelay) {
      return new Tuning(
          interval,
          retryInterval,
          maxAttempts,
          timeout,
          notificationInterval,
          contacts,
          escalations,
          hostCheck,
          period,
          notificationPeriod,
          firstNotificationDelay);
    }

    /** Brigade's defaults: every minute, retries every 20 s, 3 attempts, re-notify each 30 min. */
    public static final Tuning DEFAULT =
        new Tuning(
            Optional.of(Duration.ofMinutes(1)),
            Optional.of(Duration.ofSeconds(20)),
            Optional.of(3),
            Optional.of(Duration.ofSeconds(10)),
            Optional.of(Duration.ofMinutes(30)),
            Optional.of(List.of()),
            Optional.of(List.of()),
            Optional.of("ping"),
            Optional.of(CheckPeriod.ALWAYS),
            Optional.of(CheckPeriod.ALWAYS),
            Optional.of(Duration.ZERO));

    /** Nothing set: inherits everything. */
    public static final Tuning INHERIT =
        new Tuning(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());

    /** This tuning with what it leaves empty taken from {@code base}. */
    public Tuning over(Tuning base) {
      return new Tuning(
          interval.or(base::interval),
          retryInterval.or(base::retryInterval),
          maxAttempts.or(base::maxAttempts),
          timeout.or(base::timeout),
          notificationInterval.or(base::notificationInterval),
          contacts.or(base::contacts),
          escalations.or(base::escalations),
          hostCheck.or(base::hostCheck),
          period.or(base::period),
          notificationPeriod.or(base::notificationPeriod),
          firstNotificationDelay.or(base::firstNotificationDelay));
    }

    /** The state-logic policy of a fully resolved tuning. */
    public CheckPolicy policy() {
      return new CheckPolicy(
          maxAttempts.orElse(3),
          interval.orElse(Duration.ofMinutes(1)),
          retryInterval.orElse(Duration.ofSeconds(20)),
          notificationInterval.orElse(Duration.ofMinutes(30)),
          5,
          20,
          contacts.orElse(List.of()),
          escalations.orElse(List.of()),
          notificationPeriod.orElse(CheckPeriod.ALWAYS),
          firstNotificationDelay.orElse(Duration.ZERO));
    }
  }

  /**
   * Someone who can be told: by email, a webhook (JSON POST, Slack-compatible) and/or a command.
   *
   * @param name the contact's name
   * @param email address, if any
   * @param webhook URL, if any
   * @param command command line run with Nagios-like environment variables, if any
   * @param notifyOn what they are told of ({@code notify:} in the model), as Nagios's notification
   *     options: {@code warning}, {@code critical}, {@code unknown}, {@code down}, {@code
   *     unreachable}, {@code recovery}, {@code flapping} (acknowledgements always)
   */
  public record Contact(
      String name,
      Optional<String> email,
      Optional<String> webhook,
      Optional<String> command,
      java.util.Set<String> notifyOn) {
    /** Everything a contact can be told of. */
    public static final List<String> EVENTS =
        List.of("warning", "critical", "unknown", "down", "unreachable", "recovery", "flapping");

    /**
     * What a contact without {@code notify:} is told of: everything but {@code unreachable}, so
     * that the hosts behind a failed parent tell nobody (name it in {@code notify:} to hear of
     * them, as Nagios's {@code u} option).
     */
    public static final List<String> DEFAULT_EVENTS =
        EVENTS.stream().filter(e -> !e.equals("unreachable")).toList();

    public Contact {
      notifyOn = java.util.Set.copyOf(notifyOn);
    }

    /** Names what is set, never a webhook URL or command line (they carry secrets). */
    @Override
    public String toString() {
      return "Contact["
          + name
          + email.map(e -> ", email=" + e).orElse("")
          + webhook.map(w -> ", webhook=****").orElse("")
          + command.map(c -> ", command=****").orElse("")
          + ", notify="
          + new java.util.TreeSet<>(notifyOn)
          + "]";
    }

    /** True when this contact wants to hear of {@code alert}. */
    public boolean wants(Alert alert) {
      return switch (alert.kind()) {
        case "PROBLEM" -> notifyOn.contains(alert.state().toLowerCase(java.util.Locale.ROOT));
        case "RECOVERY" -> notifyOn.contains("recovery");
        case "FLAPPINGSTART", "FLAPPINGSTOP" -> notifyOn.contains("flapping");
        default -> true;
      };
    }
  }

  /**
   * The SMTP server for email notifications.
   *
   * @param host server host
   * @param port server port (587 with STARTTLS, 25 without, by default)
   * @param starttls whether STARTTLS is required
   * @param user login, if the server wants one
   * @param password password (never logged)
   * @param from sender address
   */
  public record Email(
      String host,
      int port,
      boolean starttls,
      Optional<String> user,
      Optional<String> password,
      String from) {
    @Override
    public String toString() {
      return "Email[" + host + ":" + port + ", starttls=" + starttls + ", from=" + from + "]";
    }
  }

  /**
   * An explicit check.
   *
   * @param name its name, the service part of its id ({@code host/name})
   * @param host the one host it runs for, if given
   * @param role the role whose every host it runs for, if given
   * @param type the name of its {@link CheckType}: {@code tcp}, {@code http}, {@code https}, {@code
   *     dns}, {@code memcached}, {@code mysql}, {@code smtp}, {@code nrpe}, {@code ssh}, {@code
   *     command}, {@code passive}, {@code edge-pool}, or a provided one
   * @param options the type's validated options, which build its probe
   * @param tuning its own tuning
   */
  public record CheckSpec(
      String name,
      Optional<String> host,
      Optional<String> role,
      String type,
      CheckOptions options,
      Tuning tuning) {}

  /**
   * A service dependency: while {@code on} has a HARD problem, {@code service} notifies nobody.
   * Each side is {@code host/service} or {@code role/service}.
   *
   * @param service the dependent service
   * @param on the service it depends on
   */
  public record Dependency(String service, String on) {}

  /**
   * The monitor's HTTP API.
   *
   * @param address where it listens (loopback by default)
   * @param port its port
   * @param token bearer token for changes (passive results, downtime, acks); empty = read-only
   */
  public record Api(String address, int port, String token) {
    /** Loopback, port 9180, read-only. */
    public static final Api DEFAULT = new Api("127.0.0.1", 9180, "");

    @Override
    public String toString() {
      return "Api[" + address + ":" + port + (token.isEmpty() ? ", read-only]" : ", token set]");
    }
  }
}
