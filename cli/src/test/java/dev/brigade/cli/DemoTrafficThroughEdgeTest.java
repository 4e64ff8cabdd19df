package dev.brigade.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.brigade.demo.DemoApp;
import dev.brigade.demo.DemoInstance;
import dev.brigade.demo.DemoOptions;
import dev.brigade.demo.DemoTraffic;
import dev.brigade.demo.TrafficCounts;
import dev.brigade.demo.TrafficMix;
import dev.brigade.demo.TrafficOptions;
import dev.brigade.edge.Algorithm;
import dev.brigade.edge.BackendConfig;
import dev.brigade.edge.CacheSettings;
import dev.brigade.edge.EdgeConfig;
import dev.brigade.edge.EdgeServer;
import dev.brigade.edge.HealthSettings;
import dev.brigade.edge.PoolConfig;
import dev.brigade.edge.Route;
import dev.brigade.edge.Timeouts;
import dev.brigade.traffic.HitClass;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The traffic generator against a real demo application behind a real edge, over sockets. */
class DemoTrafficThroughEdgeTest {
  private static final int REQUESTS = 600;
  private static final int USERS = 20;

  @Test
  void aShortRun_sendsAllThreeClassesInTheirShares_andRedRequestsCarryTheirSession()
      throws Exception {
    try (DemoApp app =
            DemoApp.start(
                new DemoOptions(
                    2, "127.0.0.1", List.of(), Duration.ZERO, 0, Map.of(), Map.of(), 10));
        EdgeServer edge = EdgeServer.start(edgeConfig(app).withCache(CacheSettings.DEFAULT))) {
      URI target = URI.create("http://127.0.0.1:" + edge.address().getPort() + "/");
      TrafficMix mix = new TrafficMix(0.55, 0.35, 0.10, 1000, 1.0, USERS, 0);
      // the evening peak, so that the run is short; bounded by its request count
      TrafficOptions options =
          new TrafficOptions(300, Duration.ofMinutes(10), 21, 16, REQUESTS, 42, mix);

      TrafficCounts c;
      try (DemoTraffic traffic = DemoTraffic.start(target, options, InstantSource.system())) {
        assertThat(traffic.awaitDone(Duration.ofSeconds(60))).isTrue();
        c = traffic.counts();
      }

      assertThat(c.sent() + c.skipped()).isEqualTo(REQUESTS);
      assertThat(c.failed()).isZero();
      assertThat(c.done()).isEqualTo(c.sent());
      double all = c.sent();
      assertThat(c.of(HitClass.GREEN).sent() / all).isCloseTo(0.55, within(0.08));
      assertThat(c.of(HitClass.YELLOW).sent() / all).isCloseTo(0.35, within(0.08));
      assertThat(c.of(HitClass.RED).sent() / all).isCloseTo(0.10, within(0.05));

      // each user logged in once, then sent its cookie: no red page had to make a new session
      assertThat(c.sessions()).isPositive().isLessThanOrEqualTo(USERS);
      assertThat(c.of(HitClass.RED).sent()).isGreaterThan(c.sessions());
      // the application, with the edge's rules, saw every red request as red (a cookie or a POST)
      long redAtApp = 0;
      for (DemoInstance i : app.instances()) {
        redAtApp += i.requests(HitClass.RED);
      }
      assertThat(redAtApp).isEqualTo(c.of(HitClass.RED).sent());
      // and the edge's cache took most green and yellow requests off the application
      long greenAtApp = 0;
      for (DemoInstance i : app.instances()) {
        greenAtApp += i.requests(HitClass.GREEN);
      }
      assertThat(greenAtApp).isLessThan(c.of(HitClass.GREEN).sent() / 2);
    }
  }

  static EdgeConfig edgeConfig(DemoApp app) {
    List<BackendConfig> backends = new ArrayList<>();
    for (DemoInstance i : app.instances()) {
      backends.add(
          new BackendConfig(i.name() + "/http", "127.0.0.1", i.address().getPort(), 1, false));
    }
    PoolConfig pool =
        new PoolConfig(
            "app",
            Algorithm.ROUND_ROBIN,
            "url",
            "",
            backends,
            "/health",
            200,
            Duration.ofSeconds(1),
            Duration.ofMillis(500),
            new HealthSettings(5, 3, 0, 0, 3, Duration.ofSeconds(10)));
    return new EdgeConfig(
        "test-edge",
        new InetSocketAddress("127.0.0.1", 0),
        new InetSocketAddress("127.0.0.1", 0),
        "0123456789abcdef0123456789abcdef",
        Timeouts.DEFAULT,
        Optional.empty(),
        List.of(pool),
        List.of(new Route("", "", "app")));
  }
}
