package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BalancerTest {
  private static Backend backend(String name, int weight) {
    return new Backend(
        new BackendConfig(
            name + "/http", "10.0.0." + (name.hashCode() & 0x7f), 8080, weight, false),
        HealthSettings.DEFAULT);
  }

  @Test
  void smoothRoundRobin_interleavesByWeightLikeNginx() {
    Backend a = backend("a", 5);
    Backend b = backend("b", 1);
    Backend c = backend("c", 1);
    Balancer rr = new Balancer.RoundRobin(Duration.ZERO);
    StringBuilder order = new StringBuilder();
    for (int i = 0; i < 7; i++) {
      order.append(rr.pick(List.of(a, b, c), "", 0).id().charAt(0));
    }
    assertThat(order.toString()).isEqualTo("aabacaa");
  }

  @Test
  void leastConnections_prefersTheLeastBusyPerWeight() {
    Backend a = backend("a", 1);
    Backend b = backend("b", 2);
    a.active.set(3);
    b.active.set(4);
    Balancer lc = new Balancer.LeastConnections(Duration.ZERO);
    assertThat(lc.pick(List.of(a, b), "", 0)).isSameAs(b); // 5/2 < 4/1
    b.active.set(9);
    assertThat(lc.pick(List.of(a, b), "", 0)).isSameAs(a);
  }

  @Test
  void twoChoices_neverPicksTheBusiestOfThree() {
    Backend a = backend("a", 1);
    Backend b = backend("b", 1);
    Backend c = backend("c", 1);
    c.active.set(100);
    Balancer p2c = new Balancer.TwoChoices(Duration.ZERO);
    for (int i = 0; i < 200; i++) {
      assertThat(p2c.pick(List.of(a, b, c), "", 0)).isNotSameAs(c);
    }
  }

  @Test
  void slowStart_givesARecoveredBackendAFractionOfItsWeight() {
    Backend a = backend("a", 10);
    a.probed(false);
    a.probed(false);
    a.probed(false);
    a.probed(false);
    a.probed(false);
    a.probed(false);
    assertThat(a.state()).isEqualTo(BackendState.DOWN);
    a.probed(true);
    a.probed(true);
    a.probed(true);
    assertThat(a.state()).isEqualTo(BackendState.UP);
    long now = System.nanoTime();
    assertThat(a.effectiveWeight(now, Duration.ofSeconds(100))).isLessThan(2.0);
    assertThat(a.effectiveWeight(now + Duration.ofSeconds(50).toNanos(), Duration.ofSeconds(100)))
        .isBetween(4.0, 6.0);
    assertThat(a.effectiveWeight(now + Duration.ofSeconds(200).toNanos(), Duration.ofSeconds(100)))
        .isEqualTo(10.0);
  }

  @Test
  void varnishWindow_needsThresholdOfTheLastProbes() {
    Backend a =
        new Backend(
            new BackendConfig("a/http", "10.0.0.1", 80, 1, false),
            new HealthSettings(5, 3, 0, 0, 3, Duration.ZERO));
    a.probed(false);
    a.probed(false);
    assertThat(a.state()).isEqualTo(BackendState.UP); // initial 3 ok of 5
    a.probed(false);
    assertThat(a.state()).isEqualTo(BackendState.DOWN);
    a.probed(true);
    a.probed(true);
    assertThat(a.state()).isEqualTo(BackendState.DOWN);
    a.probed(true);
    assertThat(a.state()).isEqualTo(BackendState.UP);
  }

  @Test
  void haproxyRiseFall_countsInARow() {
    Backend a =
        new Backend(
            new BackendConfig("a/http", "10.0.0.1", 80, 1, false),
            new HealthSettings(8, 3, 2, 3, 0, Duration.ZERO));
    a.probed(false);
    a.probed(false);
    a.probed(true);
    a.probed(false);
    a.probed(false);
    assertThat(a.state()).isEqualTo(BackendState.UP);
    a.probed(false);
    assertThat(a.state()).isEqualTo(BackendState.DOWN);
    a.probed(true);
    assertThat(a.state()).isEqualTo(BackendState.DOWN);
    a.probed(true);
    assertThat(a.state()).isEqualTo(BackendState.UP);
  }

  @Test
  void maintenance_isNotUndoneByProbes() {
    Backend a = backend("a", 1);
    a.setOperatorState(BackendState.MAINT);
    a.probed(true);
    assertThat(a.state()).isEqualTo(BackendState.MAINT);
    a.setOperatorState(BackendState.UP);
    assertThat(a.state()).isEqualTo(BackendState.UP);
  }

  @Test
  void ketamaPoint_readsDigestBytesLittleEndianAsLibketamaDoes() {
    byte[] d = KetamaRing.md5("127.0.0.1:11211-0");
    long expected =
        ((long) (d[3] & 0xFF) << 24) | ((d[2] & 0xFF) << 16) | ((d[1] & 0xFF) << 8) | (d[0] & 0xFF);
    assertThat(KetamaRing.point(d, 0)).isEqualTo(expected);
    assertThat(
            KetamaRing.point(
                new byte[] {1, 0, 0, 0, 0, 0, 0, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0}, 1))
        .isEqualTo(0x80000000L);
  }

  static IntStream seeds() {
    return IntStream.rangeClosed(1, 40);
  }

  /** Consistent hashing's promise: removing one backend moves only the keys it had. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void removingOneBackend_onlyRemapsItsOwnKeys(int seed) {
    Random r = new Random(seed);
    List<Backend> all = new ArrayList<>();
    int n = 2 + r.nextInt(8);
    for (int i = 0; i < n; i++) {
      all.add(
          new Backend(
              new BackendConfig(
                  "b" + i + "/http",
                  "10.1." + r.nextInt(256) + "." + i,
                  1024 + r.nextInt(60000),
                  1 + r.nextInt(3),
                  false),
              HealthSettings.DEFAULT));
    }
    KetamaRing ring = new KetamaRing(all);
    Backend gone = all.get(r.nextInt(n));
    List<Backend> rest = new ArrayList<>(all);
    rest.remove(gone);
    Map<Backend, Integer> load = new HashMap<>();
    for (int k = 0; k < 500; k++) {
      String key = "/products/" + r.nextInt(1_000_000);
      Backend before = ring.lookup(key, all);
      Backend after = ring.lookup(key, rest);
      load.merge(before, 1, Integer::sum);
      if (before != gone) {
        assertThat(after).as(key).isSameAs(before);
      } else {
        assertThat(after).isNotSameAs(gone);
      }
    }
    assertThat(load.keySet().size()).isGreaterThan(n / 2);
  }

  @Test
  void ring_isTheSameOnEveryNodeBuildingItFromTheSameBackends() {
    List<Backend> one = List.of(backend("a", 1), backend("b", 2), backend("c", 1));
    List<Backend> two = List.of(backend("c", 1), backend("a", 1), backend("b", 2));
    KetamaRing r1 = new KetamaRing(one);
    KetamaRing r2 = new KetamaRing(two);
    for (int k = 0; k < 200; k++) {
      String key = "key-" + k;
      assertThat(r1.lookup(key, one).id()).isEqualTo(r2.lookup(key, two).id());
    }
  }
}
