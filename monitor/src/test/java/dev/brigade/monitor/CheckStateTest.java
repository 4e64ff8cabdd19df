package dev.brigade.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The state machine under a controlled clock: Nagios semantics, one rule per test. */
class CheckStateTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private Instant now = T0;

  private final CheckPolicy policy =
      new CheckPolicy(
          3,
          Duration.ofMinutes(5),
          Duration.ofMinutes(1),
          Duration.ofMinutes(30),
          5,
          20,
          List.of("ops"),
          List.of());

  private CheckState.Outcome record(CheckState s, Status status) {
    CheckState.Outcome o = s.record(status, now, false);
    now = o.nextCheck();
    return o;
  }

  @Test
  void failures_areSoftUntilMaxAttemptsThenHardWithOneNotification() {
    CheckState s = new CheckState(policy);
    CheckState.Outcome first = record(s, Status.CRITICAL);
    assertThat(first.type()).isEqualTo(CheckState.Type.SOFT);
    assertThat(first.attempt()).isEqualTo(1);
    assertThat(first.nextCheck()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
    assertThat(first.notification()).isEmpty();
    assertThat(record(s, Status.CRITICAL).notification()).isEmpty();
    CheckState.Outcome third = record(s, Status.CRITICAL);
    assertThat(third.type()).isEqualTo(CheckState.Type.HARD);
    assertThat(third.events()).containsExactly("HARD CRITICAL");
    assertThat(third.notification())
        .hasValueSatisfying(
            n -> {
              assertThat(n.kind()).isEqualTo("PROBLEM");
              assertThat(n.number()).isEqualTo(1);
              assertThat(n.contacts()).containsExactly("ops");
            });
    assertThat(third.nextCheck()).isEqualTo(now);
    assertThat(record(s, Status.CRITICAL).notification())
        .as("no repeat before the interval")
        .isEmpty();
  }

  @Test
  void softRecovery_notifiesNobody() {
    CheckState s = new CheckState(policy);
    record(s, Status.WARNING);
    CheckState.Outcome ok = record(s, Status.OK);
    assertThat(ok.events()).containsExactly("SOFT RECOVERY");
    assertThat(ok.notification()).isEmpty();
  }

  @Test
  void hardRecovery_goesToEveryoneToldOfTheProblem() {
    CheckPolicy escalating =
        new CheckPolicy(
            1,
            Duration.ofMinutes(5),
            Duration.ofMinutes(1),
            Duration.ofMinutes(10),
            5,
            20,
            List.of("ops"),
            List.of(new CheckPolicy.Escalation(2, 0, List.of("boss"))));
    CheckState s = new CheckState(escalating);
    assertThat(record(s, Status.CRITICAL).notification().orElseThrow().contacts())
        .containsExactly("ops");
    now = now.plus(Duration.ofMinutes(10));
    CheckState.Outcome second = record(s, Status.CRITICAL);
    assertThat(second.notification().orElseThrow().number()).isEqualTo(2);
    assertThat(second.notification().orElseThrow().contacts()).containsExactly("boss");
    CheckState.Outcome recovery = record(s, Status.OK);
    assertThat(recovery.notification())
        .hasValueSatisfying(
            n -> {
              assertThat(n.kind()).isEqualTo("RECOVERY");
              assertThat(n.contacts()).containsExactly("ops", "boss");
            });
  }

  @Test
  void hardChangeFromWarningToCritical_notifiesAgain() {
    CheckState s = new CheckState(policy);
    record(s, Status.WARNING);
    record(s, Status.WARNING);
    assertThat(record(s, Status.WARNING).notification()).isPresent();
    CheckState.Outcome worse = record(s, Status.CRITICAL);
    assertThat(worse.events()).containsExactly("HARD CRITICAL");
    assertThat(worse.notification().orElseThrow().number()).isEqualTo(2);
  }

  @Test
  void acknowledgement_silencesUntilRecovery_nonStickyEndsOnChange() {
    CheckState s = new CheckState(policy);
    for (int i = 0; i < 3; i++) {
      record(s, Status.WARNING);
    }
    assertThat(s.acknowledge(false, "ann", "looking").orElseThrow().kind())
        .isEqualTo("ACKNOWLEDGEMENT");
    now = now.plus(Duration.ofHours(1));
    assertThat(record(s, Status.WARNING).notification())
        .as("acknowledged: no re-notification")
        .isEmpty();
    assertThat(record(s, Status.CRITICAL).notification())
        .as("non-sticky: a change notifies")
        .isPresent();
    s.acknowledge(true, "ann", "still looking");
    assertThat(record(s, Status.WARNING).notification()).as("sticky: survives a change").isEmpty();
    record(s, Status.OK);
    assertThat(s.acknowledged()).isFalse();
  }

  @Test
  void fixedDowntime_silencesProblemsInsideItsWindowOnly() {
    CheckState s = new CheckState(policy);
    s.scheduleDowntime(
        new CheckState.Downtime(
            T0, T0.plus(Duration.ofMinutes(30)), false, Duration.ZERO, "deploy", "release 42"));
    for (int i = 0; i < 3; i++) {
      assertThat(record(s, Status.CRITICAL).notification()).isEmpty();
    }
    assertThat(s.type()).isEqualTo(CheckState.Type.HARD);
    now = T0.plus(Duration.ofMinutes(31));
    assertThat(record(s, Status.CRITICAL).notification())
        .as("the window is over and nobody was told: tell them now")
        .hasValueSatisfying(n -> assertThat(n.number()).isEqualTo(1));
    assertThat(record(s, Status.CRITICAL).notification()).as("then the interval applies").isEmpty();
    now = now.plus(Duration.ofMinutes(30));
    assertThat(record(s, Status.CRITICAL).notification()).isPresent();
  }

  @Test
  void flexibleDowntime_startsWithTheProblemAndLastsItsDuration() {
    CheckState s =
        new CheckState(
            new CheckPolicy(
                1,
                Duration.ofMinutes(5),
                Duration.ofMinutes(1),
                Duration.ofMinutes(10),
                5,
                20,
                List.of("ops"),
                List.of()));
    s.scheduleDowntime(
        new CheckState.Downtime(
            T0, T0.plus(Duration.ofHours(2)), true, Duration.ofMinutes(20), "ann", "maybe"));
    now = T0.plus(Duration.ofMinutes(50));
    assertThat(s.inDowntime(now)).isFalse();
    assertThat(record(s, Status.CRITICAL).notification()).isEmpty();
    assertThat(s.inDowntime(T0.plus(Duration.ofMinutes(65)))).isTrue();
    assertThat(s.inDowntime(T0.plus(Duration.ofMinutes(71)))).isFalse();
  }

  @Test
  void suppressedProblems_changeStateButNotifyNobody() {
    CheckState s =
        new CheckState(
            new CheckPolicy(
                1,
                Duration.ofMinutes(5),
                Duration.ofMinutes(1),
                Duration.ofMinutes(10),
                5,
                20,
                List.of("ops"),
                List.of()));
    CheckState.Outcome o = s.record(Status.CRITICAL, now, true);
    assertThat(o.type()).isEqualTo(CheckState.Type.HARD);
    assertThat(o.notification()).isEmpty();
  }

  @Test
  void alternatingResults_startFlappingWhichSilencesProblems_andCalmStopsIt() {
    CheckState s =
        new CheckState(
            new CheckPolicy(
                1,
                Duration.ofMinutes(5),
                Duration.ofMinutes(1),
                Duration.ofMinutes(10),
                5,
                20,
                List.of("ops"),
                List.of()));
    boolean started = false;
    for (int i = 0; i < 21 && !started; i++) {
      CheckState.Outcome o = record(s, i % 2 == 0 ? Status.CRITICAL : Status.OK);
      started = o.events().stream().anyMatch(e -> e.startsWith("FLAPPING START"));
      if (started) {
        assertThat(o.notification().orElseThrow().kind()).isEqualTo("FLAPPINGSTART");
      }
    }
    assertThat(s.flapping()).isTrue();
    assertThat(record(s, s.status() == Status.OK ? Status.CRITICAL : Status.OK).notification())
        .as("no problem notifications while flapping")
        .isEmpty();
    boolean stopped = false;
    for (int i = 0; i < 25 && !stopped; i++) {
      stopped = record(s, Status.OK).events().stream().anyMatch(e -> e.startsWith("FLAPPING STOP"));
    }
    assertThat(stopped).isTrue();
    assertThat(s.flapping()).isFalse();
  }

  @Test
  void percentStateChange_weightsRecentChangesMore_asNagiosDoes() {
    CheckState old = new CheckState(policy);
    CheckState recent = new CheckState(policy);
    for (int i = 0; i < 21; i++) {
      old.record(i == 1 ? Status.CRITICAL : Status.OK, T0, true);
      recent.record(i == 20 ? Status.CRITICAL : Status.OK, T0, true);
    }
    // one change at the old end weighs 0.75 (x2: into and out of CRITICAL = 0.75 + 0.776), one at
    // the new end 1.25
    assertThat(recent.percentStateChange())
        .isEqualTo(1.25 * 100 / 20, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(old.percentStateChange())
        .isEqualTo(
            (0.75 + (1 * 0.5 / 19 + 0.75)) * 100 / 20, org.assertj.core.data.Offset.offset(1e-9));
  }

  private static CheckPolicy oneAttempt(double low, double high) {
    return new CheckPolicy(
        1,
        Duration.ofMinutes(5),
        Duration.ofMinutes(1),
        Duration.ofMinutes(10),
        low,
        high,
        List.of("ops"),
        List.of());
  }

  @Test
  void fewerThan21Results_weighTheirChangesAsTheNewestSlots() {
    CheckState s = new CheckState(policy);
    for (Status r : List.of(Status.OK, Status.CRITICAL, Status.OK, Status.CRITICAL, Status.OK)) {
      s.record(r, T0, true);
    }
    // four changes into the four newest slots: weights 16..19 of 0.75..1.25
    double weights = 0;
    for (int x = 16; x <= 19; x++) {
      weights += x * 0.5 / 19 + 0.75;
    }
    assertThat(s.percentStateChange())
        .isEqualTo(weights * 100 / 20, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(s.flapping()).as("24%% is above the 20%% threshold").isTrue();
  }

  @Test
  void flappingStops_atTheLowThresholdItself_asNagiosUsesLessOrEqual() {
    // one change into the newest slot after 20 OKs: exactly 1.25 * 100 / 20 = 6.25%
    CheckState s =
        CheckState.restore(
            oneAttempt(6.25, 20),
            new CheckState.Snapshot(
                Status.OK,
                CheckState.Type.HARD,
                1,
                java.util.Collections.nCopies(20, Status.OK),
                true,
                false,
                false,
                java.util.Optional.empty(),
                0,
                java.util.Optional.empty(),
                List.of(),
                List.of()));
    CheckState.Outcome o = s.record(Status.CRITICAL, T0, false);
    assertThat(s.percentStateChange()).isEqualTo(6.25);
    assertThat(o.events()).anySatisfy(e -> assertThat(e).startsWith("FLAPPING STOP"));
    assertThat(s.flapping()).isFalse();
  }

  @Test
  void flappingNotifications_areHeldInDowntimeAndWhileTheHostIsDown() {
    for (boolean hostDown : List.of(true, false)) {
      CheckState s = new CheckState(oneAttempt(5, 20));
      if (!hostDown) {
        s.scheduleDowntime(
            new CheckState.Downtime(
                T0, T0.plus(Duration.ofDays(1)), false, Duration.ZERO, "deploy", "release"));
      }
      List<String> kinds = new java.util.ArrayList<>();
      List<String> events = new java.util.ArrayList<>();
      Instant t = T0;
      for (int i = 0; i < 21; i++) {
        CheckState.Outcome o = s.record(i % 2 == 0 ? Status.CRITICAL : Status.OK, t, hostDown);
        o.notification().ifPresent(n -> kinds.add(n.kind()));
        events.addAll(o.events());
        t = t.plusSeconds(60);
      }
      assertThat(events).anySatisfy(e -> assertThat(e).startsWith("FLAPPING START"));
      assertThat(kinds).as(hostDown ? "host down" : "in downtime").isEmpty();
    }
  }

  @Test
  void acknowledgedBeforeTheFirstNotification_saysSoOnce_notOnEveryCheck() {
    CheckState s = new CheckState(policy);
    record(s, Status.CRITICAL);
    s.acknowledge(true, "alice", "on it");
    List<String> events = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      CheckState.Outcome o = record(s, Status.CRITICAL);
      assertThat(o.notification()).isEmpty();
      events.addAll(o.events());
    }
    assertThat(events)
        .containsExactly(
            "SOFT CRITICAL (attempt 2/3)",
            "HARD CRITICAL",
            "notification suppressed: acknowledged");
  }

  private static CheckPolicy telling(CheckPeriod period, Duration firstDelay) {
    return new CheckPolicy(
        1,
        Duration.ofMinutes(5),
        Duration.ofMinutes(1),
        Duration.ofMinutes(30),
        5,
        20,
        List.of("ops"),
        List.of(),
        period,
        firstDelay);
  }

  @Test
  void aProblemOutsideTheNotificationPeriod_isToldWhenThePeriodStarts() {
    // T0 is Tuesday 10:00 UTC
    CheckState s =
        new CheckState(
            telling(CheckPeriod.parse("tue 12:00-13:00", java.time.ZoneOffset.UTC), Duration.ZERO));
    CheckState.Outcome hard = s.record(Status.CRITICAL, T0, false);
    assertThat(hard.notification()).isEmpty();
    assertThat(hard.events())
        .containsExactly("HARD CRITICAL", "notification held: outside the notification period");
    assertThat(s.record(Status.CRITICAL, T0.plus(Duration.ofMinutes(115)), false).notification())
        .isEmpty();
    CheckState.Outcome inside = s.record(Status.CRITICAL, T0.plus(Duration.ofHours(2)), false);
    assertThat(inside.notification()).hasValueSatisfying(n -> assertThat(n.number()).isEqualTo(1));
    assertThat(inside.events()).isEmpty();
  }

  @Test
  void firstNotificationDelay_holdsTheFirstNotification_andAShortProblemTellsNobody() {
    CheckState s = new CheckState(telling(CheckPeriod.ALWAYS, Duration.ofMinutes(10)));
    assertThat(s.record(Status.CRITICAL, T0, false).notification()).isEmpty();
    assertThat(s.record(Status.CRITICAL, T0.plus(Duration.ofMinutes(5)), false).notification())
        .isEmpty();
    assertThat(s.record(Status.CRITICAL, T0.plus(Duration.ofMinutes(10)), false).notification())
        .hasValueSatisfying(n -> assertThat(n.kind()).isEqualTo("PROBLEM"));

    CheckState brief = new CheckState(telling(CheckPeriod.ALWAYS, Duration.ofMinutes(10)));
    assertThat(brief.record(Status.CRITICAL, T0, false).notification()).isEmpty();
    assertThat(brief.record(Status.OK, T0.plus(Duration.ofMinutes(5)), false).notification())
        .as("no recovery of a problem nobody was told of")
        .isEmpty();
  }

  @Test
  void disabledNotifications_tellNobody_andSaySoOnce() {
    CheckState s = new CheckState(telling(CheckPeriod.ALWAYS, Duration.ZERO));
    s.notificationsEnabled(false);
    CheckState.Outcome hard = s.record(Status.CRITICAL, T0, false);
    assertThat(hard.notification()).isEmpty();
    assertThat(hard.events())
        .containsExactly("HARD CRITICAL", "notification suppressed: notifications disabled");
    assertThat(s.record(Status.CRITICAL, T0.plus(Duration.ofMinutes(5)), false).events()).isEmpty();
    s.notificationsEnabled(true);
    assertThat(s.record(Status.CRITICAL, T0.plus(Duration.ofMinutes(10)), false).notification())
        .as("told once they are on again")
        .isPresent();
  }
}
