package dev.brigade.cli;

import dev.brigade.demo.DailyCurve;
import dev.brigade.demo.DemoApp;
import dev.brigade.demo.DemoInstance;
import dev.brigade.demo.DemoOptions;
import dev.brigade.demo.DemoTraffic;
import dev.brigade.demo.InstanceSpec;
import dev.brigade.demo.MemcachedServer;
import dev.brigade.demo.TrafficOptions;
import dev.brigade.edge.Algorithm;
import dev.brigade.edge.BackendConfig;
import dev.brigade.edge.CacheSettings;
import dev.brigade.edge.EdgeConfig;
import dev.brigade.edge.EdgeServer;
import dev.brigade.edge.HealthSettings;
import dev.brigade.edge.PoolConfig;
import dev.brigade.edge.Route;
import dev.brigade.edge.Timeouts;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code brigade demo}: the sample application on loopback, to see Brigade work without a cluster.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Starts the demo cluster on loopback and prints where each part listens; runs until Ctrl-C:"
          + " the sample application's instances, a Brigade edge (reverse proxy and"
          + " health-checked load balancer) in front of them, memcached as their cache when"
          + " Debian's memcached package is installed, a traffic generator and a monitor.",
      "The traffic follows a day compressed into --day-length (night low, morning climb, lunch"
          + " bump, evening peak at --traffic-peak requests/s) with the mix of a real site:"
          + " static files, cacheable pages with popular and rare products, and logged-in users.",
      "The sample application has the three kinds of pages of a real site: green (static files,"
          + " cached for a day), yellow (generated but cacheable, max-age a few seconds) and red"
          + " (per user, with a session cookie, never cached), plus /health."
    },
    footer = {
      "",
      "Examples:",
      "  brigade demo",
      "  brigade demo --latency 50ms --latency app3=400ms     # app3 is slow",
      "  brigade demo --failure-rate app2=20%                  # app2 fails one page in five",
      "  brigade demo --instances 5 --port 9001                # ports 9001-9005",
      "  brigade demo --traffic-peak 50 --day-length 2m       # a quieter, faster day",
      "  brigade demo --no-traffic                            # only your own requests"
    })
