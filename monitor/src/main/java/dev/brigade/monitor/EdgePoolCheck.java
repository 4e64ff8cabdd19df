package dev.brigade.monitor;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The health of one pool of a Brigade edge, read from its admin API ({@code GET /pools}): how many
 * of its backends are up. By default CRITICAL when none is up and WARNING when any is not.
 */
public final class EdgePoolCheck {
  /** Largest /pools answer read. */
  static final int MAX_BODY = 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    JSON.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(32).maxStringLength(64 * 1024).build());
  }

  private EdgePoolCheck() {}

  /**
   * Loads the JSON reader now, when the probe is built, so that its one-time start is not spent
   * from the first check's deadline.
   */
  static void warmUp() {
    JSON.getFactory();
  }

  /**
   * Asks the edge admin API at {@code host:port} about {@code pool}.
   *
   * @param upBackends thresholds on the number of backends up; empty for the defaults above
   */
  public static CheckResult check(
      String host, int port, String pool, Thresholds upBackends, Duration timeout) {
    return check(host, port, pool, upBackends, Deadline.after(timeout));
  }

  /**
   * Like {@link #check(String, int, String, Thresholds, Duration)}: the request and the whole
   * answer by {@code deadline}.
   */
  public static CheckResult check(
      String host, int port, String pool, Thresholds upBackends, Deadline deadline) {
    long start = System.nanoTime();
    String where = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    JsonNode root;
    try {
      HttpGet.Response res = HttpGet.get(host, port, "/pools", deadline, MAX_BODY);
      if (res.status() != 200) {
        return done(
            Status.CRITICAL, "EDGE CRITICAL - " + where + "/pools answered " + res.status(), start);
      }
      root = JSON.readTree(res.body());
    } catch (HttpGet.TooLarge e) {
      return done(
          Status.UNKNOWN, "EDGE UNKNOWN - /pools answer over " + MAX_BODY + " bytes", start);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      return done(
          Status.UNKNOWN,
          "EDGE UNKNOWN - " + where + "/pools is not JSON: " + Results.message(e),
          start);
    } catch (IOException e) {
      if (Results.timedOut(e, deadline)) {
        return new CheckResult(
            Status.CRITICAL,
            PluginOutput.parse("EDGE CRITICAL - no answer from " + where + " in time"),
            Duration.ofNanos(System.nanoTime() - start),
            true,
            false);
      }
      return done(Status.CRITICAL, "EDGE CRITICAL - " + where + ": " + Results.message(e), start);
    }
    JsonNode found = null;
    for (JsonNode p : root.path("pools")) {
      if (pool.equals(p.path("name").asText())) {
        found = p;
      }
    }
    if (found == null) {
      return done(
          Status.UNKNOWN,
          "EDGE UNKNOWN - the edge at " + where + " has no pool '" + pool + "'",
          start);
    }
    int total = 0;
    int up = 0;
    List<String> notUp = new ArrayList<>();
    for (JsonNode b : found.path("backends")) {
      total++;
      String state = b.path("state").asText();
      if (state.equals("up")) {
        up++;
      } else {
        notUp.add(b.path("id").asText() + " " + state);
      }
    }
    Thresholds t =
        upBackends.warn().isPresent() || upBackends.crit().isPresent()
            ? upBackends
            : Thresholds.of(total + ":", "1:");
    Status s = t.status(up);
    String text =
        String.format(
            Locale.ROOT,
            "EDGE %s - pool %s: %d of %d backends up%s | up=%d%s;0;%d",
            s,
            pool,
            up,
            total,
            notUp.isEmpty() ? "" : " (" + String.join(", ", notUp) + ")",
            up,
            t.perf(),
            total);
    return done(s, text, start);
  }

  private static CheckResult done(Status s, String text, long start) {
    return new CheckResult(
        s, PluginOutput.parse(text), Duration.ofNanos(System.nanoTime() - start), false, false);
  }
}
