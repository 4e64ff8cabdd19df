package dev.brigade.monitor;

/**
 * An {@code ssh} check: a plugin run on the host over SSH, as check_by_ssh does.
 *
 * @param command the command line run on the host
 * @param timeoutState the status of a command still running at the timeout
 */
record SshSpec(String command, Status timeoutState) implements CheckOptions {
  static final CheckType TYPE =
      CheckType.of(
          "ssh",
          r ->
              r.valid(
                  new SshSpec(
                      r.required("command").orElse(""),
                      CommandSpec.timeoutState(r).orElse(Status.CRITICAL))));

  @Override
  public Probe probe(CheckSite site) {
    return d -> SshCheck.run(site.remote().get(), site.host(), command, d, timeoutState);
  }
}
