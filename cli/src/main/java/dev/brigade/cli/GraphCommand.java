package dev.brigade.cli;

import dev.brigade.metrics.DataExport;
import dev.brigade.metrics.Graph;
import dev.brigade.metrics.GraphRenderer;
import dev.brigade.metrics.GraphSpec;
import dev.brigade.metrics.GraphTemplates;
import dev.brigade.metrics.MetricsEngine;
import dev.brigade.metrics.MetricsSection;
import dev.brigade.metrics.MetricsSettings;
import dev.brigade.metrics.RelativeTime;
import dev.brigade.metrics.SeriesId;
import dev.brigade.metrics.SeriesInfo;
import dev.brigade.model.Cluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code brigade graph}: draws stored series as SVG or PNG, or exports them as CSV or JSON. */
@Command(
    name = "graph",
    mixinStandardHelpOptions = true,
    description = {
      "Draws any set of stored series over any time range: overlaid or stacked, with min/max"
          + " bands, thresholds and the events (deploys, ...) of the range as markers; or"
          + " exports the points. The format follows the output file's extension.",
      "Series are HOST/SOURCE/LABEL, with * matching any text: web1/ssh/load1,"
          + " 'web1/ssh/disk.pct[*]', 'edge1/edge/brigade_edge_requests_by_class_total*'."
          + " The store is metrics.store of the model, as brigade monitor writes it."
    },
    footer = {
      "",
      "Examples:",
      "  brigade graph --list                                   # the stored series",
      "  brigade graph web1/ssh/load1 web1/ssh/load5 --from -7d -o load.svg",
      "  brigade graph --template cpu --host web1 --from -1d -o cpu.png",
      "  brigade graph 'web1/ssh/disk.pct[*]' --threshold 90:full --from -30d -o disk.svg",
      "  brigade graph web1/check.http/time --from 2026-06-01T00:00:00Z --to now -o http.csv",
      "",
      "Templates: load, cpu, memory, disk, network, edge-requests, cache-hit-ratio,"
          + " backend-latency, memcached, replication-lag.",
      "Exit codes: 0 written, 1 the store cannot be read, 2 bad arguments or no such series."
    })
final class GraphCommand implements Callable<Integer> {
  @Mixin ModelOptions model;

  @Parameters(
      paramLabel = "SERIES",
      arity = "0..*",
      description = "Series to draw (* matches any text).")
  List<String> series = new ArrayList<>();

  @Option(names = "--template", paramLabel = "NAME", description = "A usual graph (with --host).")
  String template;

  @Option(names = "--host", paramLabel = "HOST", description = "The host of --template.")
  String host;

  @Option(
      names = "--from",
      defaultValue = "-1d",
      description = "Start: -7d, -12h or an instant (default: ${DEFAULT-VALUE}).")
  String from;

