package dev.brigade.demo;

import dev.brigade.traffic.HitClass;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the traffic generator has done so far.
 *
 * @param byClass requests per hit class
 * @param skipped requests not sent because the concurrency cap was reached
 * @param sessions session cookies the users received (each login brings one)
 * @param rate the rate the curve asks for now, requests per second
 * @param clock the simulated time of day, {@code HH:MM}
 */
public record TrafficCounts(
    Map<HitClass, PerClass> byClass, long skipped, long sessions, double rate, String clock) {
  public TrafficCounts {
    byClass = Map.copyOf(byClass);
  }

  /**
   * The requests of one hit class.
   *
   * @param sent requests sent
   * @param ok answered with a status below 400
   * @param failed answered 400 or more, or not answered at all
   */
  public record PerClass(long sent, long ok, long failed) {
    /** Requests still in flight (or abandoned at close). */
    public long pending() {
      return sent - ok - failed;
    }
  }

  /** The counts of one class. */
  public PerClass of(HitClass c) {
    return byClass.getOrDefault(c, new PerClass(0, 0, 0));
  }

  /** Requests sent, all classes. */
  public long sent() {
    return byClass.values().stream().mapToLong(PerClass::sent).sum();
  }

  /** Requests answered or failed, all classes. */
  public long done() {
    return byClass.values().stream().mapToLong(p -> p.ok() + p.failed()).sum();
  }

  /** Requests failed, all classes. */
  public long failed() {
    return byClass.values().stream().mapToLong(PerClass::failed).sum();
  }

  static Map<HitClass, PerClass> empty() {
    Map<HitClass, PerClass> m = new EnumMap<>(HitClass.class);
    for (HitClass c : HitClass.values()) {
      m.put(c, new PerClass(0, 0, 0));
    }
    return m;
  }
}
