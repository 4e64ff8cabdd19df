package dev.brigade.box.views;

import dev.brigade.box.web.Ask;
import dev.brigade.box.web.BoxContext;
import dev.brigade.box.web.Dashboards;
import dev.brigade.box.web.Role;
import dev.brigade.metrics.MetricsEngine;
import dev.brigade.metrics.MetricsSettings;
import dev.brigade.model.Cluster;
import dev.brigade.monitor.Monitor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/**
 * A running box for the views' tests: a real model, a real monitor (its checks do not run; tests
 * submit results), a real metrics engine in a temporary directory, dashboards in memory and a clock
 * the test moves.
 */
final class TestBox implements BoxContext, AutoCloseable {
  final Cluster cluster;
  final Monitor monitor;
  final MetricsEngine metrics;
  final MemoryDashboards dashboards = new MemoryDashboards();
  final Path dir;
  volatile Instant now;

  TestBox(Cluster cluster, Path dir, Instant now) throws Exception {
    this(cluster, dir, now, false);
  }

  /** With {@code collectors}, the metrics engine runs the model's collectors on collectNow(). */
  TestBox(Cluster cluster, Path dir, Instant now, boolean collectors) throws Exception {
    this.cluster = cluster;
    this.dir = dir;
    this.now = now;
    InstantSource clock = () -> this.now;
    this.monitor =
        Monitor.create(
            cluster,
            Monitor.Options.defaults().withClock(clock).withStore(dir.resolve("monitor.db")));
    this.metrics =
        collectors
            ? MetricsEngine.create(
                cluster,
                cluster.section(dev.brigade.metrics.MetricsSection.TYPE),
                clock,
                dir.resolve("metrics"))
            : MetricsEngine.open(MetricsSettings.DEFAULT, clock, dir.resolve("metrics"));
  }

  void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public Cluster cluster() {
    return cluster;
  }

  @Override
  public Monitor monitor() {
    return monitor;
  }

  @Override
  public MetricsEngine metrics() {
    return metrics;
  }

  @Override
  public InstantSource clock() {
    return () -> now;
  }

  @Override
  public Dashboards dashboards() {
    return dashboards;
  }

  @Override
  public Path dataDirectory() {
    return dir;
  }

  /** A GET of {@code pathAndQuery} by an operator. */
  Ask get(String pathAndQuery) {
    return ask("GET", pathAndQuery, "");
  }

  /** A form POST of {@code pathAndQuery} by an operator, CSRF already checked. */
  Ask post(String path, String form) {
    return ask("POST", path, form);
  }

  Ask ask(String method, String pathAndQuery, String form) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    Map<String, List<String>> query =
        q < 0 ? Map.of() : GraphRequest.decode(pathAndQuery.substring(q + 1));
    return new Ask(
        method,
        java.net.URLDecoder.decode(path, StandardCharsets.UTF_8),
        query,
        GraphRequest.decode(form),
        form.getBytes(StandardCharsets.UTF_8),
        form.isEmpty() ? "" : "application/x-www-form-urlencoded",
        "operator",
        Role.OPERATOR,
        "test",
        this);
  }

  @Override
  public void close() throws java.sql.SQLException {
    metrics.close();
    monitor.close();
  }
}
