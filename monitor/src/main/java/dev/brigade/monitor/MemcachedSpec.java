package dev.brigade.monitor;

/**
 * A {@code memcached} check: its {@code stats}, judging the hit ratio, evictions and connections.
 *
 * @param port the port
 * @param hitRatio thresholds on the hit ratio in percent
 * @param evictions thresholds on the evictions counter
 * @param connections thresholds on the current connections
 */
record MemcachedSpec(int port, Thresholds hitRatio, Thresholds evictions, Thresholds connections)
    implements CheckOptions {
  static final CheckType TYPE =
      CheckType.of(
          "memcached",
          r ->
              r.valid(
                  new MemcachedSpec(
                      r.port(11211),
                      r.thresholds("hit-ratio-warning", "hit-ratio-critical"),
                      new Thresholds(java.util.Optional.empty(), r.range("evictions")),
                      new Thresholds(java.util.Optional.empty(), r.range("connections")))));

  @Override
  public Probe probe(CheckSite site) {
    return d -> MemcachedCheck.check(site.address(), port, d, hitRatio, evictions, connections);
  }
}
