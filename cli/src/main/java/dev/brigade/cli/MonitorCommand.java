package dev.brigade.cli;

import dev.brigade.box.CheckMetrics;
import dev.brigade.metrics.MetricsEngine;
import dev.brigade.metrics.MetricsSection;
import dev.brigade.metrics.MetricsSettings;
import dev.brigade.model.Cluster;
import dev.brigade.monitor.Monitor;
import dev.brigade.monitor.MonitorService;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code brigade monitor}: runs the failure monitor (checks, states, notifications, API). */
@Command(
    name = "monitor",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the failure monitor: every host and service of the model and every check under"
          + " monitor.checks, on their intervals (spread, so a start is not a thundering herd),"
          + " with Nagios's state logic (soft/hard, parents, dependencies, flapping, downtime,"
          + " acknowledgements) and notifications by email, webhook or command.",
      "State and history are kept in SQLite (monitor.store, default .brigade/monitor.db next to"
          + " the model), so a restart loses nothing. The HTTP API (monitor.api, default"
          + " 127.0.0.1:9180) serves GET /status, /checks, /groups and /events, and takes passive"
          + " results, re-checks, downtimes, acknowledgements, enable/disable and comments with"
          + " 'Authorization: Bearer TOKEN' (brigade recheck, ack, downtime, disable, enable,"
          + " comment).",
      "State changes are logged to stderr; the engine warns when checks need more than it can"
          + " give (demand vs capacity). SIGHUP reloads the model, keeping all state; a model that"
          + " cannot be run is refused and the old one keeps running."
    },
    footer = {
      "",
      "Examples:",
      "  brigade monitor -c brigade.yml",
      "  brigade status -c brigade.yml",
      "  curl -s -H \"Authorization: Bearer $MONITOR_TOKEN\" \\",
      "       -d check=db1/backup -d status=0 -d 'output=BACKUP OK' localhost:9180/results",
      "  curl -s -H \"Authorization: Bearer $MONITOR_TOKEN\" \\",
      "       -d target=app1 -d duration=30m -d author=deploy localhost:9180/downtime"
    })
final class MonitorCommand implements Callable<Integer> {
  @Mixin ModelOptions model;

  @Option(
      names = "--for",
      paramLabel = "TIME",
      description = "Stop after this long (e.g. 30s), for scripted smoke tests.")
  String runFor;

  @Option(
      names = "--store",
      paramLabel = "FILE",
      description = "The SQLite file for state and history (default: monitor.store of the model).")
  Path store;

  @Option(
      names = "--listen",
      paramLabel = "ADDRESS:PORT",
      description = "Where the API listens (default: monitor.api.listen, 127.0.0.1:9180).")
  String listen;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Cluster cluster = model.load(spec.commandLine().getErr());
    MetricsEngine metrics = openMetrics(cluster);
    Monitor.Options options = Monitor.Options.defaults().withListener(new CheckMetrics(metrics));
    if (store != null) {
      options = options.withStore(store);
    }
    MonitorService service;
    try {
      service =
          MonitorService.start(
              cluster, options, Optional.ofNullable(listen).map(MonitorCommand::address));
    } catch (java.sql.SQLException e) {
      metrics.close();
      throw new CliException(
          Brigade.FAILED,
          "cannot open the monitor's store: " + e.getMessage(),
          "check monitor.store in the model, or pass --store FILE");
    } catch (java.io.IOException e) {
      metrics.close();
      throw new CliException(
          Brigade.FAILED,
          "cannot start the monitor API: " + e.getMessage(),
          "is another monitor running? pass --listen 127.0.0.1:PORT or stop it");
    }
    Signals.onHangup(
        () -> {
          MonitorService.Reload r = service.reload(model::reread);
          System.err.println("brigade monitor: " + model.config + ": " + r.message());
        });
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    service.close();
                  } catch (java.sql.SQLException e) {
                    System.err.println("brigade monitor: saving state failed: " + e.getMessage());
                  }
                  metrics.close(); // after the monitor: its last results are stored too
                  stopped.countDown();
                },
                "brigade-monitor-stop"));
    out.printf(
        "monitor %s: %d checks of %d hosts; API http://%s:%d/status; metrics in %s%n",
        cluster.name(),
        service.monitor().checks().size(),
        cluster.hosts().size(),
        service.address().getHostString(),
        service.address().getPort(),
        metrics.directory());
    out.flush();
    if (runFor == null) {
      stopped.await();
    } else {
      Thread.sleep(dev.brigade.model.Durations.parse(runFor));
      service.close();
      metrics.close();
    }
    return 0;
  }

  static InetSocketAddress address(String s) {
    int colon = s.lastIndexOf(':');
    try {
      return new InetSocketAddress(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
    } catch (RuntimeException e) {
      throw new CliException(
          Brigade.INVALID, "'" + s + "' is not ADDRESS:PORT", "e.g. 127.0.0.1:9180");
    }
  }

  /**
   * The metrics engine {@code brigade monitor} hosts until the management box does: check perfdata
   * and the model's collectors, stored where {@code metrics.store} says.
   */
  private static MetricsEngine openMetrics(Cluster cluster) {
    MetricsSettings settings = cluster.section(MetricsSection.TYPE);
    MetricsEngine metrics;
    try {
      metrics =
          MetricsEngine.create(
              cluster, settings, InstantSource.system(), settings.storeDir(cluster));
    } catch (java.io.UncheckedIOException e) {
      throw new CliException(
          Brigade.FAILED,
          e.getMessage() + ": " + e.getCause().getMessage(),
          "check metrics.store in the model; is another brigade monitor using it?");
    }
    metrics.start();
    return metrics;
  }
}
