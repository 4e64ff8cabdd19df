package dev.brigade.monitor;

import dev.brigade.model.Cluster;
import dev.brigade.model.Host;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state-and-topology engine: turns each result into a check's state (through {@link
 * CheckState}), applies what the topology says (parents make hosts UNREACHABLE, a down host or a
 * failing master silences services, a failing host has its parents checked at once), journals what
 * changed and hands notifications to {@link Notifications}. Its lock guards every {@link Entry}.
 */
final class Engine {
  private static final Logger log = LoggerFactory.getLogger(Engine.class);

  /** Nagios's cached_host_check_horizon: a parent's result this fresh is not checked again. */
  static final Duration PARENT_CACHE = Duration.ofSeconds(15);

  final Cluster cluster;
  final MonitorSettings settings;
  final InstantSource clock;
  final RunQueue queue = new RunQueue();
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final Map<String, List<String>> masters = new LinkedHashMap<>();
  private final Set<String> dirty = new HashSet<>();
  private final Set<String> touched = new HashSet<>();
  private final List<MonitorStore.Event> events = new ArrayList<>();
  private Notifications notifications;
  private MonitorListener results = MonitorListener.NONE;
  private long lastComment;

  Engine(Cluster cluster, MonitorSettings settings, InstantSource clock, List<Target> targets) {
    this.cluster = cluster;
    this.settings = settings;
    this.clock = clock;
    Instant now = clock.instant();
    for (int i = 0; i < targets.size(); i++) {
      Target t = targets.get(i);
      Entry e = new Entry(t, new CheckState(t.policy()));
      Duration every = t.isPassive() ? t.freshness().orElseThrow() : t.policy().checkInterval();
      // spread the first runs over the interval, so a start is not a thundering herd
      e.nextRun = now.plus(every.multipliedBy(i).dividedBy(Math.max(1, targets.size())));
      entries.put(t.id(), e);
      queue.add(e);
    }
    for (MonitorSettings.Dependency d : settings.dependencies()) {
      List<String> on = resolve(d.on());
      for (String dependent : resolve(d.service())) {
        masters.computeIfAbsent(dependent, k -> new ArrayList<>()).addAll(on);
      }
    }
  }

  /** Where notifications go (set once, before any result). */
  void notifyThrough(Notifications n) {
    this.notifications = n;
  }

  void reportResultsTo(MonitorListener l) {
    this.results = l;
  }

  /** A listener's failure is logged and never stops the recording of the result. */
  private void tellListener(Entry e, CheckResult r, Instant now) {
    try {
      results.checked(e.target.host(), e.target.service().orElse("host"), r, now);
    } catch (RuntimeException failure) {
      log.warn("{}: the result listener failed: {}", e.target.id(), failure.toString());
    }
  }

  private List<String> resolve(String ref) {
    String first = ref.substring(0, ref.indexOf('/'));
    String service = ref.substring(ref.indexOf('/') + 1);
    List<Host> hosts =
        cluster.host(first).map(List::of).orElseGet(() -> cluster.hostsWithRole(first));
    return hosts.stream().map(h -> h.name() + "/" + service).filter(entries::containsKey).toList();
  }

  /** Every entry in model order; the caller holds the lock. */
  java.util.Collection<Entry> entries() {
    return entries.values();
  }

  /** The entry of {@code id}, if any; the caller holds the lock. */
  Entry find(String id) {
    return entries.get(id);
  }

