package dev.brigade.remote;

/** What to do with a host whose key is not in the known_hosts file. */
public enum HostKeyPolicy {
  /** Refuse it (like OpenSSH's {@code StrictHostKeyChecking yes}). */
  STRICT,
  /**
   * Trust it on first use and add it to the known_hosts file (like {@code StrictHostKeyChecking
   * accept-new}). A host whose key differs from a known one is refused either way.
   */
  ACCEPT_NEW
}
