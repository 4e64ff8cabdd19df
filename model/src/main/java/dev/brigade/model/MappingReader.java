package dev.brigade.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the fields of one YAML mapping, reporting every mistake to {@link Problems} with its
 * location and carrying on. Every section of the model is read with it.
 *
 * <pre>{@code
 * MappingReader r = MappingReader.of(node, "host 'web1'", problems);
 * String address = r.requiredString("address").orElse("");
 * int port = r.port("port").orElse(22);
 * r.finish(); // reports unknown keys, with "did you mean ...?"
 * }</pre>
 */
public final class MappingReader {
  private final YamlNode.Mapping mapping;
  private final String what;
  private final Problems problems;
  private final Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
  private final Set<String> known = new LinkedHashSet<>();

  private MappingReader(YamlNode.Mapping mapping, String what, Problems problems) {
    this.mapping = mapping;
    this.what = what;
    this.problems = problems;
    Map<String, Location> first = new HashMap<>();
    for (YamlNode.Entry e : mapping.entries()) {
      String key = e.key().value();
      Location earlier = first.putIfAbsent(key, e.key().location());
      if (earlier != null) {
        problems.error(
            e.key().location(),
            "duplicate key '"
                + key
                + "' in "
                + what
                + " (first at "
                + (earlier.file().equals(e.key().location().file())
                    ? earlier.position()
                    : earlier.toString())
                + ")",
            "remove one of them");
      } else {
        entries.put(key, e);
      }
    }
  }

  /**
   * A reader over {@code node}, which must be a mapping; otherwise the problem is reported and the
   * reader is empty. {@code what} names the thing in error messages, e.g. {@code host 'web1'}.
   */
  public static MappingReader of(YamlNode node, String what, Problems problems) {
    if (node instanceof YamlNode.Mapping m) {
      return new MappingReader(m, what, problems);
    }
    if (!(node instanceof YamlNode.Scalar s && s.isNull())) {
      problems.error(
          node.location(), what + " must be a mapping (key: value lines), not " + node.kind());
    }
    return new MappingReader(new YamlNode.Mapping(List.of(), node.location()), what, problems);
  }

  /** Where the mapping starts. */
  public Location location() {
    return mapping.location();
  }

  /** What this mapping is called in messages. */
  public String what() {
    return what;
  }

  /** The problems this reader reports to. */
  public Problems problems() {
    return problems;
  }

  /** The keys present, in file order. */
  public List<String> keys() {
    return List.copyOf(entries.keySet());
  }

  /** Declares a key as known without reading it (for keys read elsewhere). */
  public MappingReader allow(String... keys) {
    known.addAll(List.of(keys));
    return this;
  }

  /** The raw value of a key, if present. */
  public Optional<YamlNode> node(String key) {
    known.add(key);
    YamlNode.Entry e = entries.get(key);
    return e == null ? Optional.empty() : Optional.of(e.value());
  }

  /** The location of a key, or of the mapping when absent. */
  public Location keyLocation(String key) {
    YamlNode.Entry e = entries.get(key);
    return e == null ? mapping.location() : e.key().location();
  }

  /**
   * True when {@code key} is absent and no present key looks like a typo of it; use it before
   * reporting a missing key, so that {@code rols:} gives one error ("did you mean 'roles'?"), not
   * two.
   */
  public boolean absentWithoutTypo(String key) {
    return !entries.containsKey(key)
        && entries.keySet().stream()
            .noneMatch(k -> Suggestions.closest(k, List.of(key)).isPresent());
  }

  /** The location of a key's value, or of the mapping when absent. */
  public Location valueLocation(String key) {
    YamlNode.Entry e = entries.get(key);
    return e == null ? mapping.location() : e.value().location();
  }

  /** The raw value of a key that must be present. */
  public Optional<YamlNode> requiredNode(String key) {
    Optional<YamlNode> n = node(key);
    if (n.isEmpty() && absentWithoutTypo(key)) {
      problems.error(mapping.location(), what + " needs '" + key + "'");
    }
    return n;
  }

  /** A scalar value as text; an empty value counts as absent. */
  public Optional<String> string(String key) {
    return node(key).flatMap(n -> text(n, key));
  }

  /** A scalar value that must be present and not empty. */
  public Optional<String> requiredString(String key) {
    Optional<YamlNode> n = requiredNode(key);
    Optional<String> s = n.flatMap(v -> text(v, key));
    if (n.isPresent() && s.isEmpty() && n.get() instanceof YamlNode.Scalar) {
      problems.error(n.get().location(), "'" + key + "' of " + what + " must not be empty");
    }
    return s;
  }

  /** A whole number in {@code [min, max]}. */
  public Optional<Integer> integer(String key, int min, int max) {
    return scalar(
        key,
        "a whole number from " + min + " to " + max,
        v -> {
          try {
            int i = Integer.parseInt(v.replace("_", ""));
            return i >= min && i <= max ? i : null;
          } catch (NumberFormatException e) {
            return null;
          }
        });
  }

  /** A TCP/UDP port, 1 to 65535. */
  public Optional<Integer> port(String key) {
    return integer(key, 1, 65535);
  }

  /** A number in {@code [min, max]}, with an optional trailing {@code %} meaning hundredths. */
  public Optional<Double> decimal(String key, double min, double max) {
    return scalar(
        key,
        "a number from " + min + " to " + max,
        v -> {
          try {
            double d =
                v.endsWith("%")
                    ? Double.parseDouble(v.substring(0, v.length() - 1).trim()) / 100
                    : Double.parseDouble(v);
            return d >= min && d <= max && !Double.isNaN(d) ? d : null;
          } catch (NumberFormatException e) {
            return null;
          }
        });
  }

