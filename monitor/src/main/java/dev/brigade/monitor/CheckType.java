package dev.brigade.monitor;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A kind of explicit check of {@code monitor.checks}, the service provider interface of check
 * types: it reads a check's options into a typed record that validates them (reporting each mistake
 * with FILE:LINE:COLUMN) and builds the probe, so whatever validates can run.
 *
 * <p>Brigade's own types are built in; more are found with {@link java.util.ServiceLoader} under
 * {@code META-INF/services/dev.brigade.monitor.CheckType}.
 *
 * <pre>{@code
 * record PingSpec(int count) implements CheckOptions {
 *   static final CheckType TYPE = CheckType.of("ping", r -> r.valid(new PingSpec(r.integer("count", 1, 10, 3))));
 *   public Probe probe(CheckSite site) { return deadline -> ...; }
 * }
 * }</pre>
 */
public interface CheckType {
  /** The value of {@code type:} that selects it, e.g. {@code tcp}. */
  String name();

  /**
   * Reads and validates the type's options from the check's mapping: every mistake is reported
   * through {@code options}; the result is empty when there was any.
   */
  Optional<? extends CheckOptions> read(CheckReader options);

  /** A type of this name whose options {@code read} reads. */
  static CheckType of(String name, Function<CheckReader, Optional<? extends CheckOptions>> read) {
    return new Simple(name, read);
  }

  /** The type called {@code name}, built in or provided. */
  static Optional<CheckType> find(String name) {
    return Optional.ofNullable(CheckTypeRegistry.all().get(name));
  }

  /** The names of every known type, built-in ones first. */
  static List<String> names() {
    return List.copyOf(CheckTypeRegistry.all().keySet());
  }

  /** A type from its name and its reader. */
  record Simple(String name, Function<CheckReader, Optional<? extends CheckOptions>> reader)
      implements CheckType {
    @Override
    public Optional<? extends CheckOptions> read(CheckReader options) {
      return reader.apply(options);
    }
  }
}
