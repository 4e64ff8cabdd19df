package dev.brigade.model;

import java.util.List;
import java.util.Optional;

/**
 * A device class (app, web, edge, cache, db, search, ...) and the services its hosts run.
 *
 * @param name the role's name
 * @param description what the role is for
 * @param services the services every host of this role runs
 */
public record Role(String name, String description, List<Service> services) {
  public Role {
    services = List.copyOf(services);
  }

  /** The service with this name. */
  public Optional<Service> service(String serviceName) {
    return services.stream().filter(s -> s.name().equals(serviceName)).findFirst();
  }
}
