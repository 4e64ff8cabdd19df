package dev.brigade.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a deploy or rollback did: its result, and each host's steps. {@link #toJson()} is the
 * summary {@code brigade deploy --json} prints.
 *
 * @param action {@code deploy} or {@code rollback}
 * @param stage the stage
 * @param revision the commit deployed (or rolled back to), empty when not known
 * @param release the release name, empty when none was made
 * @param result how it ended
 * @param message one line for the user
 * @param started when it started
 * @param took how long it took
 * @param hosts each host's steps, in stage order
 */
public record DeployReport(
    String action,
    String stage,
    String revision,
    String release,
    Result result,
    String message,
    Instant started,
    Duration took,
    List<HostReport> hosts) {

  public DeployReport {
    hosts = List.copyOf(hosts);
  }

  /** How a deploy ended; each has the exit code {@code brigade deploy} ends with. */
  public enum Result {
    /** Every host runs the new release and passed its checks. */
    SUCCEEDED(0),
    /** Failed before the switch: every host still runs the release it ran before. */
    FAILED(1),
    /** Not started: another deploy holds the lock, or the revision was not promoted. */
    REFUSED(3),
    /** Failed after the switch and rolled back: the hosts run the previous release again. */
    ROLLED_BACK(4),
    /** Failed after the switch and not (or not fully) rolled back: hosts need attention. */
    FAILED_AFTER_SWITCH(5);

    private final int exitCode;

    Result(int exitCode) {
      this.exitCode = exitCode;
    }

    /** The process exit code for this result. */
    public int exitCode() {
      return exitCode;
    }
  }

  /**
   * One host's part.
   *
   * @param host the host's name
   * @param steps what each step did, in order
   * @param switchedAt when its {@code current} was switched to the new release
   * @param live the release live there at the end, when known
   */
  public record HostReport(
      String host, List<StepOutcome> steps, Optional<Instant> switchedAt, Optional<String> live) {
    public HostReport {
      steps = List.copyOf(steps);
    }

    /** The failed step, if one failed. */
    public Optional<StepOutcome.Failed> failure() {
      return steps.stream()
          .filter(StepOutcome.Failed.class::isInstance)
          .map(StepOutcome.Failed.class::cast)
          .findFirst();
    }
  }

  /** The time between the first and the last host's switch, or zero with fewer than two. */
  public Duration switchSpread() {
    List<Instant> at = hosts.stream().flatMap(h -> h.switchedAt().stream()).sorted().toList();
    return at.size() < 2 ? Duration.ZERO : Duration.between(at.getFirst(), at.getLast());
  }

  /** The summary as JSON: result, exit code, release, timings and every host's steps. */
  public String toJson() {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("action", action);
    root.put("stage", stage);
    root.put("revision", revision);
    root.put("release", release);
    root.put("result", result.name().toLowerCase(java.util.Locale.ROOT));
    root.put("exitCode", result.exitCode());
    root.put("message", message);
    root.put("started", started.toString());
    root.put("seconds", took.toMillis() / 1000.0);
    root.put("switchSpreadSeconds", switchSpread().toMillis() / 1000.0);
    ArrayNode hs = root.putArray("hosts");
    for (HostReport h : hosts) {
      ObjectNode hn = hs.addObject();
      hn.put("host", h.host());
      hn.put("live", h.live().orElse(null));
      hn.put("switchedAt", h.switchedAt().map(Instant::toString).orElse(null));
      ArrayNode steps = hn.putArray("steps");
      for (StepOutcome s : h.steps()) {
        ObjectNode sn = steps.addObject();
        sn.put("step", s.step().label());
        switch (s) {
          case StepOutcome.Done d -> {
            sn.put("status", "done");
            sn.put("seconds", d.took().toMillis() / 1000.0);
            if (!d.detail().isEmpty()) {
              sn.put("detail", d.detail());
            }
          }
          case StepOutcome.Failed f -> {
            sn.put("status", "failed");
            sn.put("reason", f.reason());
          }
          case StepOutcome.Skipped k -> {
            sn.put("status", "skipped");
            sn.put("reason", k.why());
          }
        }
      }
    }
    try {
      return json.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
