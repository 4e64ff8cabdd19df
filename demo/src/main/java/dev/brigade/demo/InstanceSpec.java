package dev.brigade.demo;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the command line's per-instance settings: {@code 20ms} for every instance or {@code
 * app2=300ms} for one; failure rates as {@code 0.05}, {@code 5%} or {@code app3=0.5}.
 *
 * @param instance the instance named, or empty for every instance
 * @param value the text after the {@code =}
 */
public record InstanceSpec(String instance, String value) {
  private static final Pattern SPEC = Pattern.compile("(?:([a-z][a-z0-9-]*)=)?(.+)");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

  /** Splits {@code [NAME=]VALUE}. */
  public static InstanceSpec parse(String text) {
    Matcher m = SPEC.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("empty setting; write e.g. 20ms or app2=300ms");
    }
    return new InstanceSpec(m.group(1) == null ? "" : m.group(1), m.group(2).trim());
  }

  /** The value as a latency: {@code 500ms}, {@code 2s}, {@code 1m}. */
  public Duration latency() {
    Matcher m = DURATION.matcher(value.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + value + "' is not a latency; write e.g. 20ms, 2s or app2=300ms");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      default -> Duration.ofMinutes(n);
    };
  }

  /** The value as a failure rate from 0 to 1: {@code 0.05} or {@code 5%}. */
  public double failureRate() {
    try {
      double rate =
          value.endsWith("%")
              ? Double.parseDouble(value.substring(0, value.length() - 1)) / 100
              : Double.parseDouble(value);
      if (rate >= 0 && rate <= 1) {
        return rate;
      }
    } catch (NumberFormatException e) {
      // reported below with the expected form
    }
    throw new IllegalArgumentException(
        "'"
            + value
            + "' is not a failure rate; write a number from 0 to 1 or a percentage,"
            + " e.g. 0.05, 5% or app3=0.5");
  }

  /** Checks that the named instance exists among {@code count} instances. */
  public void checkInstance(int count) {
    if (instance.isEmpty()) {
      return;
    }
    for (int i = 0; i < count; i++) {
      if (DemoOptions.instanceName(i).equals(instance)) {
        return;
      }
    }
    throw new IllegalArgumentException(
        "there is no instance '" + instance + "'; the instances are app1 to app" + count);
  }

  /** Puts this setting into {@code perInstance} when it names an instance. */
  public <T> void into(Map<String, T> perInstance, T parsed) {
    if (!instance.isEmpty()) {
      perInstance.put(instance, parsed);
    }
  }
}
