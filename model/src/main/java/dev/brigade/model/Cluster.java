package dev.brigade.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * One cluster, as {@code brigade.yml} describes it: the single model every part of Brigade reads.
 *
 * <pre>{@code
 * Cluster cluster = ClusterLoader.load(Path.of("brigade.yml"));
 * for (Endpoint e : cluster.members(cluster.layer("edge").orElseThrow().pools().getFirst())) {
 *   System.out.println(e.id() + " at " + e.address() + ":" + e.port());
 * }
 * }</pre>
 *
 * @param name the cluster's name
 * @param source the file it was loaded from
 * @param roles device classes by name, in file order
 * @param hosts hosts by name, in file order
 * @param stages stages by name, in file order
 * @param layers layers from the outside in
 * @param sections settings of the parts of Brigade, by section key; read with {@link
 *     #section(SectionType)}
 */
public record Cluster(
    String name,
    Path source,
    Map<String, Role> roles,
    Map<String, Host> hosts,
    Map<String, Stage> stages,
    List<Layer> layers,
    Map<String, Object> sections) {

  public Cluster {
    roles = Ordered.copy(roles);
    hosts = Ordered.copy(hosts);
    stages = Ordered.copy(stages);
    layers = List.copyOf(layers);
    sections = Ordered.copy(sections);
  }

  /** The host with this name. */
  public Optional<Host> host(String hostName) {
    return Optional.ofNullable(hosts.get(hostName));
  }

  /** The role with this name. */
  public Optional<Role> role(String roleName) {
    return Optional.ofNullable(roles.get(roleName));
  }

  /** The stage with this name. */
  public Optional<Stage> stage(String stageName) {
    return Optional.ofNullable(stages.get(stageName));
  }

  /** The layer with this name. */
  public Optional<Layer> layer(String layerName) {
    return layers.stream().filter(l -> l.name().equals(layerName)).findFirst();
  }

  /** Every host with the role, in file order. */
  public List<Host> hostsWithRole(String roleName) {
    return hosts.values().stream().filter(h -> h.hasRole(roleName)).toList();
  }

  /** The hosts of a stage, in the stage's order. */
  public List<Host> hostsOf(Stage stage) {
    return stage.hosts().stream().map(hosts::get).toList();
  }

  /** The stages a host belongs to. */
  public List<Stage> stagesOf(Host host) {
    return stages.values().stream().filter(s -> s.hosts().contains(host.name())).toList();
  }

  /** Every service a host runs, from all of its roles, in role order. */
  public List<Endpoint> endpoints(Host host) {
    List<Endpoint> out = new ArrayList<>();
    for (String r : host.roles()) {
      for (Service s : roles.get(r).services()) {
        out.add(new Endpoint(host, s));
      }
    }
    return List.copyOf(out);
  }

  /** The members of a pool: its service on every host of its role (and stage, if it has one). */
  public List<Endpoint> members(Pool pool) {
    Role role = roles.get(pool.role());
    Service service = role.service(pool.service()).orElseThrow();
    List<String> inStage = pool.stage().map(s -> stages.get(s).hosts()).orElse(null);
    return hostsWithRole(pool.role()).stream()
        .filter(h -> inStage == null || inStage.contains(h.name()))
        .map(h -> new Endpoint(h, service))
        .toList();
  }

  /**
   * The members of a pool as seen from {@code from}, a host of the layer: when the pool names no
   * stage, only members that share a stage with {@code from}, so a staging edge never sends traffic
   * to production servers.
   */
  public List<Endpoint> members(Pool pool, Host from) {
    if (pool.stage().isPresent()) {
      return members(pool);
    }
    List<Stage> mine = stagesOf(from);
    return members(pool).stream()
        .filter(e -> mine.stream().anyMatch(s -> s.hosts().contains(e.host().name())))
        .toList();
  }

  /**
   * The settings of one part of Brigade, as its {@link SectionType} read them.
   *
   * @throws NoSuchElementException when the type was not known to the loader
   */
  public <T> T section(SectionType<T> type) {
    Object value = sections.get(type.key());
    if (!type.valueType().isInstance(value)) { // absent, or kept as YAML because no type read it
      throw new NoSuchElementException(
          "section '" + type.key() + "' was not read; load the model with this section type");
    }
    return type.valueType().cast(value);
  }
}
