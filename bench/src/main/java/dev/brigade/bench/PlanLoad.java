package dev.brigade.bench;

import dev.brigade.plan.LogFormat;
import dev.brigade.plan.TrafficAnalyzer;
import dev.brigade.plan.TrafficReport;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The log planner's parse benchmark (bench/plan/run.sh runs it): {@code gen} writes a Combined log
 * of a month of shop traffic, {@code parse} reads it with {@code brigade plan}'s analyzer on N
 * threads and prints lines per second, best of several rounds.
 *
 * <pre>{@code
 * java -cp bench/target/benchmarks.jar dev.brigade.bench.PlanLoad gen /tmp/access.log 5000000
 * java -cp bench/target/benchmarks.jar dev.brigade.bench.PlanLoad parse /tmp/access.log 1 3
 * }</pre>
 */
public final class PlanLoad {
  private static final DateTimeFormatter CLF =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

  private static final String[] AGENTS = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
        + " Chrome/120.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
        + " Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
    "Googlebot/2.1 (+http://www.google.com/bot.html)",
    "curl/8.5.0"
  };

  private PlanLoad() {}

  public static void main(String[] args) throws IOException {
    switch (args[0]) {
      case "gen" -> gen(Path.of(args[1]), Long.parseLong(args[2]));
      case "parse" -> parse(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      default -> throw new IllegalArgumentException("gen FILE LINES | parse FILE THREADS ROUNDS");
    }
  }

  /** A month, busiest in the evening; half static files, 30% product pages, 20% cart POSTs. */
  static void gen(Path file, long lines) throws IOException {
    SplittableRandom r = new SplittableRandom(42);
    long start = Instant.parse("2026-03-01T00:00:00Z").getEpochSecond();
    double perSecond = lines / (30 * 86_400.0);
    double t = start;
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (long i = 0; i < lines; i++) {
        int hour = (int) ((long) t / 3600 % 24);
        double shape = 0.3 + 1.4 * Math.max(0, Math.sin((hour - 6) / 24.0 * 2 * Math.PI));
        // the shape averages 0.3 + 1.4 / pi over a day
        t += r.nextExponential() / (perSecond * shape / (0.3 + 1.4 / Math.PI));
        int c = r.nextInt(10);
        String req =
            c < 5
                ? "GET /static/"
                    + (r.nextInt(3) == 0 ? "img/p" + r.nextInt(500) + ".jpg" : "app.css")
                : c < 8 ? "GET /products/" + r.nextInt(20_000) + "?ref=home" : "POST /cart";
        w.write(
            "10."
                + r.nextInt(256)
                + "."
                + r.nextInt(256)
                + "."
                + r.nextInt(256)
                + " - - ["
                + CLF.format(Instant.ofEpochSecond((long) t))
                + "] \""
                + req
                + " HTTP/1.1\" "
                + (r.nextInt(50) == 0 ? 404 : 200)
                + " "
                + (200 + r.nextInt(40_000))
                + " \"https://shop.example.com/products/"
                + r.nextInt(1000)
                + "\" \""
                + AGENTS[r.nextInt(AGENTS.length)]
                + "\"\n");
      }
    }
  }

  static void parse(Path file, int threads, int rounds) throws IOException {
    TrafficAnalyzer.Options o =
        TrafficAnalyzer.Options.DEFAULT
            .withThreads(threads)
            .withFormat(LogFormat.named("combined"));
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    double best = 0;
    double bestCpu = 0;
    TrafficReport last = null;
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      long c0 = os.getProcessCpuTime();
      last = new TrafficAnalyzer(o).analyze(List.of(file), new AtomicLong());
      double secs = (System.nanoTime() - t0) / 1e9;
      double cpu = (os.getProcessCpuTime() - c0) / 1e9;
      best = Math.max(best, last.lines() / secs);
      bestCpu = Math.max(bestCpu, last.lines() / cpu);
      System.err.printf(
          Locale.ROOT,
          "round %d: %,d lines in %.2f s (%.2f s CPU): %,.0f lines/s, %,.0f per CPU-second%n",
          i + 1,
          last.lines(),
          secs,
          cpu,
          last.lines() / secs,
          last.lines() / cpu);
    }
    System.out.printf(
        Locale.ROOT,
        "brigade threads=%d lines=%d malformed=%d best_lines_per_s=%.0f"
            + " best_lines_per_cpu_s=%.0f typical_peak=%s%n",
        threads,
        last.lines(),
        last.malformed(),
        best,
        bestCpu,
        last.typicalPeak().start());
  }
}
