package dev.brigade.cli;

import dev.brigade.edge.CacheSettings;
import dev.brigade.edge.EdgeSection;
import dev.brigade.model.Cluster;
import dev.brigade.plan.HitRates;
import dev.brigade.plan.LogFormat;
import dev.brigade.plan.PlanJson;
import dev.brigade.plan.PlanResult;
import dev.brigade.plan.PlanSection;
import dev.brigade.plan.PlanSettings;
import dev.brigade.plan.PlanSvg;
import dev.brigade.plan.PlanText;
import dev.brigade.plan.Planner;
import dev.brigade.plan.TrafficAnalyzer;
import dev.brigade.plan.TrafficReport;
import dev.brigade.traffic.HitClassifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code brigade plan}: access logs in, typical peak, hit distribution and servers per layer out.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Reads access logs and does the capacity math for every layer of the model: the typical"
          + " peak hour (the 95th percentile of the daily peak hours) and the design load it"
          + " gives with growth, the hit distribution (green static, yellow cacheable, red"
          + " per user) with the edge's measured hit rates where the log has them, and the"
          + " servers each layer needs with N+1 against what the model has.",
      "Formats: combined, common, brigade (the edge's access log), nginx, apache, vhost_combined,"
          + " varnishncsa, or a format string with Apache %-directives or nginx $variables;"
          + " plain or gzip; detected per file by default."
    },
    footer = {
      "",
      "Examples:",
      "  brigade plan -c examples/production.yml /var/log/brigade/access.log*",
      "  brigade plan --growth 50% --edge-hit-rate 0.9 --capacity app=40 access.log.gz",
      "  brigade plan --format '%h %l %u %t \"%r\" %>s %b %{Varnish:hitmiss}x' varnish.log",
      "  brigade plan --json --svg out/ access.log > plan.json",
      "",
      "Exit codes: 0 planned, 1 no request could be read, 2 invalid model, option or file."
    })
final class PlanCommand implements Callable<Integer> {
  @Mixin ModelOptions model;

