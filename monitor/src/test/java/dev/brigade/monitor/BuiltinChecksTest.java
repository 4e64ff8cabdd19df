package dev.brigade.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.brigade.remote.RemoteOptions;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Built-in checks and the checks a model implies, against real listeners on loopback. */
class BuiltinChecksTest {
  @TempDir Path dir;

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static HttpServer http(int status) throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    server.createContext(
        "/",
        x -> {
          byte[] body = "fine\n".getBytes(StandardCharsets.UTF_8);
          x.sendResponseHeaders(
              x.getRequestURI().getPath().equals("/health") ? status : 404, body.length);
          try (OutputStream out = x.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return server;
  }

  @Test
  void tcp_okOnAListener_criticalOnAClosedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CheckResult ok = BuiltinChecks.tcp("127.0.0.1", s.getLocalPort(), Duration.ofSeconds(2));
      assertThat(ok.status()).isEqualTo(Status.OK);
      assertThat(ok.output().perf()).extracting(PerfValue::label).containsExactly("time");
    }
    CheckResult down = BuiltinChecks.tcp("127.0.0.1", closedPort(), Duration.ofSeconds(2));
    assertThat(down.status()).isEqualTo(Status.CRITICAL);
    assertThat(down.line()).startsWith("TCP CRITICAL - 127.0.0.1 port");
  }

  @Test
  void http_checksTheStatusAndReportsTimeAndSize() throws Exception {
    HttpServer good = http(200);
    HttpServer bad = http(500);
    try {
      CheckResult ok =
          BuiltinChecks.http(
              "127.0.0.1", good.getAddress().getPort(), "/health", 200, Duration.ofSeconds(2));
      assertThat(ok.status()).isEqualTo(Status.OK);
      assertThat(ok.output().text()).startsWith("HTTP OK - HTTP/1.1 200 OK");
      assertThat(ok.output().perf()).extracting(PerfValue::label).containsExactly("time", "size");
      CheckResult failing =
          BuiltinChecks.http(
              "127.0.0.1", bad.getAddress().getPort(), "/health", 200, Duration.ofSeconds(2));
      assertThat(failing.status()).isEqualTo(Status.CRITICAL);
      assertThat(failing.output().text()).contains("500").contains("(expected 200)");
    } finally {
      good.stop(0);
      bad.stop(0);
    }
  }

  @Test
  void http_garbageIsCritical() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual()
          .start(
              () -> {
                try (var c = s.accept()) {
                  c.getOutputStream().write("banana\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (Exception e) {
                  // the check sees the broken answer
                }
              });
      CheckResult r =
          BuiltinChecks.http("127.0.0.1", s.getLocalPort(), "/", 200, Duration.ofSeconds(2));
      assertThat(r.status()).isEqualTo(Status.CRITICAL);
      assertThat(r.output().text()).contains("invalid response");
    }
  }

  @Test
  void modelChecks_runEachServicesDeclaredCheck() throws Exception {
    HttpServer app = http(200);
    try (ServerSocket cache = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Path model = dir.resolve("brigade.yml");
      Files.writeString(
          model,
          """
          roles:
            app:
              services:
                http: { port: %d, protocol: http, check: { type: http, path: /health } }
                cache: { port: %d }
                dummy: { port: 1, check: { type: command, command: "check_dummy 1 'from the model on $HOSTADDRESS$'" } }
          hosts:
            web1: { address: 127.0.0.1, roles: [app] }
          stages:
            s: { hosts: [web1] }
          """
              .formatted(app.getAddress().getPort(), cache.getLocalPort()));
      var cluster = new dev.brigade.model.ClusterLoader(Map.of(), List.of()).read(model);
      ModelChecks checks = new ModelChecks(cluster, new PluginRunner(2, 4096));
      RemoteOptions ssh = RemoteOptions.defaults();
      assertThat(checks.targets("web1", ssh))
          .extracting(Target::id)
          .containsExactly("web1", "web1/http", "web1/cache", "web1/dummy");
      assertThat(checks.targets("web1/http", ssh).getFirst().probe().run().status())
          .isEqualTo(Status.OK);
      assertThat(checks.targets("web1/cache", ssh).getFirst().probe().run().status())
          .isEqualTo(Status.OK);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> checks.targets("web1/nope", ssh))
          .hasMessageContaining(
              "has no check 'nope'; it has: web1, web1/http, web1/cache, web1/dummy");
      // last, since without the plugins the rest is skipped (and fails under CI)
      Peers.requirePlugins();
      CheckResult dummy = checks.targets("web1/dummy", ssh).getFirst().probe().run();
      assertThat(dummy.status()).isEqualTo(Status.WARNING);
      assertThat(dummy.output().text()).isEqualTo("WARNING: from the model on 127.0.0.1");
    } finally {
      app.stop(0);
    }
  }
}