final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--instances",
      defaultValue = "3",
      description = "How many application instances (default: ${DEFAULT-VALUE}).")
  int instances;

  @Option(
      names = "--port",
      defaultValue = "0",
      paramLabel = "PORT",
      description =
          "First instance's port; the others follow. Default: one free port, with each instance"
              + " on its own loopback address (127.0.0.11, .12, ...), so the model has one app"
              + " role and the dashboard shows edge -> app -> cache.")
  int port;

  @Option(
      names = "--edge-port",
      defaultValue = "0",
      paramLabel = "PORT",
      description = "The edge's port. Default: a free one.")
  int edgePort;

  @picocli.CommandLine.Mixin DemoCertificate.Options https;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      paramLabel = "ADDRESS",
      description = "Address to listen on (default: ${DEFAULT-VALUE}, loopback only).")
  String bind;

  @Option(
      names = "--latency",
      paramLabel = "[NAME=]TIME",
      description =
          "Work per dynamic page, for every instance (20ms) or one (app3=400ms). Default: 20ms.")
  List<String> latency = new ArrayList<>();

  @Option(
      names = "--failure-rate",
      paramLabel = "[NAME=]RATE",
      description = "Share of dynamic pages that fail with 500: 0.05, 5% or app2=0.2. Default: 0.")
  List<String> failureRate = new ArrayList<>();

  @Option(
      names = "--max-age",
      defaultValue = "10",
      paramLabel = "SECONDS",
      description = "max-age of the cacheable pages (default: ${DEFAULT-VALUE}).")
  int maxAge;

  @Option(
      names = "--for",
      paramLabel = "TIME",
      description = "Stop after this long (e.g. 30s) instead of waiting for Ctrl-C.")
  String runFor;

  @Option(
      names = "--traffic-peak",
      defaultValue = "200",
      paramLabel = "RATE",
      description =
          "Requests per second the traffic generator sends at the simulated evening peak; it"
              + " never sends faster (default: ${DEFAULT-VALUE}, at most 2000).")
  double trafficPeak;

  @Option(
      names = "--day-length",
      defaultValue = "10m",
      paramLabel = "TIME",
      description =
          "How long one simulated day of traffic takes (night low, morning climb, lunch bump,"
              + " evening peak), e.g. 2m or 90s (default: ${DEFAULT-VALUE}).")
  String dayLength;

  @Option(
      names = "--no-traffic",
      description = "Start no traffic generator: the demo only answers what you send it.")
  boolean noTraffic;

  @Option(
      names = "--app-only",
      description =
          "Start only the application's instances: no edge, memcached, box or traffic (an origin"
              + " for benchmarks of other proxies).")
  boolean appOnly;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    DemoOptions base = options();
    TrafficOptions traffic = trafficOptions();
    Duration stopAfter = runFor == null ? null : InstanceSpec.parse(runFor).latency();
    if (appOnly) {
      return appOnly(base, stopAfter, out);
    }
    DemoCache cache = DemoCache.start();
    Optional<MemcachedServer> memcached = cache.server();
    DemoOptions options = memcached.map(m -> base.withMemcached(m.address())).orElse(base);
    DemoApp app;
    try {
      app =
          spreadOverLoopback()
              ? DemoApp.onAddresses(options, loopbackAddresses(options.instances()))
              : DemoApp.start(options);
    } catch (RuntimeException e) {
      memcached.ifPresent(MemcachedServer::close);
      throw new CliException(
          Brigade.FAILED,
          e.getMessage(),
          "choose other ports with --port, or leave it out to use free ones",
          e);
    }
    String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    EdgeServer edge;
    DemoCertificate cert;
    try {
      cert = DemoCertificate.in(https.dir(), java.time.Instant.now());
      EdgeConfig config = edgeConfig(app, token).withCache(CacheSettings.DEFAULT);
      edge = EdgeServer.start(cert.addTo(config, new InetSocketAddress(bind, https.port)));
    } catch (RuntimeException e) {
      app.close();
      memcached.ifPresent(MemcachedServer::close);
      throw new CliException(
          Brigade.FAILED,
          "cannot start the edge: " + e.getMessage(),
          "choose another --edge-port or --https-port (or --tls-dir for the certificate)",
          e);
    }
    DemoBox monitor;
    try {
      Path dir = Files.createTempDirectory("brigade-demo");
      monitor = DemoBox.start(DemoModel.of(app, edge, token, memcached, dir));
    } catch (Exception e) {
      edge.close();
      app.close();
      memcached.ifPresent(MemcachedServer::close);
      throw new CliException(Brigade.FAILED, "cannot start the demo's box: " + e, null, e);
    }
    Optional<DemoTraffic> generator =
        noTraffic
            ? Optional.empty()
            : Optional.of(
                DemoTraffic.start(
                    edgeUri("http", edge.address()), traffic, InstantSource.system()));
    RunningDemo running = new RunningDemo(app, generator, memcached);
    RunningDemo.set(running);
    Runnable stopAll =
        () -> {
          generator.ifPresent(DemoTraffic::close);
          RunningDemo.clear(running);
          monitor.close();
          edge.close();
          app.close();
          memcached.ifPresent(MemcachedServer::close);
        };
    return runUntilStopped(
        stopAll,
        stopAfter,
        out,
        () ->
            describe(
                app,
                options,
                edge,
                token,
                monitor,
                List.of(cache.line(), trafficLine(generator)),
                cert.lines(edgeUri("https", edge.address(1)).toString()),
                out));
  }

  private DemoOptions options() {
    if (instances < 1 || instances > 64) {
      throw usage("--instances must be from 1 to 64, not " + instances, "e.g. --instances 3");
    }
    if (port < 0 || port + instances - 1 > 65535) {
      throw usage(
          "--port " + port + " leaves no room for " + instances + " instances",
          "pick a port from 1024 to 65000");
    }
    Duration base = Duration.ofMillis(20);
    double baseRate = 0;
    Map<String, Duration> latencyBy = new HashMap<>();
    Map<String, Double> rateBy = new HashMap<>();
    try {
      for (String s : latency) {
        InstanceSpec spec = InstanceSpec.parse(s);
        spec.checkInstance(instances);
        if (spec.instance().isEmpty()) {
          base = spec.latency();
        } else {
          spec.into(latencyBy, spec.latency());
        }
      }
      for (String s : failureRate) {
        InstanceSpec spec = InstanceSpec.parse(s);
        spec.checkInstance(instances);
        if (spec.instance().isEmpty()) {
          baseRate = spec.failureRate();
        } else {
          spec.into(rateBy, spec.failureRate());
        }
      }
      if (runFor != null) {
        InstanceSpec.parse(runFor).latency();
      }
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage(), "see 'brigade demo --help'");
    }
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; port > 0 && i < instances; i++) {
      ports.add(port + i);
    }
    return new DemoOptions(instances, bind, ports, base, baseRate, latencyBy, rateBy, maxAge);
  }

  private TrafficOptions trafficOptions() {
    try {
      return TrafficOptions.defaults().with(trafficPeak, InstanceSpec.parse(dayLength).latency());
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage(), "e.g. --traffic-peak 100 --day-length 5m, or --no-traffic");
    }
  }

  private URI edgeUri(String scheme, InetSocketAddress listener) {
    String host = bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind;
    host = host.contains(":") ? "[" + host + "]" : host;
    return URI.create(scheme + "://" + host + ":" + listener.getPort() + "/");
  }

  private static String trafficLine(Optional<DemoTraffic> generator) {
    if (generator.isEmpty()) {
      return "Traffic: none (--no-traffic); send your own requests to the edge.";
    }
    TrafficOptions t = generator.get().options();
    return String.format(
        java.util.Locale.ROOT,
        "Traffic: %.0f%% green, %.0f%% yellow, %.0f%% red to the edge, a day every %ds"
            + " (peak %.0f req/s at %02d:00; starting at %s).",
        t.mix().green() * 100,
        t.mix().yellow() * 100,
        t.mix().red() * 100,
        t.dayLength().toSeconds(),
        t.peakRate(),
        DailyCurve.PEAK_HOUR,
        t.curve().clockAt(Duration.ZERO));
  }

  private static CliException usage(String message, String hint) {
    return new CliException(Brigade.INVALID, message, hint);
  }

  /** The edge in front of the instances: round robin, probes of /health every second. */
  private EdgeConfig edgeConfig(DemoApp app, String token) {
    List<BackendConfig> backends = new ArrayList<>();
    for (DemoInstance i : app.instances()) {
      backends.add(
          new BackendConfig(
              i.name() + "/http", i.address().getHostString(), i.address().getPort(), 1, false));
    }
    PoolConfig pool =
        new PoolConfig(
            "app",
            Algorithm.ROUND_ROBIN,
            "url",
            "",
            backends,
            "/health",
            200,
            Duration.ofSeconds(1),
            Duration.ofMillis(500),
            new HealthSettings(5, 3, 0, 0, 3, Duration.ofSeconds(10)));
    return new EdgeConfig(
        "demo-edge",
        new InetSocketAddress(bind, edgePort),
        new InetSocketAddress("127.0.0.1", 0),
        token,
        Timeouts.DEFAULT,
        Optional.empty(),
        List.of(pool),
        List.of(new Route("", "", "app")));
  }

  private void describe(
      DemoApp app,
      DemoOptions options,
      EdgeServer edge,
      String token,
      DemoBox monitor,
      List<String> layers,
      List<String> https,
      PrintWriter out) {
    if (!isLoopback(options.bindAddress())) {
      out.println(
          "warning: the demo listens on " + options.bindAddress() + ", not only on loopback");
    }
    String edgeUrl = "http://" + options.bindAddress() + ":" + edge.address().getPort() + "/";
    String adminUrl = "http://127.0.0.1:" + edge.adminAddress().getPort() + "/";
    out.println(
        "Brigade demo: an edge (cache + load balancer) in front of "
            + app.instances().size()
            + " application instances");
    out.println("  edge   " + edgeUrl + "   <- open this");
    https.subList(0, 3).forEach(out::println);
    out.println("  admin  " + adminUrl + "pools   (token for POSTs: " + token + ")");
    out.printf("  %-6s %-28s %-10s %s%n", "name", "url", "latency", "failure rate");
    for (DemoInstance i : app.instances()) {
      out.printf(
          "  %-6s %-28s %-10s %.0f%%%n",
          i.name(), i.uri(), i.latency().toMillis() + "ms", i.failureRate() * 100);
    }
    String first = edgeUrl;
    out.println("Pages: / /news /products/1 (yellow, cacheable), /static/style.css (green),");
    out.println("       /account /cart (red, per user), /health.");
    out.println("Try:   curl -si " + first + "products/1      (twice: Cache-Status shows the hit)");
    out.println(
        "       curl -s -XPOST -H 'Authorization: Bearer "
            + token
            + "' "
            + adminUrl
            + "pools/app/backends/app2/http/drain");
    out.println(https.get(3));
    out.println(
        "Box:    "
            + monitor.url()
            + "   <- the dashboard; sign in as admin, password "
            + monitor.password()
            + " (this run only)");
    out.println(
        "Monitor: "
            + monitor.checks()
            + " checks every 5s ("
            + monitor.covers()
            + "): http://"
            + monitor.api()
            + "/status");
    out.println(
        "       ./brigade status --api "
            + monitor.api()
            + "      (exit code 2 while something is down)");
    layers.forEach(out::println);
    out.println(runFor == null ? "Press Ctrl-C to stop." : "Stopping after " + runFor + ".");
    out.flush();
  }

  private static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Instances on their own loopback addresses, when neither --port nor --bind says otherwise. */
  private boolean spreadOverLoopback() {
    return port == 0 && bind.equals("127.0.0.1");
  }

  /** 127.0.0.11, 127.0.0.12, ...: one loopback address per instance (at most 64 instances). */
  static List<String> loopbackAddresses(int n) {
    return java.util.stream.IntStream.range(0, n).mapToObj(i -> "127.0.0." + (11 + i)).toList();
  }

  /** {@code --app-only}: the instances alone, until Ctrl-C or {@code --for}. */
  private int appOnly(DemoOptions options, Duration stopAfter, PrintWriter out)
      throws InterruptedException {
    DemoApp app;
    try {
      app = DemoApp.start(options);
    } catch (RuntimeException e) {
      throw new CliException(
          Brigade.FAILED, e.getMessage(), "choose other ports with --port, or leave it out", e);
    }
    return runUntilStopped(
        app::close,
        stopAfter,
        out,
        () -> {
          for (DemoInstance i : app.instances()) {
            out.printf("  %-6s %s%n", i.name(), i.uri());
          }
          out.println(runFor == null ? "Press Ctrl-C to stop." : "Stopping after " + runFor + ".");
          out.flush();
        });
  }

  /**
   * Says what runs ({@code describe}), then waits for Ctrl-C (the shutdown hook) or {@code --for},
   * and stops everything once, whichever comes first.
   */
  private static int runUntilStopped(
      Runnable stopAll, Duration stopAfter, PrintWriter out, Runnable describe)
      throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stopAll.run();
              stopped.countDown();
            },
            "brigade-demo-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      describe.run();
      if (stopAfter == null) {
        stopped.await();
      } else {
        stopped.await(stopAfter.toMillis(), TimeUnit.MILLISECONDS);
      }
    } finally {
      stopAll.run();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down: the hook runs anyway
      }
    }
    out.println("demo stopped");
    out.flush();
    return 0;
  }
}