  @Parameters(arity = "1..*", paramLabel = "LOG", description = "Access logs, plain or gzip.")
  List<Path> logs;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "Log format name or format string (default: detected per file).")
  String format;

  @Option(
      names = "--zone",
      paramLabel = "ZONE",
      description = "Time zone for days and hours, e.g. Europe/Berlin (default: as logged).")
  String zone;

  @Option(names = "--growth", paramLabel = "PCT", description = "Growth to plan for, e.g. 30%.")
  String growth;

  @Option(
      names = "--percentile",
      paramLabel = "P",
      description = "Which daily peak hour is typical (default 95).")
  Integer percentile;

  @Option(
      names = "--basis",
      paramLabel = "RATE",
      description = "Rate of the typical peak hour to design for: hour, minute, second.")
  String basis;

  @Option(
      names = "--edge-hit-rate",
      paramLabel = "RATE",
      description = "What if the edge answered this share of green and yellow requests.")
  String edgeHitRate;

  @Option(
      names = "--hit-rate",
      paramLabel = "LAYER=RATE",
      description = "What if a layer answered this share of what enters it, e.g. cache=0.95.")
  Map<String, String> hitRates = new LinkedHashMap<>();

  @Option(
      names = "--capacity",
      paramLabel = "LAYER=REQ/S",
      description = "What if a server of the layer handled this many requests/s, e.g. app=40.")
  Map<String, String> capacities = new LinkedHashMap<>();

  @Option(names = "--json", description = "Print the plan as JSON instead of the report.")
  boolean json;

  @Option(
      names = "--svg",
      paramLabel = "DIR",
      description = "Also write DIR/plan-funnel.svg and DIR/plan-hourly.svg.")
  Path svgDir;

  @Option(names = "--threads", paramLabel = "N", description = "Files read at once.")
  Integer threads;

  @Option(
      names = "--progress",
      negatable = true,
      description = "A progress line on stderr (default: when stderr is a terminal).")
  Boolean progress;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Cluster cluster = model.load(err);
    PlanSettings settings = whatIf(cluster.section(PlanSection.TYPE));
    for (Path log : logs) {
      if (!Files.isRegularFile(log)) {
        throw new CliException(Brigade.INVALID, log + ": no such file", "pass access log files");
      }
    }
    TrafficAnalyzer.Options options =
        TrafficAnalyzer.Options.DEFAULT
            .withClassifier(classifier(cluster))
            .withPercentile(settings.percentile());
    if (format != null) {
      options = options.withFormat(invalidIfBad(() -> LogFormat.of(format), "--format"));
    }
    if (zone != null) {
      options = options.withZone(invalidIfBad(() -> ZoneId.of(zone), "--zone"));
    } else if (settings.zone().isPresent()) {
      options = options.withZone(settings.zone().get());
    }
    if (threads != null) {
      options = options.withThreads(Math.max(1, threads));
    }
    TrafficReport traffic = read(options, err);
    if (traffic.requests() == 0) {
      traffic.problems().forEach(p -> err.println("brigade: " + p));
      traffic.malformedExamples().forEach(m -> err.println("brigade: " + m));
      throw new CliException(
          Brigade.FAILED,
          "no request could be read from " + logs.size() + (logs.size() == 1 ? " file" : " files"),
          "check the format: pass --format combined, common, brigade, ... or a format string");
    }
    PlanResult plan = Planner.plan(traffic, settings, cluster);
    out.print(json ? PlanJson.render(plan) : PlanText.render(plan));
    if (svgDir != null) {
      Files.createDirectories(svgDir);
      Files.writeString(svgDir.resolve("plan-funnel.svg"), PlanSvg.funnel(plan));
      Files.writeString(svgDir.resolve("plan-hourly.svg"), PlanSvg.hourly(plan));
      if (!json) {
        out.println(
            "Pictures: "
                + svgDir.resolve("plan-funnel.svg")
                + ", "
                + svgDir.resolve("plan-hourly.svg"));
      }
    }
    out.flush();
    return 0;
  }

  private TrafficReport read(TrafficAnalyzer.Options options, PrintWriter err) throws IOException {
    long total = TrafficAnalyzer.totalBytes(logs);
    boolean show = progress != null ? progress : System.console() != null && total > (16 << 20);
    AtomicLong done = new AtomicLong();
    Thread ticker = null;
    long start = System.nanoTime();
    if (show) {
      ticker =
          Thread.ofPlatform()
              .daemon()
              .name("brigade-plan-progress")
              .start(
                  () -> {
                    try {
                      while (true) {
                        Thread.sleep(500);
                        double secs = (System.nanoTime() - start) / 1e9;
                        err.printf(
                            Locale.ROOT,
                            "\rreading %d files: %3.0f%% of %,d MB, %,.0f MB/s ",
                            logs.size(),
                            Math.min(100.0, 100.0 * done.get() / Math.max(1, total)),
                            total >> 20,
                            done.get() / 1e6 / secs);
                        err.flush();
                      }
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  });
    }
    try {
      return new TrafficAnalyzer(options).analyze(logs, done);
    } finally {
      if (ticker != null) {
        ticker.interrupt();
        try {
          ticker.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        err.printf(
            Locale.ROOT,
            "\rread %d %s, %,d MB in %.1f s%s%n",
            logs.size(),
            logs.size() == 1 ? "file" : "files",
            total >> 20,
            (System.nanoTime() - start) / 1e9,
            " ".repeat(20));
        err.flush();
      }
    }
  }

  private static HitClassifier classifier(Cluster cluster) {
    return cluster
        .section(EdgeSection.TYPE)
        .cache()
        .map(CacheSettings::sessionCookies)
        .map(HitClassifier::new)
        .orElse(HitClassifier.DEFAULT);
  }

  private PlanSettings whatIf(PlanSettings s) {
    if (growth != null) {
      s = s.withGrowth(fraction(growth, "--growth", 100));
    }
    if (percentile != null) {
      if (percentile < 1 || percentile > 100) {
        throw new CliException(Brigade.INVALID, "--percentile must be 1 to 100", "e.g. 95");
      }
      s = s.withPercentile(percentile);
    }
    if (basis != null) {
      String b = basis.toLowerCase(Locale.ROOT);
      if (!PlanSettings.BASES.contains(b)) {
        throw new CliException(
            Brigade.INVALID, "--basis is '" + basis + "'", "one of: hour, minute, second");
      }
      s = s.withBasis(b);
    }
    if (edgeHitRate != null) {
      double r = fraction(edgeHitRate, "--edge-hit-rate", 1);
      s = s.withHitRates("edge", new HitRates(r, r, 0));
    }
    for (Map.Entry<String, String> e : hitRates.entrySet()) {
      String layer = layer(e.getKey(), "--hit-rate");
      double r = fraction(e.getValue(), "--hit-rate " + layer, 1);
      s =
          s.withHitRates(
              layer,
              switch (layer) {
                case "cdn" -> new HitRates(r, 0, 0);
                case "edge" -> new HitRates(r, r, 0);
                default -> HitRates.all(r);
              });
    }
    for (Map.Entry<String, String> e : capacities.entrySet()) {
      String layer = layer(e.getKey(), "--capacity");
      try {
        double c = Double.parseDouble(e.getValue());
        if (!(c > 0) || Double.isInfinite(c)) {
          throw new NumberFormatException();
        }
        s = s.withCapacity(layer, c);
      } catch (NumberFormatException x) {
        throw new CliException(
            Brigade.INVALID,
            "--capacity " + layer + "=" + e.getValue() + " is not a positive number",
            "requests/s one server handles, e.g. --capacity app=40");
      }
    }
    return s;
  }

  private static String layer(String name, String option) {
    if (!PlanSettings.LAYERS.contains(name)) {
      throw new CliException(
          Brigade.INVALID,
          option + ": unknown layer '" + name + "'",
          "layers: " + String.join(", ", PlanSettings.LAYERS));
    }
    return name;
  }

  /** {@code 30%} or {@code 0.3}; at most {@code max}. */
  static double fraction(String v, String option, double max) {
    try {
      String t = v.strip();
      double d =
          t.endsWith("%")
              ? Double.parseDouble(t.substring(0, t.length() - 1).strip()) / 100
              : Double.parseDouble(t);
      if (!(d >= 0 && d <= max)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new CliException(
          Brigade.INVALID,
          option + " is '" + v + "'",
          "write a share from 0 to "
              + (max == 1 ? "1 (or 0% to 100%)" : max)
              + ", e.g. 30% or 0.3");
    }
  }

  private static <T> T invalidIfBad(java.util.function.Supplier<T> f, String option) {
    try {
      return f.get();
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new CliException(Brigade.INVALID, option + ": " + e.getMessage(), "see --help");
    }
  }
}
