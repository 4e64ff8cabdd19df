package dev.brigade.model;

/**
 * One service on one host: what a pool balances over and what a check connects to.
 *
 * @param host the host
 * @param service the service
 */
public record Endpoint(Host host, Service service) {
  /** The host's address. */
  public String address() {
    return host.address();
  }

  /** The service's port. */
  public int port() {
    return service.port();
  }

  /** {@code host/service}, the name monitoring and the edge show for this endpoint. */
  public String id() {
    return host.name() + "/" + service.name();
  }
}
