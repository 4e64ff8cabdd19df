package dev.brigade.monitor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;

/**
 * The JSON of the monitor's API as one set of records, written by {@link MonitorApi} and read by
 * {@code brigade status} and every other client, so the two sides cannot drift. Reading has limits
 * (document size, nesting, string length), as any parser of outside input.
 *
 * <pre>{@code
 * MonitorJson.Summary s = MonitorJson.read(body, MonitorJson.Summary.class, "GET /status");
 * s.problems().forEach(p -> System.out.println(p.id() + " " + p.state()));
 * }</pre>
 */
public final class MonitorJson {
  /** Largest answer a client reads. */
  public static final int MAX_DOCUMENT = 32 * 1024 * 1024;

  private static final ObjectMapper MAPPER =
      new ObjectMapper(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(32)
                          .maxStringLength(1024 * 1024)
                          .maxDocumentLength(MAX_DOCUMENT)
                          .build())
                  .build())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private MonitorJson() {}

  /**
   * One check, as {@code GET /checks} lists it. Times are ISO-8601, null when unknown.
   *
   * @param id {@code host} or {@code host/service}
   * @param host the host
   * @param service the service, null for a host check
   * @param type the check type
   * @param state OK/WARNING/CRITICAL/UNKNOWN, UP/DOWN/UNREACHABLE, or PENDING
   * @param stateType SOFT or HARD
   * @param attempt the attempt number
   * @param maxAttempts attempts before HARD
   * @param output the last output line
   * @param lastCheck when it last ran
   * @param nextCheck when it runs next
   * @param since when its state last changed
   * @param acknowledged whether the problem is acknowledged
   * @param inDowntime whether a downtime covers it
   * @param flapping whether it is flapping
   * @param notificationNumber notifications sent for the current problem
   * @param checksEnabled whether its active checks run
   * @param notificationsEnabled whether anyone is told
   * @param comments the operators' comments
   */
  public record Check(
      String id,
      String host,
      String service,
      String type,
      String state,
      String stateType,
      int attempt,
      int maxAttempts,
      String output,
      String lastCheck,
      String nextCheck,
      String since,
      boolean acknowledged,
      boolean inDowntime,
      boolean flapping,
      int notificationNumber,
      boolean checksEnabled,
      boolean notificationsEnabled,
      List<CommentJson> comments) {

    public static Check of(CheckView v) {
      return new Check(
          v.id(),
          v.host(),
          v.service().orElse(null),
          v.type(),
          v.state(),
          v.stateType().name(),
          v.attempt(),
          v.maxAttempts(),
          v.output(),
          v.lastCheck().map(Object::toString).orElse(null),
          v.nextCheck().toString(),
          v.since().map(Object::toString).orElse(null),
          v.acknowledged(),
          v.inDowntime(),
          v.flapping(),
          v.notificationNumber(),
          v.checksEnabled(),
          v.notificationsEnabled(),
          v.comments().stream().map(CommentJson::of).toList());
    }

    /** True when the state is a problem that is neither acknowledged nor in downtime. */
    public boolean unhandled() {
      return lastCheck != null
          && !List.of("OK", "UP", "PENDING").contains(state)
          && !acknowledged
          && !inDowntime;
    }
  }

  /**
   * A comment.
   *
   * @param id its number
   * @param time when it was written
   * @param author who wrote it
   * @param text what it says
   */
  public record CommentJson(long id, String time, String author, String text) {
    public static CommentJson of(Comment c) {
      return new CommentJson(c.id(), c.time().toString(), c.author(), c.text());
    }
  }

  /**
   * The engine's load.
   *
   * @param rate checks per second
   * @param latencyP99Millis 99th percentile start latency
   * @param demand slots the built-in checks need
   * @param capacity slots for them
   * @param pluginDemand plugin processes needed at once
   * @param pluginCapacity plugin processes allowed at once
   * @param overloaded whether checks need more than there is
   * @param overruns checks whose slot the watchdog reclaimed
   * @param summary one line for people
   */
  public record LoadJson(
      double rate,
      double latencyP99Millis,
      double demand,
      int capacity,
      double pluginDemand,
      int pluginCapacity,
      boolean overloaded,
      long overruns,
      String summary) {
    public static LoadJson of(Load l) {
      return new LoadJson(
          round(l.rate()),
          round(l.latencyP99Millis()),
          round(l.demand()),
          l.capacity(),
          round(l.pluginDemand()),
          l.pluginCapacity(),
          l.overloaded(),
          l.overruns(),
          l.describe());
    }

    private static double round(double d) {
      return Double.parseDouble(String.format(Locale.ROOT, "%.2f", d));
    }
  }

  /**
   * How the last reload went.
   *
   * @param at when
   * @param ok whether the new model runs
   * @param message one line
   */
  public record ReloadJson(String at, boolean ok, String message) {}

  /**
   * {@code GET /status}: the problems, worst first, and the engine.
   *
   * @param checks how many checks there are
   * @param problems the checks with a problem
   * @param load the engine's load
   * @param reload the last reload, null when there was none
   */
  public record Summary(int checks, List<Check> problems, LoadJson load, ReloadJson reload) {}

  /**
   * One line of {@code GET /events}.
   *
   * @param time when
   * @param target {@code host} or {@code host/service}
   * @param kind what happened
   * @param text details
   */
  public record Event(String time, String target, String kind, String text) {
    public static Event of(MonitorStore.Event e) {
      return new Event(e.time().toString(), e.target(), e.kind(), e.text());
    }
  }

  /**
   * The answer to a change: what was done, to which checks.
   *
   * @param done the action ({@code result}, {@code recheck}, {@code ack}, {@code downtime}, ...)
   * @param ids the checks it applied to
   * @param comments comments it created, if any
   */
  public record Done(String done, List<String> ids, List<CommentJson> comments) {
    public Done(String done, List<String> ids) {
      this(done, ids, List.of());
    }
  }

  /**
   * An error.
   *
   * @param error one line
   */
  public record Error(String error) {}

  /** The record as JSON. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  /** Reads an API answer; a one-line error naming {@code where} for anything malformed. */
  public static <T> T read(String json, Class<T> type, String where) {
    if (json.length() > MAX_DOCUMENT) {
      throw new IllegalArgumentException(where + ": answer larger than " + MAX_DOCUMENT + " bytes");
    }
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          where + ": not the monitor's JSON: " + e.getOriginalMessage());
    }
  }

  /** Reads a list of records, such as {@code GET /checks}. */
  public static <T> List<T> readList(String json, Class<T> type, String where) {
    if (json.length() > MAX_DOCUMENT) {
      throw new IllegalArgumentException(where + ": answer larger than " + MAX_DOCUMENT + " bytes");
    }
    try {
      return MAPPER.readValue(
          json, MAPPER.getTypeFactory().constructCollectionType(List.class, type));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          where + ": not the monitor's JSON: " + e.getOriginalMessage());
    }
  }
}
