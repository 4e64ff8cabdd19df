package dev.brigade.model;

import java.util.Map;
import java.util.Optional;

/**
 * What a {@link SectionType} gets to read its section: the section's YAML, the per-stage overrides
 * of it, and the rest of the model (without sections) for cross-references.
 *
 * @param node the section's value, or empty when {@code brigade.yml} has no such section
 * @param stageOverrides the section's overrides by stage name, from {@code stages.NAME.KEY}
 * @param cluster hosts, roles, stages and layers; {@link Cluster#sections()} is empty here
 * @param problems where to report mistakes
 */
public record SectionContext(
    Optional<YamlNode> node,
    Map<String, YamlNode> stageOverrides,
    Cluster cluster,
    Problems problems) {

  /** A reader over the section, or over an empty mapping when the section is absent. */
  public MappingReader reader(String what) {
    return MappingReader.of(
        node.orElseGet(
            () -> new YamlNode.Mapping(java.util.List.of(), Location.of(cluster.source()))),
        what,
        problems);
  }
}
