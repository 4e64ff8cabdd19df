package dev.brigade.demo;

import dev.brigade.traffic.HitClass;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One instance's counters, served as Prometheus text at {@code /metrics} so that the box graphs
 * each instance: requests and errors per hit class, response time, fragment cache results and
 * sessions created.
 */
final class AppMetrics {
  /** The upper bounds of the response time histogram, in seconds. */
  static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

  /** What the fragment cache found. */
  enum CacheResult {
    HIT,
    MISS,
    ERROR
  }

  private final AtomicLongArray requests = new AtomicLongArray(HitClass.values().length);
  private final AtomicLongArray errors = new AtomicLongArray(HitClass.values().length);
  private final AtomicLongArray buckets = new AtomicLongArray(BUCKETS.length);
  private final AtomicLong count = new AtomicLong();
  private final AtomicLong nanos = new AtomicLong();
  private final AtomicLongArray cache = new AtomicLongArray(CacheResult.values().length);
  private final AtomicLong sessions = new AtomicLong();

  /** One answered request: its class, status and how long it took. */
  void request(HitClass kind, int status, long elapsedNanos) {
    requests.incrementAndGet(kind.ordinal());
    if (status >= 500 || status < 0) {
      errors.incrementAndGet(kind.ordinal());
    }
    double seconds = elapsedNanos / 1e9;
    for (int i = 0; i < BUCKETS.length; i++) {
      if (seconds <= BUCKETS[i]) {
        buckets.incrementAndGet(i);
        break;
      }
    }
    count.incrementAndGet();
    nanos.addAndGet(elapsedNanos);
  }

  void cache(CacheResult result) {
    cache.incrementAndGet(result.ordinal());
  }

  void sessionCreated() {
    sessions.incrementAndGet();
  }

  long requests(HitClass kind) {
    return requests.get(kind.ordinal());
  }

  long cacheCount(CacheResult result) {
    return cache.get(result.ordinal());
  }

  long sessions() {
    return sessions.get();
  }

  /** The Prometheus text exposition (format 0.0.4). */
  String prometheus(boolean cacheEnabled) {
    StringBuilder b = new StringBuilder(2048);
    b.append("# HELP demo_requests_total Requests answered, by hit class.\n")
        .append("# TYPE demo_requests_total counter\n");
    for (HitClass c : HitClass.values()) {
      line(b, "demo_requests_total{class=\"" + c.label() + "\"}", requests.get(c.ordinal()));
    }
    b.append("# HELP demo_errors_total Requests answered with a 5xx status, by hit class.\n")
        .append("# TYPE demo_errors_total counter\n");
    for (HitClass c : HitClass.values()) {
      line(b, "demo_errors_total{class=\"" + c.label() + "\"}", errors.get(c.ordinal()));
    }
    b.append("# HELP demo_request_duration_seconds Time to answer a request.\n")
        .append("# TYPE demo_request_duration_seconds histogram\n");
    long cumulative = 0;
    for (int i = 0; i < BUCKETS.length; i++) {
      cumulative += buckets.get(i);
      line(
          b, "demo_request_duration_seconds_bucket{le=\"" + format(BUCKETS[i]) + "\"}", cumulative);
    }
    long n = count.get();
    line(b, "demo_request_duration_seconds_bucket{le=\"+Inf\"}", n);
    b.append("demo_request_duration_seconds_sum ").append(format(nanos.get() / 1e9)).append('\n');
    line(b, "demo_request_duration_seconds_count", n);
    if (cacheEnabled) {
      b.append("# HELP demo_fragment_cache_total Lookups in memcached, by result.\n")
          .append("# TYPE demo_fragment_cache_total counter\n");
      for (CacheResult r : CacheResult.values()) {
        line(
            b,
            "demo_fragment_cache_total{result=\"" + r.name().toLowerCase(Locale.ROOT) + "\"}",
            cache.get(r.ordinal()));
      }
    }
    b.append("# HELP demo_sessions_created_total Sessions created by logins.\n")
        .append("# TYPE demo_sessions_created_total counter\n");
    line(b, "demo_sessions_created_total", sessions.get());
    return b.toString();
  }

  private static void line(StringBuilder b, String name, long value) {
    b.append(name).append(' ').append(value).append('\n');
  }

  private static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.6g", v).replaceFirst("0+$", "");
  }
}
