package dev.brigade.box.pages;

import dev.brigade.box.web.FieldProblem;
import dev.brigade.box.web.Html;
import dev.brigade.model.Cluster;
import dev.brigade.model.Host;
import dev.brigade.model.Stage;
import dev.brigade.monitor.CheckState;
import dev.brigade.monitor.CheckView;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which checks a page or a bulk action is about, as the URL says ({@code
 * ?role=app&stage=production&state=critical&q=disk}), in the order operators read them: problems
 * first, unhandled (neither acknowledged nor in downtime) before handled, worst state, HARD before
 * SOFT, longest first.
 *
 * @param role only hosts with this role
 * @param stage only hosts of this stage
 * @param state a state name, {@code problems}, {@code unhandled}, or empty for all
 * @param text a part of the check's id or output, any case
 */
public record CheckFilter(
    Optional<String> role, Optional<String> stage, Optional<String> state, Optional<String> text) {
  private static final Set<String> STATES =
      Set.of(
          "problems",
          "unhandled",
          "ok",
          "warning",
          "critical",
          "unknown",
          "up",
          "down",
          "unreachable",
          "pending");

  /** No filter: every check. */
  public static final CheckFilter ALL =
      new CheckFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  /** The filter in {@code fields} (a query, or a form's {@code f.}-prefixed fields). */
  public static CheckFilter of(Map<String, List<String>> fields, String prefix) {
    Optional<String> state = value(fields, prefix + "state").map(s -> s.toLowerCase(Locale.ROOT));
    state
        .filter(s -> !STATES.contains(s))
        .ifPresent(
            s -> {
              throw new FieldProblem(
                  prefix + "state",
                  "state '"
                      + s
                      + "' is not one of "
                      + String.join(", ", new java.util.TreeSet<>(STATES)));
            });
    Optional<String> text = value(fields, prefix + "q");
    text.filter(t -> t.length() > 200)
        .ifPresent(
            t -> {
              throw new FieldProblem(prefix + "q", "the text filter has at most 200 characters");
            });
    return new CheckFilter(
        value(fields, prefix + "role"), value(fields, prefix + "stage"), state, text);
  }

  private static Optional<String> value(Map<String, List<String>> m, String key) {
    List<String> v = m.get(key);
    return v == null || v.isEmpty() || v.getFirst().isBlank()
        ? Optional.empty()
        : Optional.of(v.getFirst().strip());
  }

  /** The checks that match, sorted. */
  public List<CheckView> apply(Cluster cluster, List<CheckView> checks) {
    Set<String> hosts = hosts(cluster);
    String needle = text.map(t -> t.toLowerCase(Locale.ROOT)).orElse(null);
    return checks.stream()
        .filter(v -> hosts == null || hosts.contains(v.host()))
        .filter(this::stateMatches)
        .filter(
            v ->
                needle == null
                    || v.id().toLowerCase(Locale.ROOT).contains(needle)
                    || v.output().toLowerCase(Locale.ROOT).contains(needle))
        .sorted(ORDER)
        .toList();
  }

  private Set<String> hosts(Cluster cluster) {
    if (role.isEmpty() && stage.isEmpty()) {
      return null;
    }
    Set<String> out = new HashSet<>();
    Set<String> inStage =
        stage
            .map(s -> cluster.stage(s).map(Stage::hosts).map(Set::copyOf).orElse(Set.of()))
            .orElse(null);
    for (Host h : cluster.hosts().values()) {
      if (role.isPresent() && !h.roles().contains(role.get())) {
        continue;
      }
      if (inStage != null && !inStage.contains(h.name())) {
        continue;
      }
      out.add(h.name());
    }
    return out;
  }

  private boolean stateMatches(CheckView v) {
    if (state.isEmpty()) {
      return true;
    }
    return switch (state.get()) {
      case "problems" -> v.isProblem();
      case "unhandled" -> unhandled(v);
      case "pending" -> v.lastCheck().isEmpty();
      default -> v.lastCheck().isPresent() && v.state().equalsIgnoreCase(state.get());
    };
  }

  /** A problem neither acknowledged nor in downtime. */
  public static boolean unhandled(CheckView v) {
    return v.isProblem() && !v.acknowledged() && !v.inDowntime();
  }

  /** Problems first, unhandled first, worst first, HARD first, longest first, then by id. */
  public static final Comparator<CheckView> ORDER =
      Comparator.comparing((CheckView v) -> v.isProblem() ? 0 : 1)
          .thenComparing(v -> unhandled(v) ? 0 : 1)
          .thenComparing(v -> -v.status().severity())
          .thenComparing(v -> v.stateType() == CheckState.Type.HARD ? 0 : 1)
          .thenComparing(v -> v.since().orElse(Instant.MAX))
          .thenComparing(CheckView::id);

  /** The filter as query parameters ({@code role=app&state=critical}), with {@code prefix}. */
  public String query(String prefix) {
    Map<String, Optional<String>> m = new java.util.LinkedHashMap<>();
    m.put("role", role);
    m.put("stage", stage);
    m.put("state", state);
    m.put("q", text);
    StringBuilder b = new StringBuilder();
    m.forEach(
        (k, v) ->
            v.ifPresent(
                x ->
                    b.append(b.isEmpty() ? "" : "&")
                        .append(prefix)
                        .append(k)
                        .append('=')
                        .append(Html.query(x))));
    return b.toString();
  }

  /** The filter as hidden form fields named {@code f.role}, ... (escaped). */
  public String hiddenFields() {
    StringBuilder b = new StringBuilder();
    Map<String, Optional<String>> m = new HashMap<>();
    m.put("role", role);
    m.put("stage", stage);
    m.put("state", state);
    m.put("q", text);
    m.forEach(
        (k, v) ->
            v.ifPresent(
                x ->
                    b.append("<input type=\"hidden\" name=\"f.")
                        .append(k)
                        .append("\" value=\"")
                        .append(Html.escape(x))
                        .append("\">")));
    return b.toString();
  }
}
