package dev.brigade.metrics;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened to the cluster, drawn as a marker on graphs: a deploy, a configuration
 * run, a state change.
 *
 * @param at when
 * @param kind what sort: {@code deploy}, {@code config}, {@code state}, {@code note}, ...
 * @param text one line for the marker's label
 * @param host the host it is about, or empty for the whole cluster
 */
public record Event(Instant at, String kind, String text, Optional<String> host) {
  /** Longest text kept, in characters; longer text is cut. */
  public static final int MAX_TEXT = 200;

  public Event {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(host, "host");
    if (kind == null || !kind.matches("[a-z][a-z0-9-]{0,31}")) {
      throw new IllegalArgumentException(
          "an event's kind is a lower-case word such as deploy, not '" + kind + "'");
    }
    text = Objects.requireNonNull(text, "text").replaceAll("\\p{Cntrl}", " ");
    if (text.length() > MAX_TEXT) {
      text = text.substring(0, MAX_TEXT);
    }
  }

  /** Whether it shows on a graph of {@code hostName}: a cluster-wide event or one of that host. */
  public boolean concerns(String hostName) {
    return host.isEmpty() || host.get().equals(hostName);
  }
}