  /** {@code true}/{@code false} (also yes/no, on/off). */
  public Optional<Boolean> bool(String key) {
    return scalar(
        key,
        "true or false",
        v ->
            switch (v.toLowerCase(java.util.Locale.ROOT)) {
              case "true", "yes", "on" -> Boolean.TRUE;
              case "false", "no", "off" -> Boolean.FALSE;
              default -> null;
            });
  }

  /** A duration such as {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h30m}, {@code 7d}. */
  public Optional<Duration> duration(String key) {
    return scalar(key, "a duration such as 500ms, 10s, 5m, 1h or 7d", Durations::parse);
  }

  /** A size such as {@code 512}, {@code 64KB}, {@code 256MB}, {@code 2GiB}, in bytes. */
  public Optional<Long> size(String key) {
    return scalar(key, "a size such as 64KB, 256MB or 2GB", Durations::parseSize);
  }

  /** One of a fixed set of words, compared without case. */
  public Optional<String> oneOf(String key, List<String> choices) {
    Optional<String> v = string(key);
    if (v.isEmpty()) {
      return v;
    }
    for (String c : choices) {
      if (c.equalsIgnoreCase(v.get())) {
        return Optional.of(c);
      }
    }
    problems.error(
        node(key).orElseThrow().location(),
        "'" + key + "' of " + what + " is '" + Suggestions.shorten(v.get()) + "'",
        Suggestions.hint(v.get(), choices));
    return Optional.empty();
  }

  /** A list of scalars; a list of anything else is reported. */
  public List<String> stringList(String key) {
    Optional<YamlNode> n = node(key);
    if (n.isEmpty()) {
      return List.of();
    }
    if (!(n.get() instanceof YamlNode.Sequence seq)) {
      if (n.get() instanceof YamlNode.Scalar s && s.isNull()) {
        return List.of();
      }
      problems.error(
          n.get().location(),
          "'" + key + "' of " + what + " must be a list, not " + n.get().kind(),
          "write [a, b] or one '- item' per line");
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (YamlNode item : seq.items()) {
      text(item, key).ifPresent(out::add);
    }
    return List.copyOf(out);
  }

  /** The items of a list with their nodes, for callers that check each item. */
  public List<YamlNode> list(String key) {
    Optional<YamlNode> n = node(key);
    if (n.isEmpty() || n.get() instanceof YamlNode.Scalar s && s.isNull()) {
      return List.of();
    }
    if (n.get() instanceof YamlNode.Sequence seq) {
      return seq.items();
    }
    problems.error(
        n.get().location(), "'" + key + "' of " + what + " must be a list, not " + n.get().kind());
    return List.of();
  }

  /** A mapping of names to scalar values, e.g. labels. */
  public Map<String, String> stringMap(String key) {
    Optional<YamlNode> n = node(key);
    if (n.isEmpty()) {
      return Map.of();
    }
    MappingReader inner = MappingReader.of(n.get(), "'" + key + "' of " + what, problems);
    Map<String, String> out = new LinkedHashMap<>();
    for (String k : inner.keys()) {
      inner.string(k).ifPresent(v -> out.put(k, v));
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  /** A nested mapping, read by its own reader. */
  public Optional<MappingReader> mapping(String key, String innerWhat) {
    return node(key).map(n -> MappingReader.of(n, innerWhat, problems));
  }

  /**
   * The entries of a nested mapping whose keys are names (hosts, roles, ...), each with its key's
   * location and a reader over its value.
   */
  public List<Named> named(String key, String kindOfThing) {
    return named(key, name -> kindOfThing + " '" + name + "'");
  }

  /** Like {@link #named(String, String)}, with {@code describe} naming each entry for errors. */
  public List<Named> named(String key, java.util.function.UnaryOperator<String> describe) {
    Optional<YamlNode> n = node(key);
    if (n.isEmpty()) {
      return List.of();
    }
    MappingReader inner = MappingReader.of(n.get(), "'" + key + "'", problems);
    List<Named> out = new ArrayList<>();
    for (YamlNode.Entry e : inner.entries.values()) {
      String name = e.key().value();
      out.add(
          new Named(
              name,
              e.key().location(),
              e.value(),
              MappingReader.of(e.value(), describe.apply(name), problems)));
    }
    return out;
  }

  /**
   * One named entry of a mapping of names.
   *
   * @param name the key
   * @param location where the key is
   * @param node the value
   * @param reader a reader over the value
   */
  public record Named(String name, Location location, YamlNode node, MappingReader reader) {}

  /** Reports every key that no read asked for, suggesting the closest known key. */
  public void finish() {
    for (YamlNode.Entry e : entries.values()) {
      String key = e.key().value();
      if (!known.contains(key)) {
        problems.error(
            e.key().location(),
            "unknown key '" + Suggestions.shorten(key) + "' in " + what,
            Suggestions.hint(key, known));
      }
    }
  }

  private <T> Optional<T> scalar(String key, String expected, Function<String, T> parse) {
    Optional<YamlNode> n = node(key);
    if (n.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> v = text(n.get(), key);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    T parsed = parse.apply(v.get().trim());
    if (parsed == null) {
      problems.error(
          n.get().location(),
          "'"
              + key
              + "' of "
              + what
              + " must be "
              + expected
              + ", not '"
              + Suggestions.shorten(v.get())
              + "'");
      return Optional.empty();
    }
    return Optional.of(parsed);
  }

  private Optional<String> text(YamlNode n, String key) {
    if (n instanceof YamlNode.Scalar s) {
      return s.isNull() ? Optional.empty() : Optional.of(s.value());
    }
    problems.error(
        n.location(), "'" + key + "' of " + what + " must be a single value, not " + n.kind());
    return Optional.empty();
  }
}
