package dev.brigade.monitor;

import java.time.Duration;
import java.util.Optional;

/**
 * A check type provided through {@link java.util.ServiceLoader} (see this module's test resources),
 * as a third party would add one: {@code type: always} with a {@code status} option.
 */
public final class ProvidedCheckType implements CheckType {
  /** Its options. */
  record Always(Status status) implements CheckOptions {
    @Override
    public Probe probe(CheckSite site) {
      return d ->
          new CheckResult(
              status,
              PluginOutput.parse(status + " - always, on " + site.host().name()),
              Duration.ZERO,
              false,
              false);
    }
  }

  @Override
  public String name() {
    return "always";
  }

  @Override
  public Optional<? extends CheckOptions> read(CheckReader r) {
    Status s =
        r.oneOf("status", java.util.List.of("ok", "warning", "critical", "unknown"))
            .map(v -> Status.valueOf(v.toUpperCase(java.util.Locale.ROOT)))
            .orElse(Status.OK);
    return r.valid(new Always(s));
  }
}
