package dev.brigade.model;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads a model file and the files it includes ({@code include: stages/*.yml}) into one mapping:
 * {@code hosts}, {@code roles} and {@code stages} merge by name, {@code layers} append, every other
 * key may appear in one file only.
 */
final class Includes {
  static final int MAX_FILES = 256;
  static final int MAX_DEPTH = 8;
  private static final List<String> MERGED = List.of("hosts", "roles", "stages");

  private final Map<String, String> env;
  private final Problems problems;
  private final Deque<Path> chain = new ArrayDeque<>();
  private final List<Path> seen = new ArrayList<>();
  private final Map<String, List<YamlNode.Entry>> merged = new LinkedHashMap<>();
  private final List<YamlNode.Entry> others = new ArrayList<>();
  private final List<YamlNode> layers = new ArrayList<>();
  private Location layersAt;

  Includes(Map<String, String> env, Problems problems) {
    this.env = env;
    this.problems = problems;
  }

  /** The merged top-level mapping of {@code file} and everything it includes. */
  YamlNode.Mapping load(Path file) {
    Location rootAt = Location.of(file);
    loadFile(file, file, rootAt);
    List<YamlNode.Entry> entries = new ArrayList<>(others);
    for (Map.Entry<String, List<YamlNode.Entry>> m : merged.entrySet()) {
      YamlNode.Entry first = m.getValue().getFirst();
      List<YamlNode.Entry> all = new ArrayList<>();
      for (YamlNode.Entry e : m.getValue()) {
        if (e.value() instanceof YamlNode.Mapping map) {
          all.addAll(map.entries());
        } else if (!(e.value() instanceof YamlNode.Scalar s && s.isNull())) {
          problems.error(
              e.value().location(),
              "'" + m.getKey() + "' must be a mapping of names, not " + e.value().kind());
        }
      }
      entries.add(
          new YamlNode.Entry(first.key(), new YamlNode.Mapping(all, first.value().location())));
    }
    if (layersAt != null) {
      entries.add(
          new YamlNode.Entry(
              new YamlNode.Scalar("layers", layersAt, false),
              new YamlNode.Sequence(layers, layersAt)));
    }
    return new YamlNode.Mapping(entries, rootAt);
  }

  private void loadFile(Path file, Path display, Location includedFrom) {
    Path real = file.toAbsolutePath().normalize();
    if (chain.contains(real)) {
      problems.error(
          includedFrom, "include cycle: " + display + " includes itself (directly or not)");
      return;
    }
    if (seen.contains(real)) {
      problems.error(includedFrom, display + " is included twice");
      return;
    }
    if (seen.size() >= MAX_FILES) {
      problems.error(includedFrom, "more than " + MAX_FILES + " model files");
      return;
    }
    if (chain.size() >= MAX_DEPTH) {
      problems.error(includedFrom, "includes nested deeper than " + MAX_DEPTH + " files");
      return;
    }
    seen.add(real);
    Optional<YamlNode> root = YamlFile.read(file, display, env, problems);
    if (root.isEmpty()) {
      return;
    }
    if (!(root.get() instanceof YamlNode.Mapping map)) {
      problems.error(
          root.get().location(),
          "a model file must be a mapping (hosts:, roles:, ...), not " + root.get().kind(),
          "see examples/minimal.yml");
      return;
    }
    chain.push(real);
    for (YamlNode.Entry e : map.entries()) {
      String key = e.key().value();
      if (key.equals("include")) {
        include(file, display, e.value());
      } else if (MERGED.contains(key)) {
        merged.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
      } else if (key.equals("layers")) {
        if (layersAt == null) {
          layersAt = e.key().location();
        }
        if (e.value() instanceof YamlNode.Sequence seq) {
          layers.addAll(seq.items());
        } else if (!(e.value() instanceof YamlNode.Scalar s && s.isNull())) {
          problems.error(e.value().location(), "'layers' must be a list, not " + e.value().kind());
        }
      } else {
        others.add(e);
      }
    }
    chain.pop();
  }

  private void include(Path file, Path display, YamlNode value) {
    List<YamlNode> patterns =
        switch (value) {
          case YamlNode.Sequence s -> s.items();
          case YamlNode.Scalar s when !s.isNull() -> List.of(s);
          default -> {
            problems.error(value.location(), "'include' must be a file pattern or a list of them");
            yield List.of();
          }
        };
    for (YamlNode p : patterns) {
      if (!(p instanceof YamlNode.Scalar s) || s.isNull()) {
        problems.error(p.location(), "an include must be a file pattern such as stages/*.yml");
        continue;
      }
      for (Path[] match : expand(file, display, s)) {
        loadFile(match[0], match[1], s.location());
      }
    }
  }

  /** Matches of one pattern as pairs of (path to read, path to show), sorted by name. */
  private List<Path[]> expand(Path file, Path display, YamlNode.Scalar pattern) {
    String text = pattern.value();
    Path base = parentOf(file);
    Path shownBase = parentOf(display);
    int slash = text.lastIndexOf('/');
    String dirPart = slash < 0 ? "" : text.substring(0, slash);
    String namePart = text.substring(slash + 1);
    if (dirPart.matches(".*[*?\\[{].*")) {
      problems.error(
          pattern.location(),
          "wildcards are allowed in the file name only: '" + text + "'",
          "write e.g. stages/*.yml");
      return List.of();
    }
    Path dir = base.resolve(dirPart).normalize();
    Path shownDir = shownBase.resolve(dirPart).normalize();
    List<Path[]> out = new ArrayList<>();
    if (!namePart.matches(".*[*?\\[{].*")) {
      if (!Files.isRegularFile(dir.resolve(namePart))) {
        problems.error(
            pattern.location(), "included file " + shownDir.resolve(namePart) + " does not exist");
        return List.of();
      }
      out.add(new Path[] {dir.resolve(namePart), shownDir.resolve(namePart)});
      return out;
    }
    List<Path> found = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      problems.error(
          pattern.location(),
          "include '" + text + "' matches no file",
          "the folder " + shownDir + " does not exist");
      return List.of();
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, namePart)) {
      for (Path p : stream) {
        if (Files.isRegularFile(p)) {
          found.add(p);
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      problems.error(pattern.location(), "cannot list '" + text + "': " + e.getMessage());
      return List.of();
    }
    if (found.isEmpty()) {
      problems.error(
          pattern.location(),
          "include '" + text + "' matches no file",
          "check the folder " + shownDir);
    }
    found.sort(null);
    for (Path p : found) {
      out.add(new Path[] {p, shownDir.resolve(p.getFileName())});
    }
    return out;
  }

  private static Path parentOf(Path p) {
    Path parent = p.getParent();
    return parent == null ? Path.of("") : parent;
  }
}
