package dev.brigade.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Nagios plugin's output, parsed as the plugin API defines it: the first line is {@code TEXT |
 * PERFDATA}; the following lines are long output, until a line with {@code |}, after which
 * everything is more performance data.
 *
 * <pre>{@code
 * PluginOutput out = PluginOutput.parse("DISK OK - free space: / 3326 MB | /=2643MB;5948;5958;0;5968");
 * out.text();      // "DISK OK - free space: / 3326 MB"
 * out.perf().get(0).label(); // "/"
 * }</pre>
 *
 * @param text the first line without its performance data
 * @param longOutput the further lines of text
 * @param perf the performance data of every line
 * @param problems what could not be parsed, one line each (the rest is kept)
 */
public record PluginOutput(
    String text, List<String> longOutput, List<PerfValue> perf, List<String> problems) {
  /** Most performance data items kept. */
  static final int MAX_PERF = 1000;

  /** Most long-output lines kept. */
  static final int MAX_LINES = 1000;

  private static final Pattern NUMBER =
      Pattern.compile("([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)([a-zA-Z%]*)");

  public PluginOutput {
    longOutput = List.copyOf(longOutput);
    perf = List.copyOf(perf);
    problems = List.copyOf(problems);
  }

  /** Parses a plugin's standard output (already cut to the runner's size limit). */
  public static PluginOutput parse(String raw) {
    List<String> lines = raw.lines().toList();
    if (lines.isEmpty()) {
      return new PluginOutput("(no output)", List.of(), List.of(), List.of());
    }
    List<String> problems = new ArrayList<>();
    List<PerfValue> perf = new ArrayList<>();
    String first = lines.getFirst();
    int bar = first.indexOf('|');
    String text = (bar < 0 ? first : first.substring(0, bar)).strip();
    if (bar >= 0) {
      parsePerf(first.substring(bar + 1), perf, problems);
    }
    List<String> longOutput = new ArrayList<>();
    boolean inPerf = false;
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (inPerf) {
        parsePerf(line, perf, problems);
        continue;
      }
      int b = line.indexOf('|');
      if (b >= 0) {
        addLine(longOutput, line.substring(0, b));
        parsePerf(line.substring(b + 1), perf, problems);
        inPerf = true;
      } else {
        addLine(longOutput, line);
      }
    }
    while (!longOutput.isEmpty() && longOutput.getLast().isBlank()) {
      longOutput.removeLast();
    }
    return new PluginOutput(text, longOutput, perf, problems);
  }

  private static void addLine(List<String> out, String line) {
    if (out.size() < MAX_LINES) {
      out.add(line.stripTrailing());
    }
  }

  /** Parses space-separated items; labels may be single-quoted, with '' for a quote. */
  static void parsePerf(String s, List<PerfValue> out, List<String> problems) {
    int i = 0;
    int n = s.length();
    while (i < n && out.size() < MAX_PERF) {
      while (i < n && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (i >= n) {
        break;
      }
      String label;
      if (s.charAt(i) == '\'') {
        StringBuilder b = new StringBuilder();
        i++;
        while (i < n) {
          char c = s.charAt(i);
          if (c == '\'' && i + 1 < n && s.charAt(i + 1) == '\'') {
            b.append('\'');
            i += 2;
          } else if (c == '\'') {
            i++;
            break;
          } else {
            b.append(c);
            i++;
          }
        }
        label = b.toString();
      } else {
        int start = i;
        while (i < n && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i))) {
          i++;
        }
        label = s.substring(start, i);
      }
      if (i >= n || s.charAt(i) != '=') {
        problems.add("perfdata item '" + shorten(label) + "' has no '='");
        while (i < n && !Character.isWhitespace(s.charAt(i))) {
          i++;
        }
        continue;
      }
      i++;
      int start = i;
      while (i < n && !Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      PerfValue v = item(label, s.substring(start, i), problems);
      if (v != null) {
        out.add(v);
      }
    }
  }

  private static PerfValue item(String label, String spec, List<String> problems) {
    if (label.isEmpty()) {
      problems.add("perfdata item with an empty label");
      return null;
    }
    String[] f = spec.split(";", -1);
    OptionalDouble value;
    String unit = "";
    if (f[0].equals("U")) {
      value = OptionalDouble.empty();
    } else {
      Matcher m = NUMBER.matcher(f[0]);
      if (!m.matches()) {
        problems.add(
            "perfdata '"
                + shorten(label)
                + "': value '"
                + shorten(f[0])
                + "' is not a number or U");
        return null;
      }
      value = OptionalDouble.of(Double.parseDouble(m.group(1)));
      unit = m.group(2);
    }
    try {
      return new PerfValue(
          label, value, unit, range(f, 1), range(f, 2), number(f, 3), number(f, 4));
    } catch (IllegalArgumentException e) {
      problems.add("perfdata '" + shorten(label) + "': " + e.getMessage());
      return new PerfValue(
          label,
          value,
          unit,
          Optional.empty(),
          Optional.empty(),
          OptionalDouble.empty(),
          OptionalDouble.empty());
    }
  }

  private static Optional<Range> range(String[] f, int i) {
    return i < f.length && !f[i].isEmpty() ? Optional.of(Range.parse(f[i])) : Optional.empty();
  }

  private static OptionalDouble number(String[] f, int i) {
    if (i >= f.length || f[i].isEmpty() || f[i].equals("U")) {
      return OptionalDouble.empty();
    }
    Matcher m = NUMBER.matcher(f[i]);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + shorten(f[i]) + "' is not a number");
    }
    return OptionalDouble.of(Double.parseDouble(m.group(1)));
  }

  private static String shorten(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
