package dev.brigade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brigade.box.CheckMetrics;
import dev.brigade.metrics.Consolidation;
import dev.brigade.metrics.MetricsEngine;
import dev.brigade.metrics.MetricsSettings;
import dev.brigade.metrics.Sample;
import dev.brigade.metrics.SeriesData;
import dev.brigade.metrics.SeriesId;
import dev.brigade.metrics.SeriesQuery;
import dev.brigade.monitor.CheckResult;
import dev.brigade.monitor.PluginOutput;
import dev.brigade.monitor.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor and metrics together, as {@code brigade monitor} hosts them: check perfdata becomes
 * series, state changes become markers, and a {@code forecast} check raises an alert from a stored
 * series.
 */
class MonitorMetricsTest {
  @TempDir Path dir;

  private static CheckResult result(Status status, String line) {
    return new CheckResult(status, PluginOutput.parse(line), Duration.ofMillis(12), false, false);
  }

  @Test
  void checkPerfdata_isStoredAsSeries_andAStatusChangeAsAnEvent() {
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(1));
    Path store = dir.resolve("metrics");
    try (MetricsEngine metrics =
        MetricsEngine.open(MetricsSettings.DEFAULT, InstantSource.fixed(t0), store)) {
      CheckMetrics listener = new CheckMetrics(metrics);
      for (int i = 0; i < 30; i++) {
        listener.checked(
            "app1",
            "http",
            result(Status.OK, "HTTP OK - 200 | time=0.0" + (10 + i % 5) + "s;1;2;0 size=512B"),
            t0.plusSeconds(10L * i));
      }
      listener.checked(
          "app1", "http", result(Status.CRITICAL, "HTTP CRITICAL - 503"), t0.plusSeconds(300));
      metrics.flush();

      assertThat(metrics.series())
          .extracting(s -> s.id().toString())
          .contains("app1/check.http/time", "app1/check.http/size");
      SeriesData time =
          metrics.query(
              new SeriesQuery(
                  new SeriesId("app1", "check.http", "time"),
                  t0,
                  t0.plusSeconds(300),
                  0,
                  Consolidation.AVERAGE));
      List<Double> known = Arrays.stream(time.values()).filter(Double::isFinite).boxed().toList();
      assertThat(known).isNotEmpty().allSatisfy(v -> assertThat(v).isBetween(0.0099, 0.0141));
      assertThat(metrics.events(t0, t0.plusSeconds(600)))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.kind()).isEqualTo("state");
                assertThat(e.text()).startsWith("http CRITICAL: HTTP CRITICAL - 503");
                assertThat(e.host()).contains("app1");
              });
    }
  }

  private Path model(String forecast) throws Exception {
    Path model = dir.resolve("brigade.yml");
    Files.writeString(
        model,
        """
        roles:
          db: { services: { mysql: { port: 3306 } } }
        hosts:
          db1: { address: 127.0.0.1, roles: [db] }
        stages:
          s: { hosts: [db1] }
        monitor:
          checks:
            disk-full: { role: db, type: forecast, %s }
        """
            .formatted(forecast));
    return model;
  }

  /** A disk at 40 % a week ago, filling by 3 points a day: at 61 % now, full in 13 days. */
  private void fillingDisk() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    Instant start = now.minus(Duration.ofDays(7));
    Path store = dir.resolve(".brigade").resolve("metrics");
    try (MetricsEngine metrics =
        MetricsEngine.open(MetricsSettings.DEFAULT, InstantSource.fixed(now), store)) {
      for (Instant t = start; !t.isAfter(now); t = t.plus(Duration.ofMinutes(2))) {
        double days = Duration.between(start, t).toSeconds() / 86400.0;
        metrics.record("db1", "ssh", List.of(Sample.gauge("disk.pct", 40 + 3 * days, "%")), t);
      }
    }
  }

  @Test
  void forecastCheck_warnsWhenTheDiskFillsWithinTheWarningTime_andIsCriticalWithinCritical()
      throws Exception {
    fillingDisk();
    Path warn =
        model(
            "series: ssh/disk.pct, rule: time-until-full, limit: 100, window: 7d,"
                + " warning: 14d, critical: 3d");
    CliRun warning = CliRun.of("check", "-c", warn.toString(), "db1/disk-full");
    assertThat(warning.exitCode()).as(warning.out() + warning.err()).isEqualTo(1);
    assertThat(warning.out())
        .containsPattern(
            "^FORECAST WARNING - db1/ssh/disk\\.pct reaches 100 in 1[23]\\.\\d days at"
                + " \\+3\\.00/day \\(now 6[01]\\) \\| days_left=1[23](\\.\\d+)? per_day=3(\\.\\d+)?$");

    Path crit =
        model(
            "series: ssh/disk.pct, rule: time-until-full, limit: 100, window: 7d,"
                + " warning: 30d, critical: 14d");
    CliRun critical = CliRun.of("check", "-c", crit.toString(), "db1/disk-full");
    assertThat(critical.exitCode()).as(critical.out()).isEqualTo(2);

    Path ok =
        model(
            "series: ssh/disk.pct, rule: time-until-full, limit: 100, window: 7d,"
                + " warning: 10d, critical: 5d");
    assertThat(CliRun.of("check", "-c", ok.toString(), "db1/disk-full").exitCode()).isZero();
  }

  @Test
  void forecastCheck_ofASeriesNotStored_isUnknown() throws Exception {
    fillingDisk();
    Path m = model("series: ssh/no-such, rule: time-until-full, limit: 100");
    CliRun run = CliRun.of("check", "-c", m.toString(), "db1/disk-full");
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.out()).contains("db1/ssh/no-such is not stored");
  }

  @Test
  void forecastOptions_areValidatedWithTheirPosition() throws Exception {
    Path m = model("series: disk, rule: until-full");
    CliRun run = CliRun.of("validate", "-c", m.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("brigade.yml:9:")
        .contains("'disk' is not SOURCE/LABEL")
        .contains("until-full");
  }

  @Test
  void graph_drawsTheStoredSeriesWithTheStateChangeAsAMarker() throws Exception {
    fillingDisk();
    Path m = model("series: ssh/disk.pct, rule: time-until-full, limit: 100");
    Path store = dir.resolve(".brigade").resolve("metrics");
    Instant now = Instant.now();
    try (MetricsEngine metrics =
        MetricsEngine.open(MetricsSettings.DEFAULT, InstantSource.fixed(now), store)) {
      CheckMetrics listener = new CheckMetrics(metrics);
      listener.checked("db1", "disk-full", result(Status.OK, "FORECAST OK"), now.minusSeconds(60));
      listener.checked(
          "db1",
          "disk-full",
          result(Status.WARNING, "disk fills in 10 days"),
          now.minusSeconds(30));
    }
    Path svg = dir.resolve("disk.svg");
    CliRun graph =
        CliRun.of(
            "graph", "-c", m.toString(), "db1/ssh/disk.pct", "--from", "-7d", "-o", svg.toString());
    assertThat(graph.exitCode()).as(graph.err()).isZero();
    String drawn = Files.readString(svg);
    assertThat(drawn).startsWith("<svg").contains("disk.pct").contains("disk fills in 10 days");
  }
}
