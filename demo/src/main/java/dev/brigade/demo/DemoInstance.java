package dev.brigade.demo;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One running instance of the demo application, whose behaviour tests and the demo can change while
 * it runs: slower, failing, unhealthy, stopped.
 */
public final class DemoInstance {
  private final String name;
  private final String bindAddress;
  private final int maxAgeSeconds;
  private final AtomicLong requests = new AtomicLong();
  private final Sessions sessions = new Sessions();
  private final AppMetrics metrics = new AppMetrics();
  private final Optional<InetSocketAddress> memcached;
  private volatile Duration latency;
  private volatile double failureRate;
  private volatile boolean healthy = true;
  private int port;
  private HttpServer server;
  private ExecutorService executor;
  private Optional<MemcachedClient> memcachedClient = Optional.empty();

  DemoInstance(
      String name,
      String bindAddress,
      int port,
      Duration latency,
      double failureRate,
      int maxAgeSeconds,
      Optional<InetSocketAddress> memcached) {
    this.name = name;
    this.memcached = memcached;
    this.bindAddress = bindAddress;
    this.port = port;
    this.latency = latency;
    this.failureRate = failureRate;
    this.maxAgeSeconds = maxAgeSeconds;
  }

  /** The instance's name: app1, app2, ... */
  public String name() {
    return name;
  }

  /** Where it listens. */
  public synchronized InetSocketAddress address() {
    return new InetSocketAddress(bindAddress, port);
  }

  /** Its base URI, e.g. {@code http://127.0.0.1:41234/}. */
  public URI uri() {
    InetSocketAddress a = address();
    String host =
        a.getHostString().contains(":") ? "[" + a.getHostString() + "]" : a.getHostString();
    return URI.create("http://" + host + ":" + a.getPort() + "/");
  }

  /** Makes every yellow and red page take {@code latency} longer. */
  public void setLatency(Duration latency) {
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative");
    }
    this.latency = latency;
  }

  /** Makes yellow and red pages answer 500 with probability {@code rate}. */
  public void setFailureRate(double rate) {
    if (rate < 0 || rate > 1) {
      throw new IllegalArgumentException("failure rate must be from 0 to 1, not " + rate);
    }
    this.failureRate = rate;
  }

  /** Makes {@code /health} answer 200 (healthy) or 503. */
  public void setHealthy(boolean healthy) {
    this.healthy = healthy;
  }

  /** The current latency. */
  public Duration latency() {
    return latency;
  }

  /** The current failure rate. */
  public double failureRate() {
    return failureRate;
  }

  /** Whether {@code /health} answers 200. */
  public boolean healthy() {
    return healthy;
  }

  /** Requests answered since the instance was created, health checks included. */
  public long requests() {
    return requests.get();
  }

  /** Whether its yellow pages' fragments are cached in memcached. */
  public boolean usesMemcached() {
    return memcached.isPresent();
  }

  /** Requests of one hit class answered since the instance was created ({@code /metrics}). */
  public long requests(dev.brigade.traffic.HitClass kind) {
    return metrics.requests(kind);
  }

  /** Fragment lookups in memcached that hit. */
  public long cacheHits() {
    return metrics.cacheCount(AppMetrics.CacheResult.HIT);
  }

  /** Fragment lookups in memcached that missed. */
  public long cacheMisses() {
    return metrics.cacheCount(AppMetrics.CacheResult.MISS);
  }

  /** True while it accepts connections. */
  public synchronized boolean running() {
    return server != null;
  }

  /** Starts listening, on the same port as before when it ran already. */
  public synchronized void start() {
    if (server != null) {
      return;
    }
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress(bindAddress, port), 128);
      executor = Executors.newVirtualThreadPerTaskExecutor();
      s.setExecutor(executor);
      Optional<MemcachedClient> client =
          memcached.map(a -> new MemcachedClient(a, 16, Duration.ofMillis(500)));
      s.createContext(
          "/",
          new Pages(
              this,
              sessions,
              maxAgeSeconds,
              metrics,
              new FragmentCache(client, metrics),
              new SharedCarts(sessions, client)));
      s.start();
      port = s.getAddress().getPort();
      server = s;
      memcachedClient = client;
    } catch (IOException e) {
      if (executor != null) {
        executor.shutdownNow();
        executor = null;
      }
      throw new UncheckedIOException(
          "cannot listen on " + bindAddress + ":" + port + " for " + name + ": " + e.getMessage(),
          e);
    }
  }

  /** Stops listening at once: new connections are refused, open ones are closed. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    server.stop(0);
    executor.shutdownNow();
    memcachedClient.ifPresent(MemcachedClient::close);
    server = null;
    executor = null;
    memcachedClient = Optional.empty();
  }

  void counted() {
    requests.incrementAndGet();
  }

  @Override
  public String toString() {
    return name + " " + uri();
  }
}
