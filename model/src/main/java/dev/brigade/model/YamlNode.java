package dev.brigade.model;

import java.util.List;
import java.util.Optional;

/**
 * A piece of a model file with where it came from: a scalar, a mapping or a list.
 *
 * <p>Sections of the model owned by other modules ({@code edge:}, {@code monitor:}, ...) read these
 * through {@link MappingReader}, so every error they report names a file, line and column.
 */
public sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Mapping, YamlNode.Sequence {

  /** Where this node starts. */
  Location location();

  /** What kind of value this is, for error messages: "a string", "a mapping", "a list". */
  String kind();

  /**
   * A scalar value, after {@code ${VAR}} substitution.
   *
   * @param value the text
   * @param location where it starts
   * @param isNull true for an empty value, {@code ~} or {@code null} written without quotes
   */
  record Scalar(String value, Location location, boolean isNull) implements YamlNode {
    @Override
    public String kind() {
      return isNull ? "an empty value" : "a value ('" + Suggestions.shorten(value) + "')";
    }
  }

  /**
   * A mapping, its entries in file order.
   *
   * @param entries key/value pairs; keys are scalars
   * @param location where it starts
   */
  record Mapping(List<Entry> entries, Location location) implements YamlNode {
    public Mapping {
      entries = List.copyOf(entries);
    }

    @Override
    public String kind() {
      return "a mapping";
    }

    /** The value of the first entry with this key. */
    public Optional<YamlNode> get(String key) {
      return entries.stream()
          .filter(e -> e.key().value().equals(key))
          .map(Entry::value)
          .findFirst();
    }
  }

  /**
   * One key and its value.
   *
   * @param key the key
   * @param value the value
   */
  record Entry(Scalar key, YamlNode value) {}

  /**
   * A list.
   *
   * @param items the items in order
   * @param location where it starts
   */
  record Sequence(List<YamlNode> items, Location location) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String kind() {
      return "a list";
    }
  }
}
