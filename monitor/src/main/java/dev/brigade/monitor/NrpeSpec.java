package dev.brigade.monitor;

import java.util.List;
import java.util.Optional;

/**
 * An {@code nrpe} check: one of the NRPE agent's commands, as check_nrpe runs it.
 *
 * @param port the agent's port
 * @param command the agent's command name
 * @param args its arguments ({@code $ARGn$} on the agent)
 * @param tls false for an agent started with {@code nrpe -n}
 */
record NrpeSpec(int port, String command, List<String> args, boolean tls) implements CheckOptions {
  static final CheckType TYPE = CheckType.of("nrpe", NrpeSpec::read);

  NrpeSpec {
    args = List.copyOf(args);
  }

  private static Optional<NrpeSpec> read(CheckReader r) {
    int port = r.port(5666);
    String command = r.required("command").orElse("");
    List<String> args = r.list("args");
    if (!command.isEmpty()) {
      try {
        NrpeClient.query(command, args);
      } catch (IllegalArgumentException e) {
        r.error(args.isEmpty() ? "command" : "args", "cannot be sent: " + e.getMessage());
      }
    }
    return r.valid(new NrpeSpec(port, command, args, r.bool("tls", true)));
  }

  @Override
  public Probe probe(CheckSite site) {
    NrpeOptions options = tls ? NrpeOptions.DEFAULT : NrpeOptions.DEFAULT.plain();
    if (tls) {
      TlsSockets.warmUp();
    }
    return d -> NrpeClient.query(site.address(), port, command, args, d, options);
  }
}
