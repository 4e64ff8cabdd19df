package dev.brigade.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Loads and validates {@code brigade.yml} (with its includes) into a {@link Cluster}.
 *
 * <pre>{@code
 * try {
 *   Cluster cluster = ClusterLoader.load(Path.of("brigade.yml"));
 * } catch (ModelException e) {
 *   e.lines().forEach(System.err::println); // brigade.yml:12:5: unknown key 'rols' ...
 * }
 * }</pre>
 */
public final class ClusterLoader {
  private final Map<String, String> env;
  private final List<SectionType<?>> sectionTypes;

  /**
   * A loader that substitutes {@code ${VAR}} from {@code env} and reads the given sections (on top
   * of those registered with {@link ServiceLoader}).
   */
  public ClusterLoader(Map<String, String> env, List<SectionType<?>> sectionTypes) {
    this.env = Map.copyOf(env);
    List<SectionType<?>> all = new ArrayList<>(sectionTypes);
    for (SectionType<?> t : ServiceLoader.load(SectionType.class)) {
      if (all.stream().noneMatch(s -> s.key().equals(t.key()))) {
        all.add(t);
      }
    }
    this.sectionTypes = List.copyOf(all);
  }

  /** Loads {@code file} with the process environment and every registered section type. */
  public static Cluster load(Path file) throws ModelException {
    return new ClusterLoader(System.getenv(), List.of()).read(file);
  }

  /** Loads and validates {@code file}; every problem found is in the exception. */
  public Cluster read(Path file) throws ModelException {
    Problems problems = new Problems();
    YamlNode.Mapping root = new Includes(env, problems).load(file);
    problems.throwIfAny();
    Cluster cluster = new ModelReader(problems, sectionTypes).read(root, file);
    problems.throwIfAny();
    return cluster;
  }

  /** The section types this loader reads. */
  public List<SectionType<?>> sectionTypes() {
    return sectionTypes;
  }
}
