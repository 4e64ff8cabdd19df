package dev.brigade.model;

import java.util.List;
import java.util.Map;

/**
 * A set of hosts that are deployed and configured together (staging, production, ...).
 *
 * @param name the stage's name
 * @param description what the stage is for
 * @param hosts the names of its hosts
 * @param vars variables for deploy scripts and templates, as given
 * @param overrides per-stage settings for sections ({@code deploy:}, {@code edge:}, ...), which the
 *     section's owner merges over its main settings
 */
public record Stage(
    String name,
    String description,
    List<String> hosts,
    Map<String, String> vars,
    Map<String, YamlNode> overrides) {
  public Stage {
    hosts = List.copyOf(hosts);
    vars = Map.copyOf(vars);
    overrides = Map.copyOf(overrides);
  }
}
