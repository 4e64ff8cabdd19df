package dev.brigade.monitor;

import dev.brigade.model.Cluster;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failure monitor: checks every host and service of the model on its schedule, turns results
 * into Nagios-style states (soft/hard, UP/DOWN/UNREACHABLE through parents, dependencies, downtime,
 * acknowledgements, flapping), tells contacts, and keeps state and history in SQLite so a restart
 * loses nothing. It wires four parts: the {@link Scheduler}, the state-and-topology {@link Engine},
 * the command processor ({@link Commands}) and the single writer of the store ({@link Persister}).
 *
 * <pre>{@code
 * try (Monitor m = Monitor.create(cluster, Monitor.Options.defaults())) {
 *   m.start();                       // checks spread over their intervals
 *   m.problems().forEach(p -> System.out.println(p.id() + " " + p.state()));
 * }
 * }</pre>
 *
 * <p>Tests drive it with their own clock and {@link #runDue()} instead of {@link #start()}.
 */
public final class Monitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Monitor.class);

  /**
   * How a monitor is run.
   *
   * @param clock where time comes from
   * @param store the SQLite file, overriding the model's {@code monitor.store}
   * @param notifyRetries waits before each retry of a failed notification
   * @param remote how SSH checks connect
   * @param listener told of every result and annotation; {@link MonitorListener#NONE} by default
   */
  public record Options(
      InstantSource clock,
      Optional<Path> store,
      List<Duration> notifyRetries,
      dev.brigade.remote.RemoteOptions remote,
      MonitorListener listener) {
    /** The system clock, the model's store, retries after 10 s, 1 min and 5 min, ~/.ssh. */
    public static Options defaults() {
      return new Options(
          InstantSource.system(),
          Optional.empty(),
          List.of(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(5)),
          dev.brigade.remote.RemoteOptions.defaults(),
          MonitorListener.NONE);
    }

    public Options withClock(InstantSource c) {
      return new Options(c, store, notifyRetries, remote, listener);
    }

    public Options withStore(Path p) {
      return new Options(clock, Optional.of(p), notifyRetries, remote, listener);
    }

    public Options withRetries(List<Duration> r) {
      return new Options(clock, store, r, remote, listener);
    }

    public Options withRemote(dev.brigade.remote.RemoteOptions r) {
      return new Options(clock, store, notifyRetries, r, listener);
    }

    public Options withListener(MonitorListener l) {
      return new Options(clock, store, notifyRetries, remote, l);
    }
  }

  private final Cluster cluster;
  private final MonitorSettings settings;
  private final InstantSource clock;
  private final MonitorStore store;
  private final PluginRunner plugins;
  private final Notifications notifications;
  private final Engine engine;
  private final Scheduler scheduler;
  private final Commands commands;
  private final Persister persister;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("brigade-monitor-watchdog").factory());
  private boolean started;
  private boolean closed;
  private boolean wasOverloaded;
  private dev.brigade.remote.Remote remote;
  private final MonitorListener listener;

  private Monitor(Cluster cluster, Options options) throws SQLException {
    this.cluster = cluster;
    this.settings = cluster.section(MonitorSection.TYPE);
    this.clock = options.clock();
    this.plugins = new PluginRunner(settings.pluginConcurrency(), 64 * 1024);
    List<Target> targets =
        new CheckCatalog(
                cluster, settings, new CheckTypes(plugins, () -> remote(options.remote()), cluster))
            .targets();
    this.engine = new Engine(cluster, settings, clock, targets);
    engine.reportResultsTo(options.listener());
    this.listener = options.listener();
    List<Notifier> notifiers = new ArrayList<>();
    settings.email().ifPresent(e -> notifiers.add(new EmailNotifier(e)));
    notifiers.add(new WebhookNotifier());
    notifiers.add(new CommandNotifier());
    this.notifications =
        new Notifications(
            settings.contacts(),
            notifiers,
            options.notifyRetries(),
            (alert, what) -> engine.journal(alert.target(), what, alert.output()));
    engine.notifyThrough(notifications);
    this.scheduler = new Scheduler(engine, settings.concurrency());
    this.commands = new Commands(engine);
    Path file = options.store().or(settings::store).orElseGet(() -> defaultStore(cluster.source()));
    this.store = MonitorStore.open(file);
    try {
      engine.restore(store.load());
    } catch (SQLException | RuntimeException e) {
      store.close();
      throw e;
    }
    this.persister = new Persister(store, engine::collect, clock, settings.retention());
    persister.retain(targets.stream().map(Target::id).collect(java.util.stream.Collectors.toSet()));
    log.info(
        "monitoring {} checks of {} hosts; state in {}",
        targets.size(),
        cluster.hosts().size(),
        file);
  }

  private synchronized dev.brigade.remote.Remote remote(dev.brigade.remote.RemoteOptions o) {
    if (remote == null) {
      remote = dev.brigade.remote.Remote.open(o);
    }
    return remote;
  }

  /** A monitor over {@code cluster}'s checks, with state restored from its store. */
  public static Monitor create(Cluster cluster, Options options) throws SQLException {
    return new Monitor(cluster, options);
  }

  static Path defaultStore(Path modelFile) {
    Path dir = modelFile.toAbsolutePath().getParent();
    return (dir == null ? Path.of(".") : dir).resolve(".brigade").resolve("monitor.db");
  }

  /** Takes each check's saved state from the store again, before {@link #start()}. */
  void restoreFromStore() throws SQLException {
    engine.restore(store.load());
  }

  /** The cluster's name, for pages. */
  public String clusterName() {
    return cluster.name();
  }

  /** Now, on the monitor's clock. */
  java.time.Instant now() {
    return clock.instant();
  }

  /** How many hosts the model has. */
  public int hostCount() {
    return cluster.hosts().size();
  }

  /** The settings in use. */
  public MonitorSettings settings() {
    return settings;
  }

  /** Starts checking in the background, saving state every second, the watchdog every second. */
  public synchronized void start() {
    if (started || closed) {
      return;
    }
    started = true;
    scheduler.start();
    persister.start();
    timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    timer.scheduleWithFixedDelay(
        () -> engine.expireDowntimes(clock.instant()), 0, 1, TimeUnit.HOURS);
  }

  private void tick() {
    try {
      watchdog();
      Load l = load();
      if (l.overloaded() != wasOverloaded) {
        wasOverloaded = l.overloaded();
        if (wasOverloaded) {
          log.warn("monitor overloaded: {}", l.describe());
        } else {
          log.info("monitor keeps up again: {}", l.describe());
        }
      }
    } catch (RuntimeException e) {
      log.error("monitor housekeeping failed", e);
    }
  }

  /**
   * Runs every check due now on the caller's clock and waits for them: the way tests step time.
   *
   * @return how many ran
   */
  public int runDue() throws InterruptedException {
    return scheduler.runDue();
  }

  /** Reclaims the slots of checks past their deadline now; how many (runs every second). */
  public int watchdog() {
    return scheduler.watchdog(clock.instant());
  }

  /**
   * Records a result submitted from outside (a cron job's passive check, or any check's result
   * pushed by an agent), as Nagios's PROCESS_SERVICE_CHECK_RESULT does.
   */
  public void submit(String id, Status status, String output) {
    commands.submit(id, status, output);
  }

  /** Acknowledges the current problem of {@code id}; its contacts are told. */
  public List<String> acknowledge(String id, boolean sticky, String author, String comment) {
    return commands.acknowledge(id, sticky, author, comment);
  }

  /** Runs the target's active checks now, even where they are disabled; the ids. */
  public List<String> recheck(String target, String author) {
    return commands.recheck(target, author);
  }

  /** Turns the notifications of the target's checks on or off; the ids. */
  public List<String> notifications(String target, boolean on, String author) {
    return commands.enable(target, Commands.Switch.NOTIFICATIONS, on, author);
  }

  /** Adds a comment to each host (or service) the target names; the new comments by check id. */
  public Map<String, Comment> comment(String target, String author, String text) {
    return commands.comment(target, author, text);
  }

  /** The operator's commands: re-checks, acks, downtimes, switches and comments by target. */
  Commands commands() {
    return commands;
  }

  /**
   * Schedules a downtime for a host and all its services ({@code target} = host name), or for one
   * service ({@code host/service}), or any target a {@link Selector} takes ({@code role:app},
   * {@code stage:production}, {@code role:app@production}, ...).
   *
   * @return the ids it covers
   */
  public List<String> scheduleDowntime(String target, CheckState.Downtime d) {
    return commands.scheduleDowntime(target, d);
  }

  /**
   * Ends the downtimes of the target's checks at once.
   *
   * @return the ids that had one
   */
  public List<String> cancelDowntime(String target, String author) {
    return commands.cancelDowntime(target, author);
  }

  /**
   * Passes an annotation (a deploy, a configuration run) to the listener, which keeps it (as a
   * graph marker, when metrics run beside the monitor).
   *
   * @throws IllegalArgumentException when the kind is not a lower-case word or the text is empty
   */
  public void annotate(Instant at, String kind, String text, Optional<String> host) {
    if (kind == null || !kind.matches("[a-z][a-z0-9-]{0,31}")) {
      throw new IllegalArgumentException(
          "kind '" + kind + "' is not a lower-case word such as deploy");
    }
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("an annotation needs a text");
    }
    host.filter(h -> cluster.host(h).isEmpty())
        .ifPresent(
            h -> {
              throw new IllegalArgumentException("no host '" + h + "' in the model");
            });
    listener.annotated(at, kind, text.strip(), host);
  }

  /** Every check, in model order. */
  public List<CheckView> checks() {
    return engine.views();
  }

  /** One check. */
  public Optional<CheckView> check(String id) {
    synchronized (engine) {
      Entry e = engine.find(id);
      return e == null ? Optional.empty() : Optional.of(engine.view(e, clock.instant()));
    }
  }

  /** The comments on each check that has one, by id. */
  public Map<String, List<Comment>> comments() {
    synchronized (engine) {
      Map<String, List<Comment>> out = new java.util.LinkedHashMap<>();
      engine.entries().stream()
          .filter(e -> !e.comments.isEmpty())
          .forEach(e -> out.put(e.id(), List.copyOf(e.comments)));
      return out;
    }
  }

  /** The checks with a problem, worst first. */
  public List<CheckView> problems() {
    return checks().stream()
        .filter(CheckView::isProblem)
        .sorted(
            Comparator.comparing((CheckView v) -> -v.status().severity())
                .thenComparing(CheckView::id))
        .toList();
  }

  /** The host and service groups the model implies, with their aggregate state. */
  public List<GroupView> groups() {
    return GroupView.of(cluster, checks());
  }

  /** The engine's load since the statistics were last reset. */
  public Load load() {
    return scheduler.load(plugins.limit(), plugins.queued()); // the adapted limit, not the cap
  }

  /** Starts the statistics of {@link #load()} afresh. */
  public void resetLoad() {
    scheduler.resetLoad();
  }

  /** The latest events, newest first, written or not; reading writes nothing. */
  public List<MonitorStore.Event> events(int limit) throws SQLException {
    return persister.events(limit);
  }

  /** Writes every state not yet saved and the new events to the store now. */
  public void flush() throws SQLException {
    persister.flush();
  }

  /** Waits up to {@code d} for queued notifications to be sent or given up. */
  public boolean drainNotifications(Duration d) throws InterruptedException {
    return notifications.drain(d);
  }

  @Override
  public void close() throws SQLException {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    timer.shutdownNow();
    scheduler.close();
    notifications.close();
    synchronized (this) {
      if (remote != null) {
        remote.close();
      }
    }
    try {
      persister.close();
    } finally {
      store.close();
    }
  }
}
