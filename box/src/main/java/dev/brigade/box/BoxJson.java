package dev.brigade.box;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brigade.monitor.MonitorJson;
import java.io.IOException;
import java.util.List;

/**
 * The JSON of the box's API: one set of records for the server and every client (the monitor's own
 * {@link MonitorJson.Check}, {@link MonitorJson.Done} and {@link MonitorJson.Event} where they
 * fit), and the box's one mapper, with limits for reading outside input.
 */
public final class BoxJson {
  /** Largest JSON body the box reads. */
  public static final int MAX_BODY = 256 * 1024;

  private static final ObjectMapper MAPPER =
      new ObjectMapper(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(16)
                          .maxStringLength(64 * 1024)
                          .maxDocumentLength(MAX_BODY)
                          .build())
                  .build())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private BoxJson() {}

  /**
   * {@code GET /api/status}: how many checks, in which states, and how many problems are unhandled.
   *
   * @param cluster the cluster's name
   * @param checks how many checks
   * @param hosts how many hosts
   * @param problems checks with a problem
   * @param unhandled problems neither acknowledged nor in downtime
   * @param byState how many checks are in each state
   * @param load the monitor engine's load
   */
  public record Status(
      String cluster,
      int checks,
      int hosts,
      int problems,
      int unhandled,
      java.util.Map<String, Integer> byState,
      MonitorJson.LoadJson load) {}

  /**
   * {@code GET /api/checks}: one page of the checks matching a filter, problems first.
   *
   * @param total how many match
   * @param offset where this page starts
   * @param items the checks of this page
   */
  public record Checks(int total, int offset, List<MonitorJson.Check> items) {}

  /**
   * A host of the model, with its checks.
   *
   * @param name its name
   * @param address its address
   * @param roles its roles
   * @param stages the stages it belongs to
   * @param state its worst state
   * @param checks its host check and services
   */
  public record Host(
      String name,
      String address,
      List<String> roles,
      List<String> stages,
      String state,
      List<MonitorJson.Check> checks) {}

  /**
   * One line of the events timeline.
   *
   * @param time when, ISO-8601
   * @param kind state, notification, acknowledgement, downtime, comment, recheck, deploy, ...
   * @param target the check, host, or {@code cluster}
   * @param text what happened
   * @param source {@code monitor} or {@code metrics} (annotations)
   */
  public record TimelineEvent(
      String time, String kind, String target, String text, String source) {}

  /**
   * {@code GET /api/events}: one page of the timeline, newest first.
   *
   * @param offset where this page starts
   * @param more whether there are older ones
   * @param items the events
   */
  public record Events(int offset, boolean more, List<TimelineEvent> items) {}

  /** The value as JSON. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  /** Reads a request body as a JSON object; a one-line 400 for anything else. */
  public static JsonNode readObject(byte[] body) {
    if (body.length > MAX_BODY) {
      throw new IllegalArgumentException("the JSON body is larger than " + MAX_BODY + " bytes");
    }
    try {
      JsonNode n = MAPPER.readTree(body);
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException("the body is not a JSON object");
      }
      return n;
    } catch (IOException e) {
      String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw new IllegalArgumentException(
          "the body is not JSON: " + m.lines().findFirst().orElse(m));
    }
  }

  /** Reads an answer of the box's API into one of these records (for clients). */
  public static <T> T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not the box's JSON: " + e.getOriginalMessage());
    }
  }
}
