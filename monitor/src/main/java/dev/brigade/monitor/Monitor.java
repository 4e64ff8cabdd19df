package dev.brigade.monitor;

import dev.brigade.model.Cluster;
import dev.brigade.model.Host;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failure monitor: checks every host and service of the model on its schedule, turns results
 * into Nagios-style states (soft/hard, UP/DOWN/UNREACHABLE through parents, dependencies, downtime,
 * acknowledgements, flapping), tells contacts, and keeps state and history in SQLite so a restart
 * loses nothing.
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

  /** Nagios's cached_host_check_horizon: a parent's result this fresh is not checked again. */
  static final Duration PARENT_CACHE = Duration.ofSeconds(15);

  /**
   * How a monitor is run.
   *
   * @param clock where time comes from
   * @param store the SQLite file, overriding the model's {@code monitor.store}
   * @param notifyRetries waits before each retry of a failed notification
   */
  public record Options(
      InstantSource clock,
      Optional<Path> store,
      List<Duration> notifyRetries,
      dev.brigade.remote.RemoteOptions remote) {
    /** The system clock, the model's store, retries after 10 s, 1 min and 5 min, ~/.ssh. */
    public static Options defaults() {
      return new Options(
          InstantSource.system(),
          Optional.empty(),
          List.of(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(5)),
          dev.brigade.remote.RemoteOptions.defaults());
    }

    public Options withClock(InstantSource c) {
      return new Options(c, store, notifyRetries, remote);
    }

    public Options withStore(Path p) {
      return new Options(clock, Optional.of(p), notifyRetries, remote);
    }

    public Options withRetries(List<Duration> r) {
      return new Options(clock, store, r, remote);
    }

    public Options withRemote(dev.brigade.remote.RemoteOptions r) {
      return new Options(clock, store, notifyRetries, r);
    }
  }

  /** One scheduled check and what is known of it; guarded by the monitor's lock. */
  private static final class Entry {
    final Target target;
    CheckState state;
    Instant nextRun;
    Optional<Instant> lastCheck = Optional.empty();
    Optional<Instant> lastChange = Optional.empty();
    String output = "(waiting for the first result)";
    String hostState = "PENDING";
    Optional<String> ackAuthor = Optional.empty();
    Optional<String> ackComment = Optional.empty();
    boolean running;
    boolean queued;
    double execEwma;

    Entry(Target target, CheckState state) {
      this.target = target;
      this.state = state;
    }
  }

  private final Cluster cluster;
  private final MonitorSettings settings;
  private final InstantSource clock;
  private final MonitorStore store;
  private final PluginRunner plugins;
  private final Notifications notifications;
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final Map<String, List<String>> masters = new LinkedHashMap<>();
  private final PriorityQueue<Entry> queue =
      new PriorityQueue<>(Comparator.comparing((Entry e) -> e.nextRun));
  private final Set<String> dirty = new HashSet<>();
  private final Set<String> touched = new HashSet<>();
  private int flushes;
  private final List<MonitorStore.Event> events = new ArrayList<>();
  private final ExecutorService runners = Executors.newVirtualThreadPerTaskExecutor();
  private final Semaphore slots;
  private final AtomicInteger waiting = new AtomicInteger();
  private final EngineStats stats = new EngineStats();
  private volatile boolean closed;
  private Thread loop;
  private java.util.concurrent.ScheduledExecutorService housekeeping;
  private boolean wasOverloaded;
  private dev.brigade.remote.Remote remote;

  private Monitor(Cluster cluster, Options options) throws SQLException {
    this.cluster = cluster;
    this.settings = cluster.section(MonitorSection.TYPE);
    this.clock = options.clock();
    this.plugins = new PluginRunner(settings.pluginConcurrency(), 64 * 1024);
    this.slots = new Semaphore(settings.concurrency());
    Path file = options.store().or(settings::store).orElseGet(() -> defaultStore(cluster.source()));
    this.store = MonitorStore.open(file);
    List<Notifier> notifiers = new ArrayList<>();
    settings.email().ifPresent(e -> notifiers.add(new EmailNotifier(e)));
    notifiers.add(new WebhookNotifier());
    notifiers.add(new CommandNotifier());
    this.notifications =
        new Notifications(
            settings.contacts(),
            notifiers,
            options.notifyRetries(),
            (alert, what) -> journal(alert.target(), what, alert.output()));
    List<Target> targets =
        new CheckCatalog(cluster, settings, new CheckTypes(plugins, () -> remote(options.remote())))
            .targets();
    Instant now = clock.instant();
    for (int i = 0; i < targets.size(); i++) {
      Target t = targets.get(i);
      Entry e = new Entry(t, new CheckState(t.policy()));
      Duration every = t.isPassive() ? t.freshness().orElseThrow() : t.policy().checkInterval();
      // spread the first runs over the interval, so a start is not a thundering herd
      e.nextRun = now.plus(every.multipliedBy(i).dividedBy(Math.max(1, targets.size())));
      entries.put(t.id(), e);
    }
    restore(store.load(), now);
    for (MonitorSettings.Dependency d : settings.dependencies()) {
      List<String> on = resolve(d.on());
      for (String dependent : resolve(d.service())) {
        masters.computeIfAbsent(dependent, k -> new ArrayList<>()).addAll(on);
      }
    }
    store.retain(entries.keySet());
    log.info(
        "monitoring {} checks of {} hosts; state in {}",
        entries.size(),
        cluster.hosts().size(),
        file);
  }

  /** Takes each check's saved state from the store, before {@link #start()}. */
  synchronized void restoreFromStore() throws SQLException {
    restore(store.load(), clock.instant());
  }

  private void restore(Map<String, MonitorStore.Saved> saved, Instant now) {
    for (Entry e : entries.values()) {
      Target t = e.target;
      MonitorStore.Saved s = saved.get(t.id());
      unqueue(e);
      if (s != null) {
        e.state = CheckState.restore(t.policy(), s.state());
        e.lastCheck = s.lastCheck();
        e.lastChange = s.lastChange();
        e.output = s.output();
        e.ackAuthor = s.ackAuthor();
        e.ackComment = s.ackComment();
        e.hostState = hostState(e.state.status(), false);
      }
      if (t.isPassive()) {
        e.nextRun = e.lastCheck.orElse(now).plus(t.freshness().orElseThrow());
      }
      enqueue(e);
    }
  }

  /** How many hosts the model has. */
  public int hostCount() {
    return cluster.hosts().size();
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

  private List<String> resolve(String ref) {
    String first = ref.substring(0, ref.indexOf('/'));
    String service = ref.substring(ref.indexOf('/') + 1);
    List<Host> hosts =
        cluster.host(first).map(List::of).orElseGet(() -> cluster.hostsWithRole(first));
    return hosts.stream().map(h -> h.name() + "/" + service).filter(entries::containsKey).toList();
  }

  /** The cluster's name, for pages. */
  public String clusterName() {
    return cluster.name();
  }

  /** The settings in use. */
  public MonitorSettings settings() {
    return settings;
  }

  /** Starts checking in the background (and saving state every second). */
  public synchronized void start() {
    if (loop != null) {
      return;
    }
    loop = Thread.ofPlatform().name("brigade-monitor").daemon().start(this::dispatch);
    housekeeping =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("brigade-monitor-store").factory());
    housekeeping.scheduleWithFixedDelay(this::flushQuietly, 1, 1, TimeUnit.SECONDS);
    housekeeping.scheduleWithFixedDelay(this::housekeep, 0, 1, TimeUnit.HOURS);
  }

  private void dispatch() {
    while (!closed) {
      Entry due;
      long waitMillis;
      synchronized (this) {
        Instant now = clock.instant();
        Entry head = queue.peek();
        if (head != null && !head.nextRun.isAfter(now)) {
          due = dequeue();
          due.running = true;
          waitMillis = 0;
        } else {
          due = null;
          waitMillis =
              head == null
                  ? 200
                  : Math.min(200, Math.max(1, Duration.between(now, head.nextRun).toMillis()));
        }
      }
      if (due == null) {
        try {
          Thread.sleep(waitMillis);
        } catch (InterruptedException e) {
          return;
        }
        continue;
      }
      launch(due);
    }
  }

  private void launch(Entry e) {
    Instant scheduled = e.nextRun;
    waiting.incrementAndGet();
    try {
      runners.execute(() -> runOne(e, scheduled));
    } catch (java.util.concurrent.RejectedExecutionException closedNow) {
      waiting.decrementAndGet();
    }
  }

  private void runOne(Entry e, Instant scheduled) {
    Instant started = clock.instant();
    if (!e.target.period().contains(started)) {
      // outside its check period: not run, nobody told; it runs when the period starts
      waiting.decrementAndGet();
      synchronized (this) {
        e.running = false;
        unqueue(e);
        e.nextRun = e.target.period().next(started);
        enqueue(e);
      }
      return;
    }
    boolean slot = !e.target.plugin();
    try {
      if (slot) {
        slots.acquire();
      }
      CheckResult r;
      if (e.target.isPassive()) {
        waiting.decrementAndGet();
        r = stale(e);
      } else {
        waiting.decrementAndGet();
        r = probe(e.target);
        if (e.target.isHost() && r.status() != Status.OK) {
          checkParentsNow(e.target.host(), new HashSet<>(Set.of(e.target.host())));
        }
      }
      Instant now = clock.instant();
      stats.record(scheduled, now, r.took());
      record(e, r, now);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException bug) {
      log.error("recording a result of {} failed; it is rescheduled", e.target.id(), bug);
      synchronized (this) {
        e.running = false;
        unqueue(e);
        e.nextRun = clock.instant().plus(e.target.policy().retryInterval());
        enqueue(e);
      }
    } finally {
      if (slot) {
        slots.release();
      }
    }
  }

  private static CheckResult probe(Target t) throws InterruptedException {
    try {
      return t.probe().run();
    } catch (RuntimeException ex) {
      return failed(t, ex);
    }
  }

  /**
   * As Nagios's on-demand checks: before a failing host is judged DOWN or UNREACHABLE, its parents
   * that are thought UP are checked at once (and theirs, up the chain), so the hosts behind a
   * failed router go UNREACHABLE instead of DOWN, and tell nobody, before the router's own check
   * comes round. A parent checked within the last {@link #PARENT_CACHE} is taken as it is.
   */
  private void checkParentsNow(String host, Set<String> seen) throws InterruptedException {
    Instant now = clock.instant();
    for (String parent : cluster.host(host).map(Host::parents).orElse(List.of())) {
      if (!seen.add(parent)) {
        continue;
      }
      Entry p;
      synchronized (this) {
        p = entries.get(parent);
        if (p == null
            || p.target.isPassive()
            || p.running
            || p.state.status() != Status.OK && p.lastCheck.isPresent()
            || p.lastCheck.filter(t -> t.isAfter(now.minus(PARENT_CACHE))).isPresent()) {
          continue;
        }
        p.running = true;
      }
      CheckResult r;
      try {
        r = probe(p.target);
      } catch (InterruptedException ie) {
        synchronized (this) {
          p.running = false;
        }
        throw ie;
      }
      if (r.status() != Status.OK) {
        checkParentsNow(parent, seen);
      }
      record(p, r, clock.instant());
    }
  }

  private static CheckResult failed(Target t, RuntimeException ex) {
    log.warn("check {} threw; recorded as UNKNOWN", t.id(), ex);
    return new CheckResult(
        Status.UNKNOWN,
        PluginOutput.parse("UNKNOWN - check failed: " + ex),
        Duration.ZERO,
        false,
        false);
  }

  private CheckResult stale(Entry e) {
    String since = e.lastCheck.map(Instant::toString).orElse("the monitor started");
    Status s = e.target.staleStatus();
    return new CheckResult(
        s,
        PluginOutput.parse(
            s
                + " - no passive result for "
                + e.target.id()
                + " since "
                + since
                + " (freshness "
                + dev.brigade.model.Durations.format(e.target.freshness().orElseThrow())
                + ")"),
        Duration.ZERO,
        false,
        false);
  }

  /**
   * Runs every check due now on the caller's clock and waits for them: the way tests step time.
   *
   * @return how many ran
   */
  public int runDue() throws InterruptedException {
    List<Entry> due = new ArrayList<>();
    synchronized (this) {
      Instant now = clock.instant();
      while (!queue.isEmpty() && !queue.peek().nextRun.isAfter(now)) {
        Entry e = dequeue();
        e.running = true;
        due.add(e);
      }
    }
    List<Thread> threads = new ArrayList<>();
    for (Entry e : due) {
      Instant scheduled = e.nextRun;
      waiting.incrementAndGet();
      threads.add(Thread.ofVirtual().start(() -> runOne(e, scheduled)));
    }
    for (Thread t : threads) {
      t.join();
    }
    return due.size();
  }

  private synchronized void record(Entry e, CheckResult r, Instant now) {
    Status s = r.status();
    boolean suppressed;
    if (e.target.isHost()) {
      boolean unreachable = s != Status.OK && parentsDown(e.target.host());
      e.hostState = hostState(s, unreachable);
      // an unreachable host is told as UNREACHABLE, to the contacts who ask for that (notify:)
      suppressed = false;
    } else {
      Entry host = entries.get(e.target.host());
      boolean hostDown = host != null && host.state.status() != Status.OK;
      suppressed = hostDown || dependencyFailing(e.target.id());
      if (s != Status.OK && host != null && !hostDown && !host.running) {
        // as Nagios does: a failing service makes the host be checked at once
        reschedule(host, now);
      }
    }
    Status before = e.state.status();
    CheckState.Outcome o = e.state.record(s, now, suppressed);
    if (o.status() != before || e.lastChange.isEmpty()) {
      e.lastChange = Optional.of(now);
    }
    String line = r.line();
    for (String ev : o.events()) {
      String shown = e.target.isHost() ? ev.replace(s.name(), e.hostState) : ev;
      journal(e.target.id(), shown, line);
      log.info("{} {}: {}", e.target.id(), shown, r.output().text());
    }
    if (o.status() == Status.OK) {
      e.ackAuthor = Optional.empty();
      e.ackComment = Optional.empty();
    }
    e.output = line;
    e.lastCheck = Optional.of(now);
    e.running = false;
    e.execEwma = e.execEwma == 0 ? secs(r.took()) : 0.8 * e.execEwma + 0.2 * secs(r.took());
    // out of the heap before its key changes (a passive entry is in it while a result arrives)
    unqueue(e);
    e.nextRun = e.target.isPassive() ? now.plus(e.target.freshness().orElseThrow()) : o.nextCheck();
    enqueue(e);
    // state changes are saved within a second; the last output and flap history of checks whose
    // state did not change are saved every minute and at shutdown (Nagios saves retention hourly)
    if (o.status() != before || !o.events().isEmpty() || o.notification().isPresent()) {
      dirty.add(e.target.id());
    } else {
      touched.add(e.target.id());
    }
    o.notification().ifPresent(n -> notify(e, n, now, Optional.empty(), Optional.empty()));
  }

  private static double secs(Duration d) {
    return d.toNanos() / 1e9;
  }

  private void reschedule(Entry e, Instant when) {
    if (e.nextRun.isAfter(when)) {
      unqueue(e);
      e.nextRun = when;
      enqueue(e);
    }
  }

  private void enqueue(Entry e) {
    queue.add(e);
    e.queued = true;
  }

  private Entry dequeue() {
    Entry e = queue.poll();
    e.queued = false;
    return e;
  }

  /** Out of the heap (a linear search, so only when it is in there). */
  private void unqueue(Entry e) {
    if (e.queued) {
      queue.remove(e);
      e.queued = false;
    }
  }

  private boolean parentsDown(String hostName) {
    List<String> parents = cluster.host(hostName).map(Host::parents).orElse(List.of());
    if (parents.isEmpty()) {
      return false;
    }
    return parents.stream()
        .map(entries::get)
        .allMatch(p -> p != null && p.state.status() != Status.OK);
  }

  private boolean dependencyFailing(String id) {
    for (String m : masters.getOrDefault(id, List.of())) {
      Entry master = entries.get(m);
      if (master != null
          && master.state.status() != Status.OK
          && master.state.type() == CheckState.Type.HARD) {
        return true;
      }
    }
    return false;
  }

  private static String hostState(Status s, boolean unreachable) {
    return s == Status.OK ? "UP" : unreachable ? "UNREACHABLE" : "DOWN";
  }

  private void notify(
      Entry e,
      CheckState.Notification n,
      Instant now,
      Optional<String> author,
      Optional<String> comment) {
    Host host = cluster.host(e.target.host()).orElseThrow();
    String state =
        e.target.isHost()
            ? hostState(n.status(), "UNREACHABLE".equals(e.hostState))
            : n.status().name();
    Alert a =
        new Alert(
            n.kind(),
            e.target.id(),
            host.name(),
            host.address(),
            e.target.service(),
            state,
            e.state.type().name(),
            n.number(),
            e.output,
            now,
            n.contacts(),
            author,
            comment);
    journal(e.target.id(), "NOTIFY " + n.kind() + " " + String.join(",", n.contacts()), e.output);
    notifications.send(a);
  }

  private synchronized void journal(String target, String kind, String text) {
    events.add(new MonitorStore.Event(clock.instant(), target, kind, text));
  }

  /**
   * Records a result submitted from outside (a cron job's passive check, or any check's result
   * pushed by an agent), as Nagios's PROCESS_SERVICE_CHECK_RESULT does.
   */
  public void submit(String id, Status status, String output) {
    Entry e = entry(id);
    record(
        e,
        new CheckResult(status, PluginOutput.parse(output), Duration.ZERO, false, false),
        clock.instant());
  }

  /** Acknowledges the current problem of {@code id}; its contacts are told. */
  public synchronized void acknowledge(String id, boolean sticky, String author, String comment) {
    Entry e = entry(id);
    Optional<CheckState.Notification> n = e.state.acknowledge(sticky, author, comment);
    e.ackAuthor = Optional.of(author);
    e.ackComment = Optional.of(comment);
    dirty.add(id);
    journal(id, "ACKNOWLEDGED by " + author + (sticky ? " (sticky)" : ""), comment);
    n.ifPresent(x -> notify(e, x, clock.instant(), Optional.of(author), Optional.of(comment)));
  }

  /**
   * Schedules a downtime for a host and all its services ({@code target} = host name), or for one
   * service ({@code host/service}).
   *
   * @return the ids it covers
   */
  public synchronized List<String> scheduleDowntime(String target, CheckState.Downtime d) {
    List<String> ids = new ArrayList<>();
    for (Entry e : targetEntries(target)) {
      e.state.scheduleDowntime(d);
      ids.add(e.target.id());
      dirty.add(e.target.id());
    }
    journal(
        target,
        "DOWNTIME "
            + (d.flexible() ? "flexible " : "")
            + d.start()
            + " .. "
            + d.end()
            + " by "
            + d.author(),
        d.comment());
    return ids;
  }

  /**
   * Ends the downtimes of a host and its services ({@code target} = host name) or of one service,
   * at once.
   *
   * @return the ids that had one
   */
  public synchronized List<String> cancelDowntime(String target, String author) {
    List<String> ids = new ArrayList<>();
    for (Entry e : targetEntries(target)) {
      if (e.state.cancelDowntimes()) {
        ids.add(e.target.id());
        dirty.add(e.target.id());
      }
    }
    journal(target, "DOWNTIME CANCELLED by " + author, String.join(", ", ids));
    return ids;
  }

  private List<Entry> targetEntries(String target) {
    if (target.contains("/")) {
      return List.of(entry(target));
    }
    if (cluster.host(target).isEmpty()) {
      throw new IllegalArgumentException("no host '" + target + "' in the model");
    }
    return entries.values().stream().filter(e -> e.target.host().equals(target)).toList();
  }

  private Entry entry(String id) {
    Entry e = entries.get(id);
    if (e == null) {
      throw new IllegalArgumentException(
          "no check '"
              + id
              + "'; ids are HOST or HOST/SERVICE, e.g. "
              + entries.keySet().stream().findFirst().orElse("web1"));
    }
    return e;
  }

  /** Every check, in model order. */
  public synchronized List<CheckView> checks() {
    Instant now = clock.instant();
    return entries.values().stream().map(e -> view(e, now)).toList();
  }

  /** One check. */
  public synchronized Optional<CheckView> check(String id) {
    Entry e = entries.get(id);
    return e == null ? Optional.empty() : Optional.of(view(e, clock.instant()));
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

  private CheckView view(Entry e, Instant now) {
    CheckState s = e.state;
    String state =
        e.lastCheck.isEmpty() ? "PENDING" : e.target.isHost() ? e.hostState : s.status().name();
    return new CheckView(
        e.target.id(),
        e.target.host(),
        e.target.service(),
        e.target.type(),
        state,
        s.status(),
        s.type(),
        s.attempt(),
        e.target.policy().maxAttempts(),
        e.output,
        e.lastCheck,
        e.nextRun,
        e.lastChange,
        s.acknowledged(),
        s.inDowntime(now),
        s.flapping(),
        s.notificationNumber());
  }

  /** The engine's load since the statistics were last reset. */
  public Load load() {
    double demand = 0;
    double pluginDemand = 0;
    synchronized (this) {
      for (Entry e : entries.values()) {
        if (e.target.isPassive()) {
          continue;
        }
        double d = e.execEwma / secs(e.target.policy().checkInterval());
        if (e.target.plugin()) {
          pluginDemand += d;
        } else {
          demand += d;
        }
      }
    }
    return stats.load(
        demand,
        settings.concurrency(),
        pluginDemand,
        settings.pluginConcurrency(),
        waiting.get() + plugins.queued());
  }

  /** Starts the statistics of {@link #load()} afresh. */
  public void resetLoad() {
    stats.reset();
  }

  /** The latest events, newest first. */
  public List<MonitorStore.Event> events(int limit) throws SQLException {
    flush();
    return store.events(limit);
  }

  /** Writes every state not yet saved and the new events to the store now. */
  public void flush() throws SQLException {
    flush(true);
  }

  private void flush(boolean everything) throws SQLException {
    List<MonitorStore.Saved> states = new ArrayList<>();
    List<MonitorStore.Event> newEvents;
    synchronized (this) {
      if (everything) {
        dirty.addAll(touched);
        touched.clear();
      }
      for (String id : dirty) {
        Entry e = entries.get(id);
        states.add(
            new MonitorStore.Saved(
                id,
                e.state.snapshot(),
                e.lastCheck,
                e.lastChange,
                e.output,
                e.ackAuthor,
                e.ackComment));
      }
      dirty.clear();
      newEvents = List.copyOf(events);
      events.clear();
    }
    store.save(states, newEvents);
  }

  private void flushQuietly() {
    try {
      flush(++flushes % 60 == 0);
      Load l = load();
      if (l.overloaded() != wasOverloaded) {
        wasOverloaded = l.overloaded();
        if (wasOverloaded) {
          log.warn("monitor overloaded: {}", l.describe());
        } else {
          log.info("monitor keeps up again: {}", l.describe());
        }
      }
    } catch (SQLException | RuntimeException e) {
      log.error("could not save monitor state: {}", e.getMessage());
    }
  }

  private void housekeep() {
    Instant now = clock.instant();
    synchronized (this) {
      for (Entry e : entries.values()) {
        if (e.state.expireDowntimes(now)) {
          dirty.add(e.target.id());
        }
      }
    }
    try {
      int n = store.prune(now.minus(settings.retention()));
      if (n > 0) {
        log.info("pruned {} events older than {}", n, settings.retention());
      }
    } catch (SQLException e) {
      log.error("could not prune the event log: {}", e.getMessage());
    }
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
    if (loop != null) {
      loop.interrupt();
    }
    if (housekeeping != null) {
      housekeeping.shutdownNow();
    }
    runners.shutdownNow();
    notifications.close();
    synchronized (this) {
      if (remote != null) {
        remote.close();
      }
    }
    try {
      flush();
    } finally {
      store.close();
    }
  }
}
