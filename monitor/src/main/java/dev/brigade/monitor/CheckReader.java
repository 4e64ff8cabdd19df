package dev.brigade.monitor;

import dev.brigade.model.Location;
import dev.brigade.model.MappingReader;
import dev.brigade.model.YamlNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reads the options of one explicit check for its {@link CheckType}: typed values from the check's
 * mapping, each mistake reported at its FILE:LINE:COLUMN naming the check; keys nobody reads are
 * reported with "did you mean" when the whole check is read.
 */
public final class CheckReader {
  private final MappingReader r;
  private final String check;
  private final String type;
  private final Location where;
  private final int problemsBefore;

  /**
   * @param r the check's mapping
   * @param check its name
   * @param type its type's name
   * @param where where the check is named
   */
  public CheckReader(MappingReader r, String check, String type, Location where) {
    this.r = r;
    this.check = check;
    this.type = type;
    this.where = where;
    this.problemsBefore = r.problems().sorted().size();
  }

  /** The check's name. */
  public String check() {
    return check;
  }

  /** The options, when nothing was reported since this reader was made; else empty. */
  public <T extends CheckOptions> Optional<T> valid(T options) {
    return r.problems().sorted().size() == problemsBefore ? Optional.of(options) : Optional.empty();
  }

  /** Reports a mistake in the value of {@code key}. */
  public void error(String key, String message, String hint) {
    r.problems()
        .error(r.valueLocation(key), "'" + key + "' of check '" + check + "' " + message, hint);
  }

  /** Reports a mistake in the value of {@code key}. */
  public void error(String key, String message) {
    r.problems().error(r.valueLocation(key), "'" + key + "' of check '" + check + "' " + message);
  }

  /** A text value, if given. */
  public Optional<String> string(String key) {
    return r.string(key);
  }

  /** A text value that must be given: a missing one is reported at the check. */
  public Optional<String> required(String key) {
    Optional<String> v = r.string(key);
    if (v.isEmpty() && r.absentWithoutTypo(key)) {
      r.problems().error(where, "check '" + check + "' of type " + type + " needs '" + key + "'");
    }
    return v;
  }

  /** A port that must be given. */
  public int requiredPort() {
    if (r.node("port").isEmpty() && r.absentWithoutTypo("port")) {
      r.problems().error(where, "check '" + check + "' of type " + type + " needs 'port'");
    }
    return r.port("port").orElse(0);
  }

  /** The port, or {@code fallback} when not given. */
  public int port(int fallback) {
    return r.port("port").orElse(fallback);
  }

  /** A whole number in {@code [min, max]}, or {@code fallback} when not given. */
  public int integer(String key, int min, int max, int fallback) {
    return r.integer(key, min, max).orElse(fallback);
  }

  /** True or false (also yes/no, on/off), or {@code fallback} when not given. */
  public boolean bool(String key, boolean fallback) {
    return r.bool(key).orElse(fallback);
  }

  /** A duration such as 26h, if given. */
  public Optional<Duration> duration(String key) {
    return r.duration(key);
  }

  /** One of a fixed set of words, if given. */
  public Optional<String> oneOf(String key, List<String> choices) {
    return r.oneOf(key, choices);
  }

  /** A list of values; a single value is a list of one. */
  public List<String> list(String key) {
    Optional<YamlNode> n = r.node(key);
    if (n.isPresent() && n.get() instanceof YamlNode.Sequence) {
      return r.stringList(key);
    }
    return r.string(key).map(List::of).orElse(List.of());
  }

  /** A threshold range in the plugins' syntax, if given. */
  public Optional<Range> range(String key) {
    Optional<String> v = r.string(key);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Range.parse(v.get()));
    } catch (IllegalArgumentException e) {
      error(key, "is not a Nagios range: " + e.getMessage(), "write e.g. 10, 10:, ~:10 or @10:20");
      return Optional.empty();
    }
  }

  /** Warning and critical ranges from two keys. */
  public Thresholds thresholds(String warning, String critical) {
    return new Thresholds(range(warning), range(critical));
  }

  /** The usual {@code warning} and {@code critical} ranges. */
  public Thresholds thresholds() {
    return thresholds("warning", "critical");
  }

  /** True when {@code key} is present (it counts as read). */
  public boolean has(String key) {
    return r.node(key).isPresent();
  }
}
