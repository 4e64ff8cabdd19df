package dev.brigade.monitor;

/**
 * An {@code edge-pool} check: how many backends of one pool of a Brigade edge are up.
 *
 * @param pool the pool's name
 * @param port the edge's admin port
 * @param up thresholds on the backends up; none for "all up, at least one"
 */
record EdgePoolSpec(String pool, int port, Thresholds up) implements CheckOptions {
  static final CheckType TYPE =
      CheckType.of(
          "edge-pool",
          r ->
              r.valid(
                  new EdgePoolSpec(
                      r.required("pool").orElse(""), r.requiredPort(), r.thresholds())));

  @Override
  public Probe probe(CheckSite site) {
    EdgePoolCheck.warmUp();
    return d -> EdgePoolCheck.check(site.address(), port, pool, up, d);
  }
}
