package dev.brigade.edge;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Active health checks: every backend is probed at its pool's interval (an HTTP GET of the model's
 * check path, or a TCP connect), each first probe at a random point of the interval so a large pool
 * is not probed all at once. Probes go through the {@link UpstreamClient} on the edge's event loops
 * (one loop per backend), with the timeouts of the snapshot in force; see {@link HealthProbe}.
 */
final class HealthProber implements AutoCloseable {
  private final EdgeRuntime rt;
  private final EventLoopGroup group;
  private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();

  /** Each backend's probes run on one loop, so they find the idle connection the last one left. */
  private final Map<Backend, EventLoop> loops = new ConcurrentHashMap<>();

  private boolean closed;

  HealthProber(EdgeRuntime rt, EventLoopGroup group) {
    this.rt = rt;
    this.group = group;
  }

  /** Probes every backend of {@code snapshot}, replacing what was scheduled before. */
  synchronized void watch(EdgeRuntime.Snapshot snapshot) {
    scheduled.forEach(f -> f.cancel(false));
    scheduled.clear();
    if (closed) {
      return;
    }
    java.util.Set<Backend> current = new java.util.HashSet<>();
    snapshot.pools().values().forEach(p -> current.addAll(p.all()));
    loops.keySet().retainAll(current); // backends the reload removed
    for (BackendPool pool : snapshot.pools().values()) {
      long interval = Math.max(100, pool.config.probeInterval().toMillis());
      for (Backend b : pool.all()) {
        EventLoop loop = loop(b);
        long first = ThreadLocalRandom.current().nextLong(interval);
        scheduled.add(
            loop.scheduleAtFixedRate(
                () -> start(pool.config, b, loop), first, interval, TimeUnit.MILLISECONDS));
      }
    }
  }

  private Future<Boolean> start(PoolConfig pool, Backend b, EventLoop loop) {
    Future<Boolean> f = rt.upstreamClient.probe(pool, b, loop, rt.snapshot().timeouts());
    f.addListener(done -> b.probed(Boolean.TRUE.equals(done.getNow())));
    return f;
  }

  /** Probes once, now, and records the result (blocks: never call it on an event loop). */
  void probe(PoolConfig pool, Backend b) {
    Future<Boolean> f = rt.upstreamClient.probe(pool, b, loop(b), rt.snapshot().timeouts());
    b.probed(Boolean.TRUE.equals(f.syncUninterruptibly().getNow()));
  }

  private EventLoop loop(Backend b) {
    return loops.computeIfAbsent(b, x -> group.next());
  }

  @Override
  public synchronized void close() {
    closed = true;
    scheduled.forEach(f -> f.cancel(false));
    scheduled.clear();
  }
}
