package dev.brigade.edge;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Recorder;

/** One server of a pool at run time: its state, health history, load, metrics and connections. */
final class Backend {
  /** Idle keep-alive connections kept per event loop. */
  static final int MAX_IDLE_PER_LOOP = 256;

  final BackendConfig config;
  final InetSocketAddress address;
  final BackendMetrics metrics = new BackendMetrics();
  final AtomicInteger active = new AtomicInteger();
  private volatile HealthSettings health;

  /** False for the only backend of a pool: passive detection never takes it down. */
  private volatile boolean passiveAllowed = true;

  private final Map<EventLoop, ArrayDeque<Channel>> idle = new ConcurrentHashMap<>();
  private final List<String> transitions = new ArrayList<>();

  // health, guarded by this
  private long probeBits;
  private int probes;
  private int successesInARow;
  private int failuresInARow;
  private boolean healthy = true;
  private volatile BackendState operator; // null, DRAIN or MAINT
  private volatile BackendState state = BackendState.UP;
  private volatile long upSinceNanos = Long.MIN_VALUE;
  private final AtomicInteger passiveErrors = new AtomicInteger();

  /** Smooth weighted round robin's running score; guarded by the pool's balancer. */
  long current;

  Backend(BackendConfig config, HealthSettings health) {
    this.config = config;
    this.health = health;
    this.address = InetSocketAddress.createUnresolved(config.address(), config.port());
    // Varnish's ".initial": start as if threshold probes had succeeded, so a new pool serves.
    for (int i = 0; i < health.threshold(); i++) {
      probeBits = (probeBits << 1) | 1;
    }
    probes = health.threshold();
  }

  String id() {
    return config.id();
  }

  /** Takes a pool's health settings (on reload, for a backend that stays). */
  synchronized Backend reconfigure(HealthSettings settings, boolean passive) {
    if (!settings.equals(health)) {
      health = settings;
      recompute("health settings changed");
    }
    passiveAllowed = passive;
    return this;
  }

  HealthSettings health() {
    return health;
  }

  /** No operator state (drain, maint) keeps it from taking traffic. */
  boolean inService() {
    return operator == null;
  }

  BackendState state() {
    return state;
  }

  boolean available() {
    return state == BackendState.UP;
  }

  /** Weight now, reduced during slow start after a recovery (never below a tenth). */
  double effectiveWeight(long nowNanos, Duration slowStart) {
    long since = upSinceNanos;
    if (since == Long.MIN_VALUE || slowStart.isZero()) {
      return config.weight();
    }
    double ramp = (double) (nowNanos - since) / slowStart.toNanos();
    if (ramp >= 1) {
      return config.weight();
    }
    return config.weight() * Math.max(0.1, ramp);
  }

