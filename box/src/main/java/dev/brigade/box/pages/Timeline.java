package dev.brigade.box.pages;

import dev.brigade.box.BoxJson;
import dev.brigade.box.web.Ask;
import dev.brigade.box.web.FieldProblem;
import dev.brigade.metrics.Event;
import dev.brigade.monitor.MonitorStore;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One timeline of the monitor's event log (state changes, notifications, acknowledgements,
 * downtimes, comments, re-checks) and the metrics engine's annotations (deploys, configuration
 * runs, state markers), newest first, filtered by kind and host, a page at a time.
 */
final class Timeline {
  static final int PAGE = 100;
  private static final int SCANNED = 10_000;
  static final List<String> KINDS =
      List.of(
          "state",
          "notification",
          "acknowledgement",
          "downtime",
          "comment",
          "recheck",
          "annotation");

  private Timeline() {}

  /** Which kind of line a monitor event is. */
  static String kind(MonitorStore.Event e) {
    String k = e.kind();
    if (k.startsWith("NOTIFY")) {
      return "notification";
    }
    if (k.startsWith("ACKNOWLEDGE")) {
      return "acknowledgement";
    }
    if (k.startsWith("DOWNTIME")) {
      return "downtime";
    }
    if (k.startsWith("COMMENT")) {
      return "comment";
    }
    if (k.startsWith("RECHECK")) {
      return "recheck";
    }
    if (k.startsWith("NOTIFICATIONS") || k.startsWith("ACTIVE CHECKS")) {
      return "switch";
    }
    return "state";
  }

  /** A page of the timeline, with the query's {@code kind}, {@code host} and {@code page}. */
  static BoxJson.Events page(Ask ask) throws SQLException {
    Optional<String> kind = ask.param("kind").filter(s -> !s.isBlank());
    kind.filter(k -> !KINDS.contains(k) && !k.equals("switch"))
        .ifPresent(
            k -> {
              throw new FieldProblem(
                  "kind", "kind '" + k + "' is not one of " + String.join(", ", KINDS));
            });
    Optional<String> host = ask.param("host").filter(s -> !s.isBlank());
    int page = number(ask.param("page").orElse("1"));
    List<BoxJson.TimelineEvent> all = new ArrayList<>();
    for (MonitorStore.Event e : ask.box().monitor().events(SCANNED)) {
      String k = kind(e);
      if (kind.isPresent() && !kind.get().equals(k)) {
        continue;
      }
      if (host.isPresent() && !targetHost(e.target()).equalsIgnoreCase(host.get())) {
        continue;
      }
      all.add(
          new BoxJson.TimelineEvent(
              e.time().toString(),
              k,
              e.target(),
              e.kind() + (e.text().isEmpty() ? "" : ": " + e.text()),
              "monitor"));
    }
    if (kind.isEmpty() || kind.get().equals("annotation")) {
      Instant to = ask.box().clock().instant().plusSeconds(1);
      for (Event e : ask.box().metrics().events(to.minus(Duration.ofDays(30)), to)) {
        if (e.kind().equals("state")) {
          continue; // the monitor's own state changes are in its log already
        }
        if (host.isPresent() && !e.host().map(host.get()::equals).orElse(false)) {
          continue;
        }
        all.add(
            new BoxJson.TimelineEvent(
                e.at().toString(),
                "annotation",
                e.host().orElse("cluster"),
                e.kind() + ": " + e.text(),
                "metrics"));
      }
    }
    all.sort(Comparator.comparing((BoxJson.TimelineEvent e) -> Instant.parse(e.time())).reversed());
    int from = Math.min((page - 1) * PAGE, all.size());
    int to = Math.min(from + PAGE, all.size());
    return new BoxJson.Events(from, to < all.size(), all.subList(from, to));
  }

  private static String targetHost(String target) {
    int slash = target.indexOf('/');
    return (slash < 0 ? target : target.substring(0, slash)).toLowerCase(Locale.ROOT);
  }

  private static int number(String p) {
    try {
      int n = Integer.parseInt(p);
      if (n >= 1 && n <= 10_000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new FieldProblem("page", "page '" + p + "' is not a number from 1");
  }
}
