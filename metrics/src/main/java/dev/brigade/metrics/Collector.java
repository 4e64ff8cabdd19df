package dev.brigade.metrics;

import dev.brigade.model.Host;
import java.io.IOException;
import java.util.List;

/** Reads the current values of one kind of source from one host. */
sealed interface Collector permits MuninCollector, PrometheusCollector, SshCollector {

  /** What one collection found under one source name. */
  record Collected(String source, List<Sample> samples) {}

  /** Collects now; a problem is an exception whose message names the peer. */
  List<Collected> collect(Host host) throws IOException;
}
