package dev.brigade.box.pages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brigade.box.BoxJson;
import dev.brigade.box.Changes;
import dev.brigade.box.web.Ask;
import dev.brigade.box.web.FieldProblem;
import dev.brigade.model.Durations;
import dev.brigade.monitor.CheckState;
import dev.brigade.monitor.CheckView;
import dev.brigade.monitor.Comment;
import dev.brigade.monitor.Monitor;
import dev.brigade.monitor.MonitorJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's actions, the same for a form of the dashboard and for the JSON API: acknowledge,
 * downtime, re-check, notifications on/off, comment. The targets are ticked rows ({@code target},
 * each a check id or a monitor target such as {@code role:app} or {@code stage:production}), one
 * row ({@code only}), or every check matching the filter ({@code scope=filter} with {@code f.role},
 * {@code f.stage}, {@code f.state}, {@code f.q}). Each uses the monitor's own commands.
 */
public final class Actions {
  /** The actions, by the last part of their path. */
  public static final List<String> NAMES =
      List.of("ack", "downtime", "recheck", "notifications", "comment");

  private static final int MAX_TARGETS = 20_000;

  private Actions() {}

  /** The request's fields: the form, or a JSON object's members (a {@code filter} object too). */
  static Map<String, List<String>> fields(Ask ask) {
    if (!ask.contentType().startsWith("application/json")) {
      return ask.form();
    }
    JsonNode n = BoxJson.readObject(ask.body());
    Map<String, List<String>> out = new LinkedHashMap<>();
    n.properties()
        .forEach(
            e -> {
              if (e.getKey().equals("filter") && e.getValue().isObject()) {
                e.getValue()
                    .properties()
                    .forEach(f -> out.put("f." + f.getKey(), List.of(f.getValue().asText())));
                out.put("scope", List.of("filter"));
              } else if (e.getValue().isArray()) {
                List<String> v = new ArrayList<>();
                e.getValue().forEach(x -> v.add(x.asText()));
                out.put(e.getKey().equals("targets") ? "target" : e.getKey(), v);
              } else {
                out.put(e.getKey(), List.of(e.getValue().asText()));
              }
            });
    return out;
  }

  /** Runs action {@code name} with {@code f} as {@code ask.user()}. */
  static MonitorJson.Done run(String name, Map<String, List<String>> f, Ask ask) {
    Monitor m = ask.box().monitor();
    String author = ask.user();
    List<String> targets = targets(f, ask);
    MonitorJson.Done done =
        switch (name) {
          case "ack" -> {
            boolean sticky = bool(f, "sticky", true);
            String comment = text(f, "comment", "acknowledged in the box", 1024);
            List<String> ids = new ArrayList<>();
            List<String> chosen = targets.size() == 1 ? targets : problemsAmong(m, targets);
            if (chosen.isEmpty()) {
              throw new IllegalStateException("none of the chosen checks has a problem");
            }
            for (String t : chosen) {
              ids.addAll(monitor(() -> m.acknowledge(t, sticky, author, comment)));
            }
            yield new MonitorJson.Done("ack", ids);
          }
          case "downtime" -> {
            Duration d = duration(f);
            Instant start = ask.box().clock().instant();
            String comment = text(f, "comment", "downtime from the box", 1024);
            boolean flexible = bool(f, "flexible", false);
            List<String> ids = new ArrayList<>();
            for (String t : targets) {
              ids.addAll(
                  monitor(
                      () ->
                          m.scheduleDowntime(
                              t,
                              new CheckState.Downtime(
                                  start, start.plus(d), flexible, d, author, comment))));
            }
            yield new MonitorJson.Done("downtime", ids);
          }
          case "recheck" -> {
            List<String> ids = new ArrayList<>();
            for (String t : targets) {
              ids.addAll(monitor(() -> m.recheck(t, author)));
            }
            yield new MonitorJson.Done("recheck", ids);
          }
          case "notifications" -> {
            boolean on = bool(f, "enabled", false);
            List<String> ids = new ArrayList<>();
            for (String t : targets) {
              ids.addAll(monitor(() -> m.notifications(t, on, author)));
            }
            yield new MonitorJson.Done(on ? "notifications-on" : "notifications-off", ids);
          }
          case "comment" -> {
            String text = text(f, "text", null, 4096);
            List<String> ids = new ArrayList<>();
            List<MonitorJson.CommentJson> made = new ArrayList<>();
            for (String t : targets) {
              Map<String, Comment> c = monitor(() -> m.comment(t, author, text));
              ids.addAll(c.keySet());
              c.values().forEach(x -> made.add(MonitorJson.CommentJson.of(x)));
            }
            yield new MonitorJson.Done("comment", ids, made);
          }
          default ->
              throw new FieldProblem(
                  "action", "no action '" + name + "'; one of " + String.join(", ", NAMES));
        };
    Changes.of(ask.box()).changed(done.ids());
    return done;
  }

