package dev.brigade.bench;

import dev.brigade.metrics.FlushReport;
import dev.brigade.metrics.Graph;
import dev.brigade.metrics.GraphRenderer;
import dev.brigade.metrics.GraphSpec;
import dev.brigade.metrics.MetricsEngine;
import dev.brigade.metrics.MetricsSection;
import dev.brigade.metrics.MetricsSettings;
import dev.brigade.metrics.Sample;
import dev.brigade.metrics.SeriesId;
import dev.brigade.model.Cluster;
import dev.brigade.model.ClusterLoader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The metrics benchmarks (bench/metrics/run.sh runs them): {@code ingest} (10,000 series into RRD4J
 * with the default ladder, as fast as it goes), {@code steady} (10,000 series at 10 s steps in real
 * time: CPU per wall second), {@code render} (a 1-week graph of 10 series, SVG), {@code munin} (one
 * collection cycle of the munin-nodes named in a model). Each prints one result line.
 *
 * <pre>{@code
 * java -cp bench/target/benchmarks.jar dev.brigade.bench.MetricsLoad ingest --series 10000 \
 *   --rounds 60 --dir /tmp/metrics-bench
 * }</pre>
 */
public final class MetricsLoad {
  private MetricsLoad() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new LinkedHashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    Path dir = Path.of(a.getOrDefault("dir", "/tmp/metrics-bench"));
    switch (args[0]) {
      case "ingest" ->
          ingest(
              dir,
              Integer.parseInt(a.getOrDefault("series", "10000")),
              Integer.parseInt(a.getOrDefault("rounds", "60")));
      case "steady" ->
          steady(
              dir,
              Integer.parseInt(a.getOrDefault("series", "10000")),
              Integer.parseInt(a.getOrDefault("seconds", "60")));
      case "render" -> render(dir, Integer.parseInt(a.getOrDefault("runs", "200")));
      case "munin" ->
          munin(dir, Path.of(a.get("model")), Integer.parseInt(a.getOrDefault("cycles", "3")));
      default -> throw new IllegalArgumentException("ingest | steady | render | munin");
    }
  }

  static double cpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }

  static long sectorsWritten() {
    try {
      long s = 0;
      for (String l : Files.readAllLines(Path.of("/proc/diskstats"))) {
        String[] f = l.trim().split("\\s+");
        if (f.length > 9 && f[2].matches("[sv]d[a-z]|nvme\\d+n\\d+")) {
          s += Long.parseLong(f[9]);
        }
      }
      return s;
    } catch (Exception e) {
      return -1;
    }
  }

  /** Rounds of one value per series, 10 s apart on a synthetic clock, flushed every 3 rounds. */
  static void ingest(Path dir, int series, int rounds) throws Exception {
    Instant t0 = Instant.parse("2026-06-01T00:00:00Z");
    MetricsSettings s = MetricsSettings.DEFAULT;
    try (MetricsEngine m = MetricsEngine.open(s, InstantSource.fixed(t0), dir)) {
      // creating the files (sized up front) is not ingest: one round creates them all
      long c0 = System.nanoTime();
      round(m, series, t0, 0);
      m.flush();
      double create = (System.nanoTime() - c0) / 1e9;
      long sectors0 = sectorsWritten();
      double cpu0 = cpuSeconds();
      long w0 = System.nanoTime();
      long points = 0;
      for (int r = 1; r <= rounds; r++) {
        round(m, series, t0, r);
        points += series;
        if (r % 3 == 0) {
          m.flush(); // a 30 s flush interval at 10 s steps
        }
      }
      FlushReport last = m.flush();
      double wall = (System.nanoTime() - w0) / 1e9;
      double cpu = cpuSeconds() - cpu0;
      long sectors = sectorsWritten() - sectors0;
      System.out.printf(
          Locale.ROOT,
          "ingest: %d series x %d rounds = %d points in %.2f s: %.0f points/s (cpu %.2f s, %.0f points per cpu-second); files created in %.1f s (%d MiB each %.2f MiB); disk %.1f MiB written during ingest; last flush %s%n",
          series,
          rounds,
          points,
          wall,
          points / wall,
          cpu,
          points / cpu,
          create,
          (long) series * m.bytesPerSeries() >> 20,
          m.bytesPerSeries() / 1048576.0,
          sectors * 512 / 1048576.0,
          last);
    }
  }

  private static void round(MetricsEngine m, int series, Instant t0, int r) {
    Instant at = t0.plusSeconds(10L * (r + 1));
    for (int h = 0; h < series / 100; h++) {
      List<Sample> samples = new ArrayList<>(100);
      for (int i = 0; i < 100; i++) {
        samples.add(Sample.gauge("s" + i, (r * 7 + i + h) % 101, ""));
      }
      m.record("host" + h, "bench", samples, at);
    }
  }

  /** Real time: every 10 s one value per series, the background flush every 30 s. */
  static void steady(Path dir, int series, int seconds) throws Exception {
    try (MetricsEngine m =
        MetricsEngine.open(MetricsSettings.DEFAULT, InstantSource.system(), dir)) {
      m.start();
      round(m, series, Instant.now().minusSeconds(10), 0); // files exist before measuring
      m.flush();
      double cpu0 = cpuSeconds();
      long w0 = System.nanoTime();
      int r = 1;
      while ((System.nanoTime() - w0) / 1e9 < seconds) {
        Instant at = Instant.now();
        for (int h = 0; h < series / 100; h++) {
          List<Sample> samples = new ArrayList<>(100);
          for (int i = 0; i < 100; i++) {
            samples.add(Sample.gauge("s" + i, (r * 7 + i + h) % 101, ""));
          }
          m.record("host" + h, "bench", samples, at);
        }
        r++;
        Thread.sleep(10_000 - Math.floorMod(System.currentTimeMillis(), 10_000));
      }
      double wall = (System.nanoTime() - w0) / 1e9;
      double cpu = cpuSeconds() - cpu0;
      System.out.printf(
          Locale.ROOT,
          "steady: %d series at 10 s for %.0f s: cpu %.2f s = %.2f %% of one core; last flush %s%n",
          series,
          wall,
          cpu,
          100 * cpu / wall,
          m.lastFlush().orElse(null));
    }
  }

  /** 10 series with a week of 1-minute points, drawn as an 800x300 SVG, {@code runs} times. */
  static void render(Path dir, int runs) throws Exception {
    Instant now = Instant.parse("2026-06-08T00:00:00Z");
    try (MetricsEngine m =
        MetricsEngine.open(MetricsSettings.DEFAULT, InstantSource.fixed(now), dir)) {
      Instant t0 = now.minus(Duration.ofDays(7));
      List<SeriesId> ids = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        ids.add(SeriesId.parse("web1/render/s" + i));
      }
      for (int k = 1; k <= 7 * 1440; k++) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          samples.add(Sample.gauge("s" + i, 100 + i * 10 + 20 * Math.sin(k / 100.0 + i), "ms"));
        }
        m.record("web1", "render", samples, t0.plusSeconds(60L * k));
      }
      m.flush();
      GraphSpec spec = GraphSpec.of("render", ids);
      double[] ms = new double[runs];
      int bytes = 0;
      double queryMs = 0;
      for (int i = 0; i < runs + 20; i++) {
        long t = System.nanoTime();
        Graph g = Graph.of(m, spec, t0, now);
        long q = System.nanoTime();
        String svg = GraphRenderer.svg(g);
        if (i >= 20) {
          ms[i - 20] = (System.nanoTime() - t) / 1e6;
          queryMs += (q - t) / 1e6;
          bytes = svg.length();
        }
      }
      Arrays.sort(ms);
      System.out.printf(
          Locale.ROOT,
          "render: 1 week x 10 series, 800x300 SVG (%d bytes), %d runs after 20 warm-up: p50 %.1f ms, p95 %.1f ms, max %.1f ms (of which queries %.1f ms on average)%n",
          bytes,
          runs,
          ms[runs / 2],
          ms[(int) Math.ceil(runs * 0.95) - 1],
          ms[runs - 1],
          queryMs / runs);
    }
  }

  /** Collection cycles of every collector of the model (its munin-nodes), timed. */
  static void munin(Path dir, Path model, int cycles) throws Exception {
    Cluster cluster = ClusterLoader.load(model);
    try (MetricsEngine m =
        MetricsEngine.create(
            cluster, cluster.section(MetricsSection.TYPE), InstantSource.system(), dir)) {
      List<String> times = new ArrayList<>();
      for (int i = 0; i < cycles; i++) {
        Duration d = m.collectNow();
        times.add(String.format(Locale.ROOT, "%.2f s", d.toMillis() / 1000.0));
        Thread.sleep(1000);
      }
      System.out.printf(
          Locale.ROOT,
          "brigade: %d hosts, cycles %s (the first also asks every plugin's config); %d series; problems %s%n",
          cluster.hosts().size(),
          times,
          m.series().size(),
          m.collectionProblems());
    }
  }
}
