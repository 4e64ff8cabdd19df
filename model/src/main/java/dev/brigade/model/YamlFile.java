package dev.brigade.model;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads one YAML file into {@link YamlNode}s, within limits, substituting {@code ${VAR}} from the
 * environment. Problems are reported, never thrown.
 */
final class YamlFile {
  /** Largest model file accepted, in bytes: models are hand-written, so this is generous. */
  static final int MAX_BYTES = 4 * 1024 * 1024;

  /** Deepest nesting accepted. */
  static final int MAX_DEPTH = 64;

  /** Most aliases accepted, so a "billion laughs" file cannot blow up. */
  static final int MAX_ALIASES = 100;

  /**
   * Most nodes accepted after alias expansion: each use of an alias is counted again, so a few
   * nested aliases (3^33 nodes from 99 aliases) are refused instead of walked (as Jackson's
   * StreamReadConstraints bound a document's expanded size). A model of a few hundred hosts has
   * tens of thousands of nodes.
   */
  static final int MAX_NODES = 500_000;

  private final Path display;
  private final Map<String, String> env;
  private final Problems problems;
  private int nodes;
  private boolean tooLarge;
  private Location topKey;

  private YamlFile(Path display, Map<String, String> env, Problems problems) {
    this.display = display;
    this.env = env;
    this.problems = problems;
  }

  /**
   * Reads {@code file}; problems name it as {@code display}. Returns empty when the file could not
   * be read or parsed at all (the problem is reported).
   */
  static Optional<YamlNode> read(
      Path file, Path display, Map<String, String> env, Problems problems) {
    String text;
    try {
      if (Files.size(file) > MAX_BYTES) {
        problems.error(
            Location.of(display),
            "file is larger than " + MAX_BYTES / (1024 * 1024) + " MiB",
            "split the model with 'include:'");
        return Optional.empty();
      }
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
              .toString();
    } catch (NoSuchFileException e) {
      problems.error(Location.of(display), "no such file", "check the path or pass -c FILE");
      return Optional.empty();
    } catch (CharacterCodingException e) {
      problems.error(Location.of(display), "file is not valid UTF-8");
      return Optional.empty();
    } catch (IOException e) {
      problems.error(Location.of(display), "cannot read file: " + e.getMessage());
      return Optional.empty();
    }
    return parse(text, display, env, problems);
  }

  /** Parses YAML text; problems name {@code display}. */
  static Optional<YamlNode> parse(
      String text, Path display, Map<String, String> env, Problems problems) {
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(display.toString())
            .setAllowDuplicateKeys(true) // reported by MappingReader with both locations
            .setAllowRecursiveKeys(false)
            .setMaxAliasesForCollections(MAX_ALIASES)
            .setCodePointLimit(MAX_BYTES)
            .setUseMarks(true)
            .build();
    Node root;
    try {
      Iterable<Node> documents = new Compose(settings).composeAllFromString(text);
      List<Node> all = new ArrayList<>();
      for (Node n : documents) {
        all.add(n);
        if (all.size() > 1) {
          problems.error(
              n.getStartMark().map(m -> at(display, m)).orElse(Location.of(display)),
              "a model file holds one YAML document",
              "remove the second '---' section");
          return Optional.empty();
        }
      }
      if (all.isEmpty()) {
        problems.error(Location.of(display), "file is empty", "see examples/minimal.yml");
        return Optional.empty();
      }
      root = all.getFirst();
    } catch (MarkedYamlEngineException e) {
      Location where = e.getProblemMark().map(m -> at(display, m)).orElse(Location.of(display));
      problems.error(
          where, "YAML syntax: " + oneLine(e.getProblem()), "check indentation and quoting");
      return Optional.empty();
    } catch (YamlEngineException e) {
      problems.error(Location.of(display), "YAML: " + oneLine(e.getMessage()));
      return Optional.empty();
    } catch (StackOverflowError e) {
      problems.error(Location.of(display), "YAML nesting is too deep");
      return Optional.empty();
    }
    YamlFile file = new YamlFile(display, env, problems);
    YamlNode converted = file.convert(root, 0);
    return file.tooLarge ? Optional.empty() : Optional.ofNullable(converted);
  }

  private YamlNode convert(Node node, int depth) {
    if (tooLarge) {
      return null;
    }
    Location where = at(node);
    if (++nodes > MAX_NODES) {
      tooLarge = true;
      problems.error(
          topKey == null ? where : topKey, // an alias's own mark is its anchor, often far above
          "the model expands to more than "
              + MAX_NODES
              + " values (aliases are counted each time"
              + " they are used)",
          "use fewer nested aliases; split repeated parts with 'include:'");
      return null;
    }
    if (depth > MAX_DEPTH) {
      problems.error(where, "nesting deeper than " + MAX_DEPTH + " levels");
      return null;
    }
    return switch (node) {
      case ScalarNode s -> scalar(s, true);
      case SequenceNode s -> {
        List<YamlNode> items = new ArrayList<>();
        for (Node item : s.getValue()) {
          YamlNode c = convert(item, depth + 1);
          if (c != null) {
            items.add(c);
          }
        }
        yield new YamlNode.Sequence(items, where);
      }
      case MappingNode m -> {
        List<YamlNode.Entry> entries = new ArrayList<>();
        for (NodeTuple t : m.getValue()) {
          if (!(t.getKeyNode() instanceof ScalarNode key)) {
            problems.error(at(t.getKeyNode()), "a key must be a plain name, not a list or mapping");
            continue;
          }
          if (key.getTag().equals(Tag.MERGE)
              || key.getValue().equals("<<") && key.getScalarStyle() == ScalarStyle.PLAIN) {
            problems.error(at(key), "YAML merge keys ('<<') are not supported", "use 'include:'");
            continue;
          }
          if (depth == 0) {
            topKey = at(key);
          }
          YamlNode value = convert(t.getValueNode(), depth + 1);
          if (value != null) {
            entries.add(new YamlNode.Entry((YamlNode.Scalar) scalar(key, false), value));
          }
        }
        yield new YamlNode.Mapping(entries, where);
      }
      default -> {
        problems.error(where, "unsupported YAML node");
        yield null;
      }
    };
  }

  private YamlNode scalar(ScalarNode s, boolean substitute) {
    Location where = at(s);
    boolean plain = s.getScalarStyle() == ScalarStyle.PLAIN;
    boolean isNull = plain && s.getTag().equals(Tag.NULL);
    String value = s.getValue();
    if (substitute && !isNull) {
      value = EnvSubstitution.apply(value, env, where, problems);
    }
    return new YamlNode.Scalar(value, where, isNull);
  }

  private Location at(Node n) {
    return n.getStartMark().map(m -> at(display, m)).orElse(Location.of(display));
  }

  private static Location at(Path display, Mark m) {
    return new Location(display, m.getLine() + 1, m.getColumn() + 1);
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").trim();
  }
}
