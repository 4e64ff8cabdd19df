package dev.brigade.edge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** Renders the edge's state as Prometheus text and as JSON-ready maps. */
final class MetricsText {
  private static final String[] CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};
  private static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999};

  private MetricsText() {}

  static String prometheus(EdgeRuntime rt) {
    StringBuilder b = new StringBuilder(4096);
    b.append("# HELP brigade_edge_connections_total Client connections accepted.\n");
    b.append("# TYPE brigade_edge_connections_total counter\n");
    b.append("brigade_edge_connections_total ").append(rt.connections.sum()).append('\n');
    b.append("# TYPE brigade_edge_open_connections gauge\n");
    b.append("brigade_edge_open_connections ").append(rt.openConnections.sum()).append('\n');
    b.append(
        "# HELP brigade_edge_refused_requests_total Requests refused as malformed or unsafe.\n");
    b.append("# TYPE brigade_edge_refused_requests_total counter\n");
    b.append("brigade_edge_refused_requests_total ").append(rt.refused.sum()).append('\n');
    b.append("# TYPE brigade_edge_client_timeouts_total counter\n");
    b.append("brigade_edge_client_timeouts_total ").append(rt.timedOutClients.sum()).append('\n');
    b.append(
        "# HELP brigade_edge_responses_total Responses by pool, backend and status class"
            + " (refreshes and health probes included).\n");
    b.append("# TYPE brigade_edge_responses_total counter\n");
    for (BackendPool p : rt.snapshot().pools().values()) {
      for (Backend be : p.all()) {
        for (int i = 0; i < 5; i++) {
          b.append("brigade_edge_responses_total{pool=\"")
              .append(p.name())
              .append("\",backend=\"")
              .append(be.id())
              .append("\",code=\"")
              .append(CLASSES[i])
              .append("\"} ")
              .append(be.metrics.byClass[i].sum())
              .append('\n');
        }
      }
    }
    counter(
        b,
        rt,
        "brigade_edge_connect_errors_total",
        "Failed connections to backends.",
        m -> m.connectErrors.sum());
    counter(
        b,
        rt,
        "brigade_edge_backend_timeouts_total",
        "Backend first-byte and between-bytes timeouts.",
        m -> m.timeouts.sum());
    counter(
        b,
        rt,
        "brigade_edge_bad_responses_total",
        "Invalid HTTP responses from backends.",
        m -> m.badResponses.sum());
    counter(
        b,
        rt,
        "brigade_edge_retries_total",
        "Requests retried on another backend.",
        m -> m.retries.sum());
    counter(
        b,
        rt,
        "brigade_edge_state_transitions_total",
        "Backend state changes.",
        m -> m.transitions.sum());
    b.append("# HELP brigade_edge_backend_state 1 for the backend's current state.\n");
    b.append("# TYPE brigade_edge_backend_state gauge\n");
    b.append("# HELP brigade_edge_backend_active Requests in progress.\n");
    for (BackendPool p : rt.snapshot().pools().values()) {
      for (Backend be : p.all()) {
        for (BackendState s : BackendState.values()) {
          b.append("brigade_edge_backend_state{pool=\"")
              .append(p.name())
              .append("\",backend=\"")
              .append(be.id())
              .append("\",state=\"")
              .append(s.name().toLowerCase(Locale.ROOT))
              .append("\"} ")
              .append(be.state() == s ? 1 : 0)
              .append('\n');
        }
        b.append("brigade_edge_backend_active{pool=\"")
            .append(p.name())
            .append("\",backend=\"")
            .append(be.id())
            .append("\"} ")
            .append(be.active.get())
            .append('\n');
      }
    }
    b.append(
        "# HELP brigade_edge_pool_panic_total Requests balanced over all primaries because too"
            + " few were healthy.\n");
    b.append("# TYPE brigade_edge_pool_panic_total counter\n");
    for (BackendPool p : rt.snapshot().pools().values()) {
      b.append("brigade_edge_pool_panic_total{pool=\"")
          .append(p.name())
          .append("\"} ")
          .append(p.panics.sum())
          .append('\n');
    }
    b.append("# HELP brigade_edge_pool_queue Requests waiting for a backend below max-conn.\n");
    b.append("# TYPE brigade_edge_pool_queue gauge\n");
    for (BackendPool p : rt.snapshot().pools().values()) {
      b.append("brigade_edge_pool_queue{pool=\"")
          .append(p.name())
          .append("\"} ")
          .append(p.queue.size())
          .append('\n');
    }
    b.append(
        "# HELP brigade_edge_pool_queue_refused_total Requests answered 503: queue full or"
            + " waited too long.\n");
    b.append("# TYPE brigade_edge_pool_queue_refused_total counter\n");
    for (BackendPool p : rt.snapshot().pools().values()) {
      b.append("brigade_edge_pool_queue_refused_total{pool=\"")
          .append(p.name())
          .append("\"} ")
          .append(p.queue.refused.sum())
          .append('\n');
    }
    b.append(
        "# HELP brigade_edge_request_duration_seconds Time from request to end of response.\n");
    b.append("# TYPE brigade_edge_request_duration_seconds summary\n");
    for (BackendPool p : rt.snapshot().pools().values()) {
      Histogram h = p.metrics.histogram();
      for (double q : QUANTILES) {
        b.append("brigade_edge_request_duration_seconds{pool=\"")
            .append(p.name())
            .append("\",quantile=\"")
            .append(q)
            .append("\"} ")
            .append(h.getValueAtPercentile(q * 100) / 1e6)
            .append('\n');
      }
      b.append("brigade_edge_request_duration_seconds_count{pool=\"")
          .append(p.name())
          .append("\"} ")
          .append(h.getTotalCount())
          .append('\n');
    }
    if (rt.cache != null) {
      HttpCache c = rt.cache;
      b.append("# HELP brigade_edge_cache_lookups_total Cache lookups by result.\n");
      b.append("# TYPE brigade_edge_cache_lookups_total counter\n");
      b.append("brigade_edge_cache_lookups_total{result=\"hit\"} ")
          .append(c.hits.sum())
          .append('\n');
      b.append("brigade_edge_cache_lookups_total{result=\"miss\"} ")
          .append(c.misses.sum())
          .append('\n');
      b.append("brigade_edge_cache_lookups_total{result=\"stale\"} ")
          .append(c.staleServed.sum())
          .append('\n');
      b.append("brigade_edge_cache_lookups_total{result=\"pass\"} ")
          .append(c.passes.sum())
          .append('\n');
      b.append(
          "# HELP brigade_edge_cache_coalesced_total Requests that waited for another's fetch.\n");
      b.append("# TYPE brigade_edge_cache_coalesced_total counter\n");
      b.append("brigade_edge_cache_coalesced_total ").append(c.coalesced.sum()).append('\n');
      b.append("# TYPE brigade_edge_cache_stored_total counter\n");
      b.append("brigade_edge_cache_stored_total ").append(c.stored.sum()).append('\n');
      b.append("# TYPE brigade_edge_cache_refreshes_total counter\n");
      b.append("brigade_edge_cache_refreshes_total ")
          .append(rt.refresher.refreshes.sum())
          .append('\n');
      b.append("# TYPE brigade_edge_cache_objects gauge\n");
      b.append("brigade_edge_cache_objects ").append(c.objects()).append('\n');
      b.append("# TYPE brigade_edge_cache_bytes gauge\n");
      b.append("brigade_edge_cache_bytes ").append(c.bytes()).append('\n');
      b.append("# HELP brigade_edge_requests_by_class_total Requests by the seed's hit classes.\n");
      b.append("# TYPE brigade_edge_requests_by_class_total counter\n");
      String[] names = {"green", "yellow", "red"};
      for (int i = 0; i < 3; i++) {
        b.append("brigade_edge_requests_by_class_total{class=\"")
            .append(names[i])
            .append("\"} ")
            .append(c.classes[i].sum())
            .append('\n');
      }
    }
    b.append(
        "# HELP brigade_edge_inflight_bytes Bytes captured in flight (edge.limits.in-flight).\n");
    b.append("# TYPE brigade_edge_inflight_bytes gauge\n");
    b.append("brigade_edge_inflight_bytes ").append(rt.inFlight.used()).append('\n');
    b.append("# TYPE brigade_edge_inflight_bytes_max gauge\n");
    b.append("brigade_edge_inflight_bytes_max ").append(rt.inFlight.highWater()).append('\n');
    b.append("# TYPE brigade_edge_refused_connections_total counter\n");
    b.append("brigade_edge_refused_connections_total ")
        .append(rt.refusedConnections.sum())
        .append('\n');
    rt.tunnels.prometheus(b);
    if (rt.accessLog != null) {
      b.append("# TYPE brigade_edge_access_log_dropped_total counter\n");
      b.append("brigade_edge_access_log_dropped_total ")
          .append(rt.accessLog.dropped())
          .append('\n');
    }
    return b.toString();
  }

  private interface Field {
    long get(BackendMetrics m);
  }

  private static void counter(StringBuilder b, EdgeRuntime rt, String name, String help, Field f) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(" counter\n");
    for (BackendPool p : rt.snapshot().pools().values()) {
      for (Backend be : p.all()) {
        b.append(name)
            .append("{pool=\"")
            .append(p.name())
            .append("\",backend=\"")
            .append(be.id())
            .append("\"} ")
            .append(f.get(be.metrics))
            .append('\n');
      }
    }
  }

  /** The pools, backends and cache counters: the admin API's {@code GET /pools} answer. */
  static AdminJson.Pools pools(EdgeRuntime rt) {
    List<AdminJson.Pool> pools = new ArrayList<>();
    for (BackendPool p : rt.snapshot().pools().values()) {
      List<AdminJson.Backend> backends = new ArrayList<>();
      for (Backend be : p.all()) {
        backends.add(
            new AdminJson.Backend(
                be.id(),
                be.config.address() + ":" + be.config.port(),
                be.state().name().toLowerCase(Locale.ROOT),
                be.config.weight(),
                be.config.backup(),
                be.active.get(),
                be.metrics.requests.sum(),
                be.metrics.connectErrors.sum(),
                be.metrics.timeouts.sum(),
                be.healthSummary(),
                be.transitions()));
      }
      Histogram h = p.metrics.histogram();
      pools.add(
          new AdminJson.Pool(
              p.name(),
              p.config.algorithm().id(),
              p.metrics.requests.sum(),
              h.getValueAtPercentile(50) / 1000.0,
              h.getValueAtPercentile(99) / 1000.0,
              backends));
    }
    HttpCache c = rt.cache;
    AdminJson.Cache cache =
        c == null
            ? null
            : new AdminJson.Cache(
                c.hits.sum(),
                c.misses.sum(),
                c.staleServed.sum(),
                c.passes.sum(),
                c.classes[0].sum(),
                c.classes[1].sum(),
                c.classes[2].sum());
    return new AdminJson.Pools(pools, cache);
  }
}
