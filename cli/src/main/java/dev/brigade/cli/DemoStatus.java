package dev.brigade.cli;

import dev.brigade.demo.DemoInstance;
import dev.brigade.demo.MemcachedServer;
import dev.brigade.demo.TrafficCounts;
import dev.brigade.traffic.HitClass;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The running demo as {@code /demo}'s JSON shows it (GET {@code /demo.json}).
 *
 * @param instances every application instance
 * @param traffic the traffic generator's counters, or null without one
 * @param memcached memcached's hits and misses, or null without it
 */
record DemoStatus(List<Instance> instances, TrafficCounts traffic, Cache memcached) {
  /**
   * One instance.
   *
   * @param name app1, ...
   * @param url its base URL
   * @param state running, unhealthy or stopped
   * @param requests requests answered per hit class
   * @param cacheHits fragment lookups in memcached that hit
   * @param cacheMisses and that missed
   */
  record Instance(
      String name,
      String url,
      String state,
      Map<HitClass, Long> requests,
      long cacheHits,
      long cacheMisses) {}

  /**
   * memcached's own counters ({@code stats}).
   *
   * @param address HOST:PORT
   * @param getHits {@code get_hits}
   * @param getMisses {@code get_misses}
   * @param items {@code curr_items}
   */
  record Cache(String address, long getHits, long getMisses, long items) {}

  static DemoStatus of(RunningDemo demo) {
    List<Instance> instances = demo.app().instances().stream().map(DemoStatus::instance).toList();
    return new DemoStatus(
        instances,
        demo.traffic().map(t -> t.counts()).orElse(null),
        demo.memcached().map(DemoStatus::cache).orElse(null));
  }

  static String state(DemoInstance i) {
    return i.running() ? (i.healthy() ? "running" : "unhealthy") : "stopped";
  }

  private static Instance instance(DemoInstance i) {
    Map<HitClass, Long> requests = new EnumMap<>(HitClass.class);
    for (HitClass c : HitClass.values()) {
      requests.put(c, i.requests(c));
    }
    return new Instance(
        i.name(), i.uri().toString(), state(i), requests, i.cacheHits(), i.cacheMisses());
  }

  private static Cache cache(MemcachedServer m) {
    String address = m.address().getHostString() + ":" + m.address().getPort();
    try {
      Map<String, String> s = m.stats();
      return new Cache(
          address, number(s, "get_hits"), number(s, "get_misses"), number(s, "curr_items"));
    } catch (IOException e) {
      return new Cache(address, -1, -1, -1);
    }
  }

  private static long number(Map<String, String> stats, String name) {
    try {
      return Long.parseLong(stats.getOrDefault(name, "-1"));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
