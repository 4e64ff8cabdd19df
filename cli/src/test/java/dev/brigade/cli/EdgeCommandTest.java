package dev.brigade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brigade.demo.DemoApp;
import dev.brigade.demo.DemoOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgeCommandTest {
  @TempDir Path dir;

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void edge_servesTheModelsPoolForItsNode() throws Exception {
    try (DemoApp app =
        DemoApp.start(
            new DemoOptions(1, "127.0.0.1", List.of(), Duration.ZERO, 0, Map.of(), Map.of(), 10))) {
      int appPort = app.instances().getFirst().address().getPort();
      int edgePort = freePort();
      Path model = dir.resolve("brigade.yml");
      Files.writeString(
          model,
          """
          roles:
            edge: { services: { http: { port: %d, protocol: http } } }
            app: { services: { http: { port: %d, protocol: http, check: { type: http, path: /health, interval: 1s, timeout: 500ms } } } }
          hosts:
            edge1: { address: 127.0.0.1, roles: [edge] }
            app1: { address: 127.0.0.1, roles: [app] }
          stages:
            test: { hosts: [edge1, app1] }
          layers:
            - { name: edge, role: edge, pools: { app: { role: app } } }
          edge:
            admin: { port: %d, token: "0123456789abcdef-test" }
            cache: { size: 8MB, purge-token: "purge-0123456789abcdef" }
          """
              .formatted(edgePort, appPort, freePort()));
      StringWriter out = new StringWriter();
      CompletableFuture<Integer> run =
          CompletableFuture.supplyAsync(
              () ->
                  Brigade.run(
                      new String[] {"edge", "-c", model.toString(), "--for", "12s"},
                      new PrintWriter(out, true),
                      new PrintWriter(new StringWriter(), true)));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!out.toString().contains("pool app")
          && System.nanoTime() < deadline
          && !run.isDone()) {
        Thread.sleep(50);
      }
      assertThat(out.toString())
          .contains("edge edge1: http://127.0.0.1:" + edgePort + "/")
          .contains("pool app        round-robin, 1 backends");
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edgePort + "/news"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("X-Served-By")).hasValue("app1");

      URI product = URI.create("http://127.0.0.1:" + edgePort + "/products/5");
      HttpClient c = HttpClient.newHttpClient();
      c.send(HttpRequest.newBuilder(product).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(
              c.send(HttpRequest.newBuilder(product).build(), HttpResponse.BodyHandlers.ofString())
                  .headers()
                  .firstValue("Cache-Status"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("brigade; hit"));
      CliRun purge =
          CliRun.of(
              "edge",
              "-c",
              model.toString(),
              "purge",
              "--url",
              "/products/5",
              "--host",
              "127.0.0.1:" + edgePort);
      assertThat(purge.exitCode()).as(purge.err()).isZero();
      assertThat(purge.out()).contains("\"purged\":true");
      assertThat(
              c.send(HttpRequest.newBuilder(product).build(), HttpResponse.BodyHandlers.ofString())
                  .headers()
                  .firstValue("Cache-Status"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("brigade; fwd=uri-miss"));
      CliRun ban = CliRun.of("edge", "-c", model.toString(), "purge", "--prefix", "/products/");
      assertThat(ban.exitCode()).as(ban.err()).isZero();
      assertThat(ban.out()).isEqualTo("{\"banned\":1}\n");
      assertThat(run.get(30, TimeUnit.SECONDS)).isZero();
    }
  }

  @Test
  void unknownNode_isAUsageErrorNamingTheEdgeHosts() {
    CliRun run = CliRun.of("edge", "-c", "../examples/production.yml", "--node", "edge7");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no host 'edge7'").contains("edge1, edge2");
  }

  @Test
  void severalEdgeHosts_needNode() {
    CliRun run = CliRun.of("edge", "-c", "../examples/production.yml");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("several edge hosts").contains("hint: pass --node NAME");
  }
}