  /** The entry of {@code id}; a one-line error naming the ids when there is none. */
  Entry entry(String id) {
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

  /** Takes each check's saved state, before the scheduler starts. */
  synchronized void restore(Map<String, MonitorStore.Saved> saved) {
    Instant now = clock.instant();
    for (Entry e : entries.values()) {
      Target t = e.target;
      MonitorStore.Saved s = saved.get(t.id());
      if (s != null) {
        e.state = CheckState.restore(t.policy(), s.state());
        e.lastCheck = s.lastCheck();
        e.lastChange = s.lastChange();
        e.output = s.output();
        e.ackAuthor = s.ackAuthor();
        e.ackComment = s.ackComment();
        e.hostState = hostState(e.state.status(), false);
        e.comments.clear();
        e.comments.addAll(s.comments());
        s.comments().forEach(c -> lastComment = Math.max(lastComment, c.id()));
      }
      if (t.isPassive()) {
        queue.moveTo(e, e.lastCheck.orElse(now).plus(t.freshness().orElseThrow()));
      }
    }
  }

  static CheckResult probe(Target t) throws InterruptedException {
    try {
      return t.probe().run();
    } catch (RuntimeException ex) {
      log.warn("check {} threw; recorded as UNKNOWN", t.id(), ex);
      return result(Status.UNKNOWN, "UNKNOWN - check failed: " + ex);
    }
  }

  static CheckResult result(Status s, String output) {
    return new CheckResult(s, PluginOutput.parse(output), Duration.ZERO, false, false);
  }

  /** The result of a passive check whose freshness ran out. */
  synchronized CheckResult stale(Entry e) {
    String since = e.lastCheck.map(Instant::toString).orElse("the monitor started");
    Status s = e.target.staleStatus();
    return result(
        s,
        s
            + " - no passive result for "
            + e.target.id()
            + " since "
            + since
            + " (freshness "
            + dev.brigade.model.Durations.format(e.target.freshness().orElseThrow())
            + ")");
  }

  /**
   * As Nagios's on-demand checks: before a failing host is judged DOWN or UNREACHABLE, its parents
   * that are thought UP are checked at once (and theirs, up the chain), so the hosts behind a
   * failed router go UNREACHABLE instead of DOWN, and tell nobody, before the router's own check
   * comes round. A parent checked within the last {@link #PARENT_CACHE} is taken as it is.
   */
  void checkParentsNow(String host, Set<String> seen) throws InterruptedException {
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

  /** Turns one result of {@code e} into its state, journal lines and notifications. */
  synchronized void record(Entry e, CheckResult r, Instant now) {
    tellListener(e, r, now);
    Status s = r.status();
    String was = e.target.isHost() ? e.hostState : e.state.status().name();
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
        queue.advance(host, now);
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
    e.forced = false;
    double took = secs(r.took());
    e.execEwma = e.execEwma == 0 ? took : 0.8 * e.execEwma + 0.2 * took;
    queue.moveTo(
        e, e.target.isPassive() ? now.plus(e.target.freshness().orElseThrow()) : o.nextCheck());
    // state changes are saved within a second; the last output and flap history of checks whose
    // state did not change are saved every minute and at shutdown (Nagios saves retention hourly)
    if (o.status() != before || !o.events().isEmpty() || o.notification().isPresent()) {
      dirty.add(e.target.id());
    } else {
      touched.add(e.target.id());
    }
    o.notification().ifPresent(n -> notify(e, withoutTheUntold(n, was), now));
  }

  /**
   * A check that did not run (outside its period, disabled, interrupted) waits for {@code next}.
   */
  synchronized void skip(Entry e, Instant next) {
    e.running = false;
    queue.moveTo(e, next);
  }

  static double secs(Duration d) {
    return d.toNanos() / 1e9;
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

  static String hostState(Status s, boolean unreachable) {
    return s == Status.OK ? "UP" : unreachable ? "UNREACHABLE" : "DOWN";
  }

  /**
   * A recovery goes only to the contacts who would have been told of the state it recovers from
   * (Nagios tells a recovery to those notified of the problem): the default contact, told nothing
   * of hosts UNREACHABLE behind a failed router, is not told of them all coming UP either.
   */
  private CheckState.Notification withoutTheUntold(CheckState.Notification n, String was) {
    if (!n.kind().equals("RECOVERY")) {
      return n;
    }
    String state = was.toLowerCase(java.util.Locale.ROOT);
    List<String> to =
        n.contacts().stream()
            .filter(
                c -> {
                  MonitorSettings.Contact contact = settings.contacts().get(c);
                  return contact == null || contact.notifyOn().contains(state);
                })
            .toList();
    return new CheckState.Notification(n.kind(), n.status(), n.number(), to);
  }

  private void notify(Entry e, CheckState.Notification n, Instant now) {
    if (!n.contacts().isEmpty()) {
      notify(e, n, now, Optional.empty(), Optional.empty());
    }
  }

  /** Hands a notification to the notifiers; the caller holds the lock. */
  void notify(
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

  /** Adds a line to the event log (saved within a second). */
  synchronized void journal(String target, String kind, String text) {
    events.add(new MonitorStore.Event(clock.instant(), target, kind, text));
  }

  /** A new comment's number; the caller holds the lock. */
  long nextCommentNumber() {
    return ++lastComment;
  }

  /** Marks a check's state to be saved with the next write. */
  synchronized void changed(Entry e) {
    dirty.add(e.target.id());
  }

  /** The changes since the last call, in the order they were made: the persister's source. */
  synchronized Persister.Batch collect(boolean everything) {
    if (everything) {
      dirty.addAll(touched);
      touched.clear();
    }
    List<MonitorStore.Saved> states = new ArrayList<>();
    for (String id : dirty) {
      states.add(entries.get(id).saved());
    }
    dirty.clear();
    List<MonitorStore.Event> out = List.copyOf(events);
    events.clear();
    return new Persister.Batch(states, out);
  }

  /** Forgets downtimes that ended. */
  synchronized void expireDowntimes(Instant now) {
    for (Entry e : entries.values()) {
      if (e.state.expireDowntimes(now)) {
        dirty.add(e.target.id());
      }
    }
  }

  /** What is known of {@code e} now; the caller holds the lock. */
  CheckView view(Entry e, Instant now) {
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
        s.notificationNumber(),
        s.checksEnabled(),
        s.notificationsEnabled(),
        e.comments);
  }

  /** Every check now, in model order. */
  synchronized List<CheckView> views() {
    Instant now = clock.instant();
    return entries.values().stream().map(e -> view(e, now)).toList();
  }
}