  @Option(names = "--to", defaultValue = "now", description = "End (default: ${DEFAULT-VALUE}).")
  String to;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "out.svg, out.png, out.csv or out.json.")
  Path output;

  @Option(names = "--stack", description = "Stack the series (areas) instead of overlaying lines.")
  boolean stack;

  @Option(names = "--no-bands", description = "No min/max band around each line.")
  boolean noBands;

  @Option(
      names = "--threshold",
      paramLabel = "VALUE[:LABEL]",
      description = "A horizontal line, e.g. 90:warning (repeatable).")
  List<String> thresholds = new ArrayList<>();

  @Option(names = "--title", description = "The title (default: the series or template).")
  String title;

  @Option(
      names = "--width",
      defaultValue = "800",
      description = "Width in pixels (default: ${DEFAULT-VALUE}).")
  int width;

  @Option(
      names = "--height",
      defaultValue = "300",
      description = "Height in pixels (default: ${DEFAULT-VALUE}).")
  int height;

  @Option(names = "--list", description = "List the stored series with their units and exit.")
  boolean list;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Cluster cluster = model.load(spec.commandLine().getErr());
    MetricsSettings settings = cluster.section(MetricsSection.TYPE);
    Path store = settings.storeDir(cluster);
    if (!Files.isDirectory(store)) {
      throw new CliException(
          Brigade.FAILED,
          "no metrics store at " + store,
          "brigade monitor collects into it (metrics.store in the model says where)");
    }
    Instant now = Instant.now();
    try (MetricsEngine m = MetricsEngine.openReadOnly(settings, InstantSource.system(), store)) {
      List<SeriesInfo> stored = m.series();
      if (list) {
        for (SeriesInfo s : stored) {
          out.printf(
              "%-60s %-8s %s%n",
              s.id(),
              s.unit().isEmpty() ? "-" : s.unit(),
              s.kind().name().toLowerCase(Locale.ROOT));
        }
        out.printf("%d series in %s%n", stored.size(), store);
        return 0;
      }
      if (output == null) {
        throw new CliException(
            Brigade.INVALID, "no output file", "add -o out.svg (or .png, .csv, .json)");
      }
      Instant start;
      Instant end;
      try {
        start = RelativeTime.parse(from, now);
        end = RelativeTime.parse(to, now);
      } catch (IllegalArgumentException e) {
        throw new CliException(Brigade.INVALID, e.getMessage(), "see 'brigade graph --help'");
      }
      if (!end.isAfter(start)) {
        throw new CliException(
            Brigade.INVALID,
            "--to " + to + " is not after --from " + from,
            "e.g. --from -7d --to now");
      }
      GraphSpec g = spec(stored);
      Graph graph = Graph.of(m, g, start, end);
      String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".svg")) {
        Files.writeString(output, GraphRenderer.svg(graph), StandardCharsets.UTF_8);
      } else if (name.endsWith(".png")) {
        Files.write(output, GraphRenderer.png(graph));
      } else if (name.endsWith(".csv")) {
        Files.writeString(output, DataExport.csv(graph), StandardCharsets.UTF_8);
      } else if (name.endsWith(".json")) {
        Files.writeString(output, DataExport.json(graph), StandardCharsets.UTF_8);
      } else {
        throw new CliException(
            Brigade.INVALID,
            "cannot tell the format of " + output,
            "end the file name in .svg, .png, .csv or .json");
      }
      out.printf("%s: %d series, %s to %s%n", output, g.lines().size(), start, end);
      return 0;
    }
  }

  private GraphSpec spec(List<SeriesInfo> stored) {
    GraphSpec g;
    if (template != null) {
      if (host == null) {
        throw new CliException(
            Brigade.INVALID, "--template needs --host", "e.g. --template cpu --host web1");
      }
      try {
        g = GraphTemplates.of(template, host, stored);
      } catch (IllegalArgumentException e) {
        throw new CliException(Brigade.INVALID, e.getMessage(), "list what is stored with --list");
      }
    } else {
      if (series.isEmpty()) {
        throw new CliException(
            Brigade.INVALID, "no series to draw", "name series (see --list) or a --template");
      }
      Set<SeriesId> ids = new LinkedHashSet<>();
      for (String s : series) {
        List<SeriesId> found = GraphTemplates.match(s, stored);
        if (found.isEmpty()) {
          throw new CliException(
              Brigade.INVALID,
              "no stored series matches '" + s + "'",
              "list what is stored with --list");
        }
        ids.addAll(found);
      }
      if (ids.size() > 100) {
        throw new CliException(
            Brigade.INVALID,
            ids.size() + " series match; a graph draws at most 100",
            "narrow the patterns");
      }
      g = GraphSpec.of(title == null ? String.join(", ", series) : title, List.copyOf(ids));
    }
    List<GraphSpec.Threshold> ts = new ArrayList<>(g.thresholds());
    for (String t : thresholds) {
      String[] p = t.split(":", 2);
      try {
        ts.add(new GraphSpec.Threshold(Double.parseDouble(p[0]), p.length > 1 ? p[1] : p[0], ""));
      } catch (NumberFormatException e) {
        throw new CliException(
            Brigade.INVALID,
            "--threshold " + t + " is not VALUE[:LABEL]",
            "e.g. --threshold 90:warning");
      }
    }
    try {
      g = g.withThresholds(ts).withSize(width, height);
    } catch (IllegalArgumentException e) {
      throw new CliException(Brigade.INVALID, e.getMessage(), "e.g. --width 800 --height 300");
    }
    if (stack) {
      g = g.withStacked(true);
    }
    if (noBands) {
      g = g.withBands(false);
    }
    if (title != null && template != null) {
      g =
          new GraphSpec(
              title, g.lines(), g.stacked(), g.bands(), g.thresholds(), g.width(), g.height());
    }
    return g;
  }
}