  /** Takes a slot for one request; false when {@code max} (above 0) are in progress already. */
  boolean tryAcquire(int max) {
    while (true) {
      int n = active.get();
      if (max > 0 && n >= max) {
        return false;
      }
      if (active.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** Requests in progress (counting the next one) per unit of weight: lower is less busy. */
  double load(long nowNanos, Duration slowStart) {
    return (active.get() + 1) / effectiveWeight(nowNanos, slowStart);
  }

  /** Sets or clears an operator's state: DRAIN, MAINT, or UP to clear. */
  synchronized void setOperatorState(BackendState s) {
    operator = s == BackendState.UP || s == BackendState.DOWN ? null : s;
    recompute("operator");
  }

  /** Records an active probe's result. */
  synchronized void probed(boolean ok) {
    probeBits = (probeBits << 1) | (ok ? 1 : 0);
    probes = Math.min(probes + 1, health.window());
    successesInARow = ok ? successesInARow + 1 : 0;
    failuresInARow = ok ? 0 : failuresInARow + 1;
    if (health.riseFall()) {
      if (!healthy && successesInARow >= health.rise()) {
        healthy = true;
      } else if (healthy && failuresInARow >= health.fall()) {
        healthy = false;
      }
    } else {
      long mask = health.window() == 64 ? -1L : (1L << health.window()) - 1;
      healthy = Long.bitCount(probeBits & mask) >= health.threshold();
    }
    if (ok) {
      passiveErrors.set(0);
    }
    recompute("probe " + (ok ? "ok" : "failed"));
  }

  /**
   * A request to this backend failed to connect, was reset or timed out (or got a 5xx, when the
   * pool counts those); enough in a row take it down, unless it is its pool's only backend.
   */
  void passiveFailure(String why) {
    int n = passiveErrors.incrementAndGet();
    if (passiveAllowed && health.passiveErrors() > 0 && n >= health.passiveErrors()) {
      synchronized (this) {
        if (healthy) {
          healthy = false;
          // the window must earn its way back: clear it
          probeBits = 0;
          successesInARow = 0;
          recompute("passive: " + n + " errors in a row (" + why + ")");
        }
      }
    }
  }

  /** A request to this backend got a response. */
  void passiveSuccess() {
    if (passiveErrors.get() != 0) {
      passiveErrors.set(0);
    }
  }

  private void recompute(String why) {
    BackendState next;
    if (operator == BackendState.MAINT) {
      next = BackendState.MAINT;
    } else if (!healthy) {
      next = BackendState.DOWN;
    } else if (operator == BackendState.DRAIN) {
      next = BackendState.DRAIN;
    } else {
      next = BackendState.UP;
    }
    BackendState before = state;
    if (next != before) {
      if (next == BackendState.UP && before == BackendState.DOWN) {
        upSinceNanos = System.nanoTime();
      }
      state = next;
      metrics.transitions.increment();
      if (transitions.size() >= 20) {
        transitions.removeFirst();
      }
      transitions.add(Instant.now() + " " + before + " -> " + next + " (" + why + ")");
    }
  }

  synchronized List<String> transitions() {
    return List.copyOf(transitions);
  }

  synchronized String healthSummary() {
    return health.riseFall()
        ? successesInARow + " ok / " + failuresInARow + " failed in a row"
        : Long.bitCount(probeBits & ((1L << Math.min(63, probes)) - 1))
            + "/"
            + probes
            + " recent probes ok";
  }

  /** An idle connection on this event loop, or null. Call on {@code loop}. */
  Channel pollIdle(EventLoop loop) {
    ArrayDeque<Channel> q = idle.get(loop);
    if (q == null) {
      return null;
    }
    Channel c;
    while ((c = q.pollLast()) != null) {
      if (c.isActive()) {
        return c;
      }
    }
    return null;
  }

  /** Keeps a connection for reuse; closes it when there are enough. Call on its event loop. */
  void offerIdle(Channel c) {
    ArrayDeque<Channel> q = idle.computeIfAbsent(c.eventLoop(), l -> new ArrayDeque<>());
    if (q.size() >= MAX_IDLE_PER_LOOP || !c.isActive()) {
      c.close();
      return;
    }
    q.addLast(c);
    if (c.attr(WATCHED).setIfAbsent(Boolean.TRUE) == null) {
      // once per connection, not per reuse: the listener leaves the deque when it closes
      c.closeFuture().addListener(f -> q.remove(c)); // runs on c's event loop
    }
  }

  /** Closes every idle connection (on reload or shutdown), each on its own event loop. */
  void closeIdle() {
    idle.forEach(
        (loop, q) -> {
          if (!loop.isShuttingDown()) {
            loop.execute(() -> List.copyOf(q).forEach(Channel::close));
          }
        });
  }

  private static final io.netty.util.AttributeKey<Boolean> WATCHED =
      io.netty.util.AttributeKey.valueOf("brigade.idle-watched");

  /** A latency recorder in microseconds. */
  static Recorder newRecorder() {
    return new Recorder(3);
  }

  @Override
  public String toString() {
    return id() + " " + state;
  }
}
