package dev.brigade.monitor;

import dev.brigade.model.Cluster;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running monitor with its API, which a changed model can replace without losing anything (as
 * {@code nagios reload} keeps retention data): the new engine is built first; only when that worked
 * does the old one stop and save, the new one read the saved state and start. A reload that fails
 * keeps the old engine running and says why in the log, in {@code GET /status} and in {@code
 * brigade status}. The API stays up on its address throughout.
 *
 * <pre>{@code
 * try (MonitorService s = MonitorService.start(cluster, Monitor.Options.defaults(), Optional.empty())) {
 *   MonitorService.Reload r = s.reload(() -> loader.read(modelFile));
 *   System.err.println(r.message());
 * }
 * }</pre>
 */
public final class MonitorService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MonitorService.class);

  /**
   * How the last reload went.
   *
   * @param at when it was tried
   * @param ok whether the new model runs now
   * @param message what happened, one line: the check count, or why the old model still runs
   */
  public record Reload(Instant at, boolean ok, String message) {}

  private final Monitor.Options options;
  private final MonitorApi api;
  private volatile Monitor monitor;
  private volatile Optional<Reload> lastReload = Optional.empty();

  private MonitorService(Monitor.Options options, Monitor monitor, Optional<InetSocketAddress> at)
      throws IOException {
    this.options = options;
    this.monitor = monitor;
    this.api = MonitorApi.start(this::monitor, this::lastReload, at);
  }

  /** Builds the engine for {@code cluster}, starts its API (at {@code listen} if given) and it. */
  public static MonitorService start(
      Cluster cluster, Monitor.Options options, Optional<InetSocketAddress> listen)
      throws SQLException, IOException {
    Monitor m = Monitor.create(cluster, options);
    MonitorService s;
    try {
      s = new MonitorService(options, m, listen);
    } catch (IOException | RuntimeException e) {
      m.close();
      throw e;
    }
    m.start();
    return s;
  }

  /**
   * Replaces the engine with one for the model {@code load} reads; never leaves the monitor without
   * an engine: when reading the model or building the engine fails, the old one keeps running.
   *
   * @return how it went, also kept for {@link #lastReload()}
   */
  public synchronized Reload reload(Callable<Cluster> load) {
    Monitor next;
    try {
      next = Monitor.create(load.call(), options);
    } catch (Exception e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      Reload r =
          new Reload(
              options.clock().instant(),
              false,
              "reload failed, still running the previous model: "
                  + why.lines().findFirst().orElse(why));
      log.error(r.message());
      lastReload = Optional.of(r);
      return r;
    }
    Monitor old = monitor;
    try {
      old.close();
    } catch (SQLException | RuntimeException e) {
      log.error("the previous engine could not save its last state: {}", e.getMessage());
    }
    try {
      // what the old engine recorded while the new one was being built
      next.restoreFromStore();
    } catch (SQLException e) {
      log.error("could not re-read the state the previous engine saved: {}", e.getMessage());
    }
    next.start();
    monitor = next;
    Reload r =
        new Reload(
            options.clock().instant(),
            true,
            "reloaded: " + next.checks().size() + " checks of " + next.hostCount() + " hosts");
    log.info(r.message());
    lastReload = Optional.of(r);
    return r;
  }

  /** The engine running now. */
  public Monitor monitor() {
    return monitor;
  }

  /** How the last reload went, if there was one. */
  public Optional<Reload> lastReload() {
    return lastReload;
  }

  /** Where the API listens. */
  public InetSocketAddress address() {
    return api.address();
  }

  @Override
  public synchronized void close() throws SQLException {
    api.close();
    monitor.close();
  }
}
