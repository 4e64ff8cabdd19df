package dev.brigade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brigade.demo.DemoApp;
import dev.brigade.demo.DemoOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code brigade monitor}, {@code brigade status} and {@code brigade check} together, against a
 * real demo app behind a real edge, with the edge's pool checked through its admin API.
 */
class MonitorCommandTest {
  @TempDir Path dir;

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private final StringWriter errors = new StringWriter();

  private CompletableFuture<Integer> background(StringWriter out, String... args) {
    return CompletableFuture.supplyAsync(
        () -> Brigade.run(args, new PrintWriter(out, true), new PrintWriter(errors, true)),
        // its own thread: the common pool has a single thread on a 2-core machine
        r -> Thread.ofPlatform().daemon().start(r));
  }

  private static void await(BooleanSupplier ok) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!ok.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
  }

  @Test
  void monitorStatusAndCheck_seeTheEdgePoolLoseItsBackend() throws Exception {
    Peers.requirePlugins(); // app1/plugin runs check_dummy
    try (DemoApp app =
        DemoApp.start(
            new DemoOptions(1, "127.0.0.1", List.of(), Duration.ZERO, 0, Map.of(), Map.of(), 10))) {
      int appPort = app.instances().getFirst().address().getPort();
      int admin = freePort();
      int api = freePort();
      Path model = dir.resolve("brigade.yml");
      Files.writeString(
          model,
          """
          roles:
            edge: { services: { http: { port: %d, protocol: http } } }
            app: { services: { http: { port: %d, protocol: http, check: { type: http, path: /health, interval: 500ms, timeout: 400ms } } } }
          hosts:
            edge1: { address: 127.0.0.1, roles: [edge] }
            app1: { address: 127.0.0.1, roles: [app] }
          stages:
            test: { hosts: [edge1, app1] }
          layers:
            - { name: edge, role: edge, pools: { app: { role: app } } }
          edge:
            admin: { port: %d }
            pools: { app: { health: { window: 2, threshold: 1 } } }
          monitor:
            defaults: { interval: 1s, retry-interval: 1s, max-attempts: 1, host-check: none }
            api: { listen: "127.0.0.1:%d" }
            store: %s
            checks:
              pool: { host: edge1, type: edge-pool, pool: app, port: %d }
              plugin: { host: app1, type: command, command: "check_dummy 1 'a warning from a plugin'" }
          """
              .formatted(freePort(), appPort, admin, api, dir.resolve("m.db"), admin));
      StringWriter edgeOut = new StringWriter();
      CompletableFuture<Integer> edge =
          background(edgeOut, "edge", "-c", model.toString(), "--for", "25s");
      await(() -> edgeOut.toString().contains("pool app"));
      StringWriter monitorOut = new StringWriter();
      CompletableFuture<Integer> monitor =
          background(monitorOut, "monitor", "-c", model.toString(), "--for", "20s");
      await(() -> monitorOut.toString().contains("API http://"));
      assertThat(monitorOut.toString())
          .as(errors::toString)
          .contains("checks of 2 hosts; API http://127.0.0.1:" + api);

      CliRun ok = CliRun.of("check", "-c", model.toString(), "edge1/pool");
      assertThat(ok.out()).startsWith("EDGE OK - pool app: 1 of 1 backends up | up=1");
      assertThat(ok.exitCode()).isZero();

      await(() -> CliRun.of("status", "-c", model.toString()).out().contains("app1/plugin"));
      CliRun status = CliRun.of("status", "-c", model.toString());
      assertThat(status.exitCode()).isEqualTo(1);
      assertThat(status.out())
          .contains("1 problem of")
          .contains("WARNING")
          .contains("a warning from a plugin")
          .doesNotContain("edge1/pool");

      app.instances().getFirst().setHealthy(false);
      await(() -> CliRun.of("status", "-c", model.toString()).out().contains("edge1/pool"));
      CliRun down = CliRun.of("status", "-c", model.toString());
      assertThat(down.exitCode()).isEqualTo(2);
      assertThat(down.out()).contains("CRITICAL", "EDGE CRITICAL - pool app: 0 of 1 backends up");
      CliRun check = CliRun.of("check", "-c", model.toString(), "edge1/pool");
      assertThat(check.exitCode()).isEqualTo(2);

      assertThat(monitor.get(40, TimeUnit.SECONDS)).isZero();
      assertThat(edge.get(40, TimeUnit.SECONDS)).isZero();
      CliRun gone = CliRun.of("status", "-c", model.toString());
      assertThat(gone.exitCode()).isEqualTo(3);
      assertThat(gone.err()).contains("no monitor answers at 127.0.0.1:" + api);
    }
  }
}
