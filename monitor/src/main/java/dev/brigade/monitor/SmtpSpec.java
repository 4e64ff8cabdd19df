package dev.brigade.monitor;

/**
 * An {@code smtp} check: banner, EHLO and QUIT, as check_smtp does with {@code -S}, {@code -w} and
 * {@code -c}.
 *
 * @param port the port
 * @param starttls true when the server must offer STARTTLS
 * @param time thresholds on the time of the dialogue in seconds
 */
record SmtpSpec(int port, boolean starttls, Thresholds time) implements CheckOptions {
  static final CheckType TYPE =
      CheckType.of(
          "smtp",
          r -> r.valid(new SmtpSpec(r.port(25), r.bool("starttls", false), r.thresholds())));

  @Override
  public Probe probe(CheckSite site) {
    return d -> SmtpCheck.check(site.address(), port, starttls, time, d);
  }
}