  private static List<String> targets(Map<String, List<String>> f, Ask ask) {
    Optional<String> only = first(f, "only");
    if (only.isPresent()) {
      return List.of(only.get());
    }
    if (first(f, "scope").filter("filter"::equals).isPresent()) {
      CheckFilter filter = CheckFilter.of(f, "f.");
      List<String> ids =
          filter.apply(ask.box().cluster(), ask.box().monitor().checks()).stream()
              .map(CheckView::id)
              .toList();
      if (ids.isEmpty()) {
        throw new FieldProblem("scope", "no check matches the filter");
      }
      return ids;
    }
    Set<String> t = new LinkedHashSet<>();
    for (String s : f.getOrDefault("target", List.of())) {
      if (!s.isBlank()) {
        t.add(s.strip());
      }
    }
    if (t.isEmpty()) {
      throw new FieldProblem(
          "target", "no target: tick rows, name a check, role:R or stage:S, or use scope=filter");
    }
    if (t.size() > MAX_TARGETS) {
      throw new FieldProblem("target", "more than " + MAX_TARGETS + " targets");
    }
    return List.copyOf(t);
  }

  private static List<String> problemsAmong(Monitor m, List<String> targets) {
    return targets.stream()
        .filter(t -> t.contains(":") || m.check(t).map(CheckView::isProblem).orElse(true))
        .toList();
  }

  /** Runs a monitor command; its complaint about a target is the {@code target} field's. */
  private static <T> T monitor(java.util.function.Supplier<T> command) {
    try {
      return command.get();
    } catch (FieldProblem e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new FieldProblem("target", e.getMessage());
    }
  }

  private static Duration duration(Map<String, List<String>> f) {
    String s =
        first(f, "duration")
            .orElseThrow(
                () -> new FieldProblem("duration", "a downtime needs a duration, e.g. 30m or 2h"));
    Duration d;
    try {
      d = Durations.parse(s);
    } catch (RuntimeException e) {
      throw new FieldProblem("duration", "duration '" + s + "' is not like 30m, 2h or 1d");
    }
    if (d == null || d.isNegative() || d.isZero() || d.compareTo(Duration.ofDays(366)) > 0) {
      throw new FieldProblem("duration", "a downtime lasts from 1s to 366d, not '" + s + "'");
    }
    return d;
  }

  private static boolean bool(Map<String, List<String>> f, String key, boolean fallback) {
    Optional<String> v = first(f, key);
    if (v.isEmpty()) {
      return fallback;
    }
    return switch (v.get().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "on", "yes", "1" -> true;
      case "false", "off", "no", "0" -> false;
      default ->
          throw new FieldProblem(key, "'" + key + "' is true or false, not '" + v.get() + "'");
    };
  }

  private static String text(Map<String, List<String>> f, String key, String fallback, int max) {
    Optional<String> v = first(f, key);
    if (v.isEmpty()) {
      if (fallback == null) {
        throw new FieldProblem(key, "'" + key + "' is required");
      }
      return fallback;
    }
    if (v.get().length() > max) {
      throw new FieldProblem(key, "'" + key + "' has at most " + max + " characters");
    }
    return v.get();
  }

  static Optional<String> first(Map<String, List<String>> f, String key) {
    List<String> v = f.get(key);
    return v == null || v.isEmpty() || v.getFirst().isBlank()
        ? Optional.empty()
        : Optional.of(v.getFirst().strip());
  }
}
