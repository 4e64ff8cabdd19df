package dev.brigade.box.web;

import dev.brigade.metrics.MetricsEngine;
import dev.brigade.model.Cluster;
import dev.brigade.monitor.Monitor;
import java.nio.file.Path;
import java.time.InstantSource;

/**
 * The running box as its pages see it. The box's own server implements it; a page reads the current
 * objects on each request (a reload may replace them).
 */
public interface BoxContext {
  /** The model now running. */
  Cluster cluster();

  /** The failure monitor. */
  Monitor monitor();

  /** The metrics engine (series, graphs, events). */
  MetricsEngine metrics();

  /** The box's clock. */
  InstantSource clock();

  /** Saved dashboards (in the box's store). */
  Dashboards dashboards();

  /** The box's data directory (store, metrics, plan results). */
  Path dataDirectory();
}
