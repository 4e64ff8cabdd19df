package dev.brigade.monitor;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@code passive} check: results are submitted (by a cron job, {@code brigade submit}), never
 * fetched; without one for {@code freshness} it goes stale.
 *
 * @param freshness how long a result stays fresh; empty for twice the check's interval
 * @param staleStatus the status recorded when it goes stale
 */
record PassiveSpec(Optional<Duration> freshness, Status staleStatus) implements CheckOptions {
  static final CheckType TYPE =
      CheckType.of(
          "passive",
          r -> {
            Optional<Duration> freshness = r.duration("freshness");
            freshness
                .filter(d -> d.isZero() || d.isNegative())
                .ifPresent(d -> r.error("freshness", "must be more than zero"));
            Status stale =
                r.oneOf("stale-status", List.of("warning", "critical", "unknown"))
                    .map(s -> Status.valueOf(s.toUpperCase(Locale.ROOT)))
                    .orElse(Status.CRITICAL);
            return r.valid(new PassiveSpec(freshness, stale));
          });

  @Override
  public Probe probe(CheckSite site) {
    return d -> {
      throw new IllegalStateException("passive checks are not run");
    };
  }
}
