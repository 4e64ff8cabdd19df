package dev.brigade.edge;

/** What a backend may be asked to do. Operators set DRAIN and MAINT; health sets UP and DOWN. */
public enum BackendState {
  /** Healthy: takes new requests. */
  UP,
  /** Failed its health checks (or passive detection): takes no requests. */
  DOWN,
  /** Takes no new requests; the running ones finish. What rolling deploys ask for. */
  DRAIN,
  /** In maintenance: takes nothing, and health checks do not change that. */
  MAINT
}
