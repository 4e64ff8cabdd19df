package dev.brigade.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brigade.traffic.HitClass;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The traffic generator against one real instance: its bounds. */
class DemoTrafficTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private static DemoApp app(Duration latency) {
    return DemoApp.start(
        new DemoOptions(1, "127.0.0.1", List.of(), latency, 0, Map.of(), Map.of(), 10));
  }

  private static void await(java.util.function.BooleanSupplier condition) throws Exception {
    long end = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within " + PATIENCE).isLessThan(end);
      Thread.sleep(20);
    }
  }

  @Test
  void close_stopsSendingAtOnce_andTheCountsStayPut() throws Exception {
    try (DemoApp app = app(Duration.ZERO)) {
      TrafficOptions options =
          new TrafficOptions(100, Duration.ofMinutes(10), 21, 8, 0, 7, TrafficMix.DEFAULT);
      DemoTraffic traffic =
          DemoTraffic.start(app.instance("app1").uri(), options, InstantSource.system());
      await(() -> traffic.counts().done() >= 20);

      traffic.close();

      assertThat(traffic.awaitDone(Duration.ZERO)).isTrue();
      long sent = traffic.counts().sent();
      assertThat(traffic.counts().sent()).isEqualTo(sent);
      assertThat(traffic.counts().of(HitClass.GREEN).ok()).isPositive();
    }
  }

  @Test
  void concurrencyCap_skipsRequestsInsteadOfQueueingThem() throws Exception {
    try (DemoApp app = app(Duration.ofSeconds(2))) {
      TrafficMix yellowOnly = new TrafficMix(0, 1, 0, 100, 1, 1, 0);
      TrafficOptions options =
          new TrafficOptions(50, Duration.ofMinutes(10), 21, 2, 200, 7, yellowOnly);
      try (DemoTraffic traffic =
          DemoTraffic.start(app.instance("app1").uri(), options, InstantSource.system())) {
        await(() -> traffic.counts().skipped() > 0);
        assertThat(traffic.counts().of(HitClass.YELLOW).pending()).isLessThanOrEqualTo(2);
      }
    }
  }

  @Test
  void maxRequests_boundsTheRun() throws Exception {
    try (DemoApp app = app(Duration.ZERO)) {
      TrafficOptions options =
          new TrafficOptions(500, Duration.ofMinutes(10), 21, 8, 50, 7, TrafficMix.DEFAULT);
      try (DemoTraffic traffic =
          DemoTraffic.start(app.instance("app1").uri(), options, InstantSource.system())) {
        assertThat(traffic.awaitDone(PATIENCE)).isTrue();
        assertThat(traffic.counts().sent() + traffic.counts().skipped()).isEqualTo(50);
        assertThat(traffic.counts().done()).isEqualTo(traffic.counts().sent());
      }
    }
  }

  @Test
  void target_isTheUriGiven() {
    TrafficOptions options = TrafficOptions.defaults();
    URI target = URI.create("http://127.0.0.1:9/");
    try (DemoTraffic t = DemoTraffic.start(target, options, InstantSource.system())) {
      assertThat(t.target()).isEqualTo(target);
      assertThat(t.options()).isEqualTo(options);
    }
  }
}
