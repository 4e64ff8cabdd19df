package dev.brigade.edge;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Active health checks: every backend is probed at its pool's interval (an HTTP GET of the model's
 * check path, or a TCP connect), each first probe at a random point of the interval so a large pool
 * is not probed all at once. Probes run on virtual threads, off the event loops.
 */
final class HealthProber implements AutoCloseable {
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("brigade-edge-probes").factory());
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .executor(Executors.newVirtualThreadPerTaskExecutor())
          .build();
  private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();

  /** Probes every backend of {@code snapshot}, replacing what was scheduled before. */
  synchronized void watch(EdgeRuntime.Snapshot snapshot) {
    scheduled.forEach(f -> f.cancel(false));
    scheduled.clear();
    for (BackendPool pool : snapshot.pools().values()) {
      long interval = Math.max(100, pool.config.probeInterval().toMillis());
      for (Backend b : pool.all()) {
        long first = ThreadLocalRandom.current().nextLong(interval);
        scheduled.add(
            timer.scheduleAtFixedRate(
                () -> Thread.ofVirtual().name("probe " + b.id()).start(() -> probe(pool.config, b)),
                first,
                interval,
                TimeUnit.MILLISECONDS));
      }
    }
  }

  /** Probes once, now, and records the result. */
  void probe(PoolConfig pool, Backend b) {
    b.probed(check(pool, b));
  }

  private boolean check(PoolConfig pool, Backend b) {
    Duration timeout = pool.probeTimeout();
    if (pool.healthPath().isEmpty()) {
      try (Socket s = new Socket()) {
        s.connect(
            new InetSocketAddress(b.config.address(), b.config.port()), (int) timeout.toMillis());
        return true;
      } catch (IOException e) {
        return false;
      }
    }
    String host =
        b.config.address().contains(":") ? "[" + b.config.address() + "]" : b.config.address();
    try {
      HttpRequest req =
          HttpRequest.newBuilder(
                  URI.create("http://" + host + ":" + b.config.port() + pool.healthPath()))
              .timeout(timeout)
              .header("User-Agent", "brigade-edge health check")
              .GET()
              .build();
      HttpResponse<Void> resp = http.send(req, HttpResponse.BodyHandlers.discarding());
      return resp.statusCode() == pool.expectStatus();
    } catch (IOException | IllegalArgumentException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public synchronized void close() {
    scheduled.forEach(f -> f.cancel(false));
    timer.shutdownNow();
    http.close();
  }
}
