package dev.brigade.demo;

import dev.brigade.traffic.HitClass;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The demo's visitors: requests to the edge in a realistic green/yellow/red mix at a rate that
 * follows a compressed day, with the red users' session cookies kept per user. Non-blocking (the
 * JDK's HttpClient, asynchronous) with a cap on requests in flight; it stops when closed, or after
 * {@link TrafficOptions#maxRequests()}.
 *
 * <pre>{@code
 * try (DemoTraffic t = DemoTraffic.start(URI.create("http://127.0.0.1:8080/"),
 *     TrafficOptions.defaults(), InstantSource.system())) {
 *   Thread.sleep(10_000);
 *   System.out.println(t.counts());
 * }
 * }</pre>
 */
public final class DemoTraffic implements AutoCloseable {
  private static final Duration TICK = Duration.ofMillis(50);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration DRAIN_ON_CLOSE = Duration.ofSeconds(5);
  private static final Duration DRAIN_AFTER_LIMIT = Duration.ofSeconds(60);

  private final URI target;
  private final TrafficOptions options;
  private final InstantSource clock;
  private final Pacer pacer;
  private final TrafficMix.Sampler sampler;
  private final SplittableRandom random;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpClient client;
  private final Semaphore inFlight;
  private final AtomicReferenceArray<String> cookies;
  private final AtomicReferenceArray<TrafficMix.UserState> states;
  private final AtomicLongArray sent = new AtomicLongArray(HitClass.values().length);
  private final AtomicLongArray ok = new AtomicLongArray(HitClass.values().length);
  private final AtomicLongArray failed = new AtomicLongArray(HitClass.values().length);
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong sessions = new AtomicLong();
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch done = new CountDownLatch(1);
  private final Thread loop;
  private volatile boolean stopping;

  private DemoTraffic(URI target, TrafficOptions options, InstantSource clock) {
    this.target = target;
    this.options = options;
    this.clock = clock;
    this.pacer = new Pacer(options.curve(), clock.instant());
    this.sampler = options.mix().sampler();
    this.random =
        options.seed() == 0 ? new SplittableRandom() : new SplittableRandom(options.seed());
    this.inFlight = new Semaphore(options.concurrency());
    int users = options.mix().users();
    this.cookies = new AtomicReferenceArray<>(users);
    this.states = new AtomicReferenceArray<>(users);
    for (int i = 0; i < users; i++) {
      states.set(i, TrafficMix.UserState.LOGGED_OUT);
    }
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(2))
            .executor(executor)
            .build();
    this.loop = Thread.ofPlatform().daemon().name("brigade-demo-traffic").unstarted(this::run);
  }

  /** Starts sending to {@code target} (the edge's base URI, ending in /). */
  public static DemoTraffic start(URI target, TrafficOptions options, InstantSource clock) {
    DemoTraffic t = new DemoTraffic(target, options, clock);
    t.loop.start();
    return t;
  }

  /** The options it runs with. */
  public TrafficOptions options() {
    return options;
  }

  /** Where it sends. */
  public URI target() {
    return target;
  }

  /** The counters so far, with the current rate and simulated time of day. */
  public TrafficCounts counts() {
    Map<HitClass, TrafficCounts.PerClass> m = new EnumMap<>(HitClass.class);
    for (HitClass c : HitClass.values()) {
      int i = c.ordinal();
      m.put(c, new TrafficCounts.PerClass(sent.get(i), ok.get(i), failed.get(i)));
    }
    var now = clock.instant();
    return new TrafficCounts(
        m,
        skipped.get(),
        sessions.get(),
        pacer.rate(now),
        options.curve().clockAt(pacer.elapsed(now)));
  }

  /**
   * Waits until the generator has stopped (closed, or its request limit reached) and its last
   * requests are answered; false when {@code limit} passed first.
   */
  public boolean awaitDone(Duration limit) throws InterruptedException {
    return done.await(limit.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void run() {
    try {
      long total = 0;
      long max = options.maxRequests();
      while (!stopping && (max == 0 || total < max)) {
        int n = pacer.due(clock.instant());
        for (int i = 0; i < n && !stopping && (max == 0 || total < max); i++) {
          TrafficMix.Request r = sampler.next(random, states::get);
          total++;
          if (!inFlight.tryAcquire()) {
            skipped.incrementAndGet();
            continue;
          }
          send(r);
        }
        if (stop.await(TICK.toMillis(), TimeUnit.MILLISECONDS)) {
          break;
        }
      }
      Duration drain = stopping ? DRAIN_ON_CLOSE : DRAIN_AFTER_LIMIT;
      if (inFlight.tryAcquire(options.concurrency(), drain.toMillis(), TimeUnit.MILLISECONDS)) {
        inFlight.release(options.concurrency());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      done.countDown();
    }
  }

  private void send(TrafficMix.Request r) {
    int c = r.kind().ordinal();
    HttpRequest.Builder b =
        HttpRequest.newBuilder(target.resolve(r.path().substring(1))).timeout(REQUEST_TIMEOUT);
    b.header("User-Agent", "brigade-demo-traffic");
    if (r.user() >= 0) {
      if (r.login()) {
        states.set(r.user(), TrafficMix.UserState.LOGGING_IN);
      } else {
        Optional.ofNullable(cookies.get(r.user())).ifPresent(k -> b.header("Cookie", k));
      }
    }
    if (r.method().equals("POST")) {
      b.header("Content-Type", "application/x-www-form-urlencoded");
      b.POST(HttpRequest.BodyPublishers.ofString(r.form()));
    } else {
      b.GET();
    }
    sent.incrementAndGet(c);
    HttpRequest request = b.build();
    try {
      client
          .sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .whenComplete(
              (resp, error) -> {
                try {
                  answered(r, resp, error);
                } finally {
                  inFlight.release();
                }
              });
    } catch (RuntimeException e) {
      // the client is shutting down
      failed.incrementAndGet(c);
      inFlight.release();
    }
  }

  private void answered(TrafficMix.Request r, HttpResponse<Void> resp, Throwable error) {
    int c = r.kind().ordinal();
    boolean good = error == null && resp.statusCode() < 400;
    (good ? ok : failed).incrementAndGet(c);
    if (r.user() < 0) {
      return;
    }
    Optional<String> cookie = resp == null ? Optional.empty() : sessionCookie(resp);
    if (cookie.isPresent()) {
      sessions.incrementAndGet();
      cookies.set(r.user(), cookie.get());
    }
    if (r.login()) {
      boolean in = cookie.isPresent();
      states.set(r.user(), in ? TrafficMix.UserState.LOGGED_IN : TrafficMix.UserState.LOGGED_OUT);
    } else if (r.logout()) {
      cookies.set(r.user(), null);
      states.set(r.user(), TrafficMix.UserState.LOGGED_OUT);
    }
  }

  /** {@code NAME=VALUE} of the session cookie a response sets, without its attributes. */
  static Optional<String> sessionCookie(HttpResponse<?> resp) {
    for (String h : resp.headers().allValues("Set-Cookie")) {
      if (h.startsWith(Pages.SESSION_COOKIE + "=")) {
        int semi = h.indexOf(';');
        return Optional.of(semi < 0 ? h : h.substring(0, semi));
      }
    }
    return Optional.empty();
  }

  /** Stops sending; waits a few seconds for the requests in flight. */
  @Override
  public void close() {
    stopping = true;
    stop.countDown();
    try {
      loop.join(DRAIN_ON_CLOSE.plusSeconds(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.shutdownNow();
    executor.shutdownNow();
  }
}
