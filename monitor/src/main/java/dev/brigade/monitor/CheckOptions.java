package dev.brigade.monitor;

/**
 * The validated options of one explicit check (one record per {@link CheckType}): it builds the
 * check's probe for each host it runs on.
 */
public interface CheckOptions {
  /** The probe of this check on {@code site}'s host; never fails for options that were read. */
  Probe probe(CheckSite site);

  /** True when the probe starts a local process, counted against the plugin limit. */
  default boolean startsProcess() {
    return false;
  }
}
