package dev.brigade.monitor;

/**
 * A {@code tcp} check: connect to {@code port}, judging the connect time as check_tcp's {@code -w}
 * and {@code -c} do.
 *
 * @param port the port connected to
 * @param time thresholds on the connect time in seconds
 */
record TcpSpec(int port, Thresholds time) implements CheckOptions {
  static final CheckType TYPE =
      CheckType.of("tcp", r -> r.valid(new TcpSpec(r.requiredPort(), r.thresholds())));

  @Override
  public Probe probe(CheckSite site) {
    return d -> BuiltinChecks.tcp(site.address(), port, time, d);
  }
}
