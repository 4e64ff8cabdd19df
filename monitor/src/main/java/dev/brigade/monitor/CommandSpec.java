package dev.brigade.monitor;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code command} check: a Nagios plugin run here with {@code $HOSTADDRESS$}, {@code $HOSTNAME$},
 * {@code $SERVICEDESC$} and {@code $PORT$}.
 *
 * @param command the command line
 * @param port the value of {@code $PORT$}, if given
 * @param timeoutState the status of a run killed at its timeout; empty for the runner's (CRITICAL
 *     unless set, as Nagios 4's {@code service_check_timeout_state})
 */
record CommandSpec(String command, Optional<Integer> port, Optional<Status> timeoutState)
    implements CheckOptions {
  static final CheckType TYPE = CheckType.of("command", CommandSpec::read);

  private static Optional<CommandSpec> read(CheckReader r) {
    String command = r.required("command").orElse("");
    Optional<Integer> port = r.has("port") ? Optional.of(r.port(0)) : Optional.empty();
    if (!command.isEmpty()) {
      try {
        CommandLine.argv(command, Map.of());
      } catch (IllegalArgumentException e) {
        r.error("command", "cannot be run: " + e.getMessage());
      }
    }
    return r.valid(new CommandSpec(command, port, timeoutState(r)));
  }

  /** The {@code timeout-state} option: critical, unknown, warning or ok. */
  static Optional<Status> timeoutState(CheckReader r) {
    return r.oneOf("timeout-state", List.of("critical", "unknown", "warning", "ok"))
        .map(s -> Status.valueOf(s.toUpperCase(Locale.ROOT)));
  }

  @Override
  public Probe probe(CheckSite site) {
    Map<String, String> macros =
        Map.of(
            "HOSTADDRESS", site.address(),
            "HOSTNAME", site.host().name(),
            "SERVICEDESC", site.check(),
            "PORT", port.map(String::valueOf).orElse(""));
    if (timeoutState.isPresent()) {
      Status state = timeoutState.get();
      return d -> site.plugins().run(command, macros, d, state);
    }
    return d -> site.plugins().run(command, macros, d);
  }

  @Override
  public boolean startsProcess() {
    return true;
  }
}
