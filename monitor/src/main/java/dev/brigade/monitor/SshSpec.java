package dev.brigade.monitor;

/**
 * An {@code ssh} check: a plugin run on the host over SSH, as check_by_ssh does.
 *
 * @param command the command line run on the host
 */
record SshSpec(String command) implements CheckOptions {
  static final CheckType TYPE =
      CheckType.of("ssh", r -> r.valid(new SshSpec(r.required("command").orElse(""))));

  @Override
  public Probe probe(CheckSite site) {
    return () -> SshCheck.run(site.remote().get(), site.host(), command, site.timeout());
  }
}
