package dev.brigade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brigade.box.web.Ask;
import dev.brigade.box.web.Role;
import dev.brigade.demo.DemoApp;
import dev.brigade.demo.DemoOptions;
import dev.brigade.edge.CacheSettings;
import dev.brigade.edge.EdgeServer;
import dev.brigade.metrics.MetricsEngine;
import dev.brigade.metrics.MetricsSection;
import dev.brigade.metrics.MetricsSettings;
import dev.brigade.metrics.SeriesInfo;
import dev.brigade.model.Cluster;
import dev.brigade.model.ClusterLoader;
import dev.brigade.monitor.CheckState;
import dev.brigade.monitor.CheckView;
import dev.brigade.monitor.Monitor;
import dev.brigade.monitor.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walk-through on the demo's own model, with the monitor on a clock the test moves: an
 * instance stopped from the /demo page is DOWN at the edge, CRITICAL at the monitor and missing
 * from the metrics; started again, it is back.
 */
class DemoStoppedInstanceTest {
  private static final String TOKEN = "0123456789abcdef0123456789abcdef";

  @TempDir Path dir;

  /** A clock the test moves by hand. */
  private static final class StepClock implements InstantSource {
    private volatile Instant now = Instant.parse("2026-06-01T12:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  @Test
  void stoppedInstance_isSeenByTheEdgeTheMonitorAndTheMetrics_andComesBack() throws Exception {
    StepClock clock = new StepClock();
    try (DemoApp app =
            DemoApp.start(
                new DemoOptions(
                    3, "127.0.0.1", List.of(), Duration.ZERO, 0, Map.of(), Map.of(), 10));
        EdgeServer edge =
            EdgeServer.start(
                DemoTrafficThroughEdgeTest.edgeConfig(app).withCache(CacheSettings.DEFAULT))) {
      Path file = DemoModel.of(app, edge, TOKEN, Optional.empty(), dir).write();
      Cluster cluster = new ClusterLoader(Map.of(), List.of()).read(file);
      MetricsSettings settings = cluster.section(MetricsSection.TYPE);
      RunningDemo demo = new RunningDemo(app, Optional.empty(), Optional.empty());
      RunningDemo.set(demo);
      try (Monitor monitor =
              Monitor.create(
                  cluster,
                  Monitor.Options.defaults().withClock(clock).withStore(dir.resolve("m.db")));
          MetricsEngine metrics =
              MetricsEngine.create(cluster, settings, clock, settings.store().orElseThrow())) {
        get(URI.create("http://127.0.0.1:" + edge.address().getPort() + "/news"));
        monitor.runDue();
        metrics.collectNow();
        assertThat(monitor.problems()).isEmpty();
        assertThat(metrics.collectionProblems()).isEmpty();
        assertThat(metrics.series().stream().map(SeriesInfo::id).map(Object::toString))
            .contains("app1/app1/demo_requests_total{class=\"yellow\"}")
            .anyMatch(s -> s.startsWith("edge/edge/brigade_edge_"));

        new DemoPage().handle(form("app2", "stop"));
        probe(edge);
        CheckView down = nextRuns(monitor, clock, "app2/http", 2);
        CheckView pool = monitor.check("edge/pool").orElseThrow();
        metrics.collectNow();

        assertThat(down.status()).isEqualTo(Status.CRITICAL);
        assertThat(down.stateType()).isEqualTo(CheckState.Type.HARD);
        assertThat(pool.status()).isNotEqualTo(Status.OK);
        assertThat(pool.output()).contains("2 of 3 backends up");
        assertThat(metrics.collectionProblems()).anyMatch(p -> p.contains("app2"));

        new DemoPage().handle(form("app2", "start"));
        probe(edge);
        CheckView up = nextRuns(monitor, clock, "app2/http", 1);
        metrics.collectNow();

        assertThat(up.status()).isEqualTo(Status.OK);
        assertThat(monitor.check("edge/pool").orElseThrow().output())
            .contains("3 of 3 backends up");
        assertThat(metrics.collectionProblems()).noneMatch(p -> p.contains("app2"));
      } finally {
        RunningDemo.clear(demo);
      }
    }
  }

  private static Ask form(String instance, String action) {
    return new Ask(
        "POST",
        "/demo",
        Map.of(),
        Map.of("instance", List.of(instance), "action", List.of(action)),
        new byte[0],
        "application/x-www-form-urlencoded",
        "tester",
        Role.OPERATOR,
        "t",
        null);
  }

  /** The edge's health window is 5 probes. */
  private static void probe(EdgeServer edge) {
    for (int i = 0; i < 5; i++) {
      edge.probeAll();
    }
  }

  /** Moves the clock to each next run of {@code id} and runs what is due, {@code n} times. */
  private static CheckView nextRuns(Monitor monitor, StepClock clock, String id, int n)
      throws InterruptedException {
    for (int i = 0; i < n; i++) {
      Instant when = monitor.check(id).orElseThrow().nextCheck();
      if (when.isAfter(clock.instant())) {
        clock.advance(Duration.between(clock.instant(), when));
      }
      monitor.runDue();
    }
    return monitor.check(id).orElseThrow();
  }

  private static void get(URI uri) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
  }
}
