package dev.brigade.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The plan as JSON: the {@link PlanResult} records as they are, for scripts and the box. */
public final class PlanJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private PlanJson() {}

  /** The plan as an indented JSON document. */
  public static String render(PlanResult plan) {
    try {
      return JSON.writeValueAsString(plan) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("plan not serialisable: " + e.getMessage(), e);
    }
  }

  /** Reads a plan written by {@link #render} (the box and tests read it back). */
  public static PlanResult read(String json) throws JsonProcessingException {
    return JSON.readValue(json, PlanResult.class);
  }
}
