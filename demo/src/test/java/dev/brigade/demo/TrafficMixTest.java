package dev.brigade.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.brigade.traffic.HitClass;
import dev.brigade.traffic.HitClassifier;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The visitors' mix, drawn from a seeded random source. */
class TrafficMixTest {
  private static final int DRAWS = 100_000;

  @Test
  void classes_comeInTheirShares() {
    TrafficMix.Sampler s = TrafficMix.DEFAULT.sampler();
    SplittableRandom random = new SplittableRandom(1);
    Map<HitClass, Integer> counts = new EnumMap<>(HitClass.class);
    for (int i = 0; i < DRAWS; i++) {
      counts.merge(s.next(random, u -> TrafficMix.UserState.LOGGED_IN).kind(), 1, Integer::sum);
    }
    assertThat(counts.get(HitClass.GREEN) / (double) DRAWS).isCloseTo(0.55, within(0.01));
    assertThat(counts.get(HitClass.YELLOW) / (double) DRAWS).isCloseTo(0.35, within(0.01));
    assertThat(counts.get(HitClass.RED) / (double) DRAWS).isCloseTo(0.10, within(0.01));
  }

  @Test
  void everyRequest_isOfTheClassTheSharedClassifierGivesIt() {
    TrafficMix.Sampler s = TrafficMix.DEFAULT.sampler();
    SplittableRandom random = new SplittableRandom(2);
    for (int i = 0; i < 10_000; i++) {
      TrafficMix.Request r = s.next(random, u -> TrafficMix.UserState.LOGGED_IN);
      String cookie = r.user() >= 0 ? Pages.SESSION_COOKIE + "=x" : null;
      HitClass classified = HitClassifier.DEFAULT.classify(r.method(), r.path(), cookie);
      assertThat(classified).as(r.toString()).isEqualTo(r.kind());
    }
  }

  @Test
  void aLoggedOutUser_logsInFirstAndAUserLoggingInIsNotAskedAgain() {
    TrafficMix mix = new TrafficMix(0, 0, 1, 100, 1, 2, 0);
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 100; i++) {
      TrafficMix.Request r = mix.sampler().next(random, u -> TrafficMix.UserState.LOGGED_OUT);
      assertThat(r.login()).isTrue();
      assertThat(r.method()).isEqualTo("POST");
    }
    for (int i = 0; i < 100; i++) {
      TrafficMix.Request r =
          mix.sampler()
              .next(
                  random,
                  u -> u == 0 ? TrafficMix.UserState.LOGGING_IN : TrafficMix.UserState.LOGGED_IN);
      assertThat(r.user()).isEqualTo(1);
      assertThat(r.login()).isFalse();
    }
  }

  @Test
  void productIds_followZipf_aFewHotAndALongColdTail() {
    TrafficMix mix = new TrafficMix(0, 1, 0, 1000, 1, 1, 0);
    TrafficMix.Sampler s = mix.sampler();
    SplittableRandom random = new SplittableRandom(4);
    Map<String, Integer> byPath = new HashMap<>();
    int products = 0;
    for (int i = 0; i < DRAWS; i++) {
      String path = s.next(random, u -> TrafficMix.UserState.LOGGED_OUT).path();
      if (path.startsWith("/products/")) {
        byPath.merge(path, 1, Integer::sum);
        products++;
      }
    }
    ZipfIds ids = new ZipfIds(1000, 1);
    double top = byPath.get("/products/1") / (double) products;
    assertThat(top).isCloseTo(ids.probability(1), within(0.01)); // about 13%
    assertThat(byPath.get("/products/1")).isGreaterThan(byPath.get("/products/2"));
    assertThat(byPath.get("/products/2")).isGreaterThan(byPath.get("/products/10"));
    assertThat(byPath.size()).isGreaterThan(500); // the tail is seen, rarely
  }

  @Test
  void zipfIds_coverTheirRangeAtTheEnds() {
    ZipfIds ids = new ZipfIds(10, 1);
    assertThat(ids.id(0)).isEqualTo(1);
    assertThat(ids.id(0.999999)).isEqualTo(10);
    double sum = 0;
    for (int k = 1; k <= 10; k++) {
      sum += ids.probability(k);
    }
    assertThat(sum).isCloseTo(1, within(1e-9));
  }
}
