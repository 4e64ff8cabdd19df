package dev.brigade.deploy;

import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The model's {@code deploy:} section as read: the settings of each stage, with its overrides
 * merged in.
 *
 * @param base the section itself, or empty when the model has none
 * @param stages per stage, the section with {@code stages.NAME.deploy} merged over it
 */
public record DeployConfig(Optional<DeploySettings> base, Map<String, DeploySettings> stages) {
  /** No {@code deploy:} section. */
  public static final DeployConfig NONE = new DeployConfig(Optional.empty(), Map.of());

  public DeployConfig {
    stages = Map.copyOf(stages);
  }

  /**
   * The settings for a stage.
   *
   * @throws NoSuchElementException when the model has no {@code deploy:} section
   */
  public DeploySettings forStage(String stage) {
    if (base.isEmpty()) {
      throw new NoSuchElementException(
          "the model has no 'deploy:' section; add one (repository, path, roles)");
    }
    return stages.getOrDefault(stage, base.get());
  }
}
