package dev.brigade.monitor;

import java.util.Map;
import java.util.Optional;

/**
 * A {@code command} check: a Nagios plugin run here with {@code $HOSTADDRESS$}, {@code $HOSTNAME$},
 * {@code $SERVICEDESC$} and {@code $PORT$}.
 *
 * @param command the command line
 * @param port the value of {@code $PORT$}, if given
 */
record CommandSpec(String command, Optional<Integer> port) implements CheckOptions {
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
    return r.valid(new CommandSpec(command, port));
  }

  @Override
  public Probe probe(CheckSite site) {
    Map<String, String> macros =
        Map.of(
            "HOSTADDRESS", site.address(),
            "HOSTNAME", site.host().name(),
            "SERVICEDESC", site.check(),
            "PORT", port.map(String::valueOf).orElse(""));
    return () -> site.plugins().run(command, macros, site.timeout());
  }

  @Override
  public boolean startsProcess() {
    return true;
  }
}
