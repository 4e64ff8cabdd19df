package dev.brigade.box;

import dev.brigade.box.web.BoxContext;
import dev.brigade.box.web.Dashboards;
import dev.brigade.metrics.MetricsEngine;
import dev.brigade.model.Cluster;
import dev.brigade.monitor.Monitor;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;

/** The box as the server's pages see it: the given context, whose changes feed the stream. */
record FeedingContext(BoxContext box, LiveFeed feed) implements BoxContext, Changes {
  @Override
  public Cluster cluster() {
    return box.cluster();
  }

  @Override
  public Monitor monitor() {
    return box.monitor();
  }

  @Override
  public MetricsEngine metrics() {
    return box.metrics();
  }

  @Override
  public InstantSource clock() {
    return box.clock();
  }

  @Override
  public Dashboards dashboards() {
    return box.dashboards();
  }

  @Override
  public Path dataDirectory() {
    return box.dataDirectory();
  }

  @Override
  public void changed(List<String> ids) {
    feed.changed(ids);
  }
}
