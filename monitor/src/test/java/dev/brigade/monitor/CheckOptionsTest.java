package dev.brigade.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.brigade.model.ClusterLoader;
import dev.brigade.model.ModelException;
import dev.brigade.remote.RemoteOptions;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The options of the explicit checks: what validation refuses (so nothing valid fails when the
 * check is built) and the options that used to be accepted and ignored.
 */
class CheckOptionsTest {
  @TempDir Path dir;

  private ModelChecks model(String checks) throws Exception {
    return new ModelChecks(cluster(checks), new PluginRunner(1, 4096));
  }

  private dev.brigade.model.Cluster cluster(String checks) throws Exception {
    Path f = dir.resolve("brigade.yml");
    Files.writeString(
        f,
        """
        roles:
          app: { services: { http: { port: 1, check: none } } }
        hosts:
          web1: { address: 127.0.0.1, roles: [app] }
        stages:
          s: { hosts: [web1] }
        monitor:
          defaults: { host-check: none, timeout: 5s }
          checks:
        """
            + checks.indent(4));
    return new ClusterLoader(Map.of(), List.of()).read(f);
  }

  private CheckResult run(String checks, String id) throws Exception {
    ModelChecks m = model(checks);
    return m.targets(id, RemoteOptions.defaults()).getFirst().probe().run();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "x: { role: app, type: http, port: 80, expect: abc }|'expect' of check 'x' is not an HTTP status",
        "x: { role: app, type: http, port: 80, expect: 2000 }|'expect' of check 'x' is not an HTTP status",
        "x: { role: app, type: dns, name: a.b, expect: web1 }|'expect' of check 'x' is not an IP address",
        "x: { role: app, type: dns, name: a.b, server: \"127.0.0.1:x\" }|'server' of check 'x' is not IP or IP:PORT",
        "x: { role: app, type: dns, name: a.b, server: \"127.0.0.1:70000\" }|'server' of check 'x' is not IP",
        "x: { role: app, type: https, port: 443, cert-warning: \"@10:20\" }|'cert-warning' of check 'x' is not a number of days",
        "x: { role: app, type: https, port: 443, cert-critical: \"~:\" }|'cert-critical' of check 'x' is not a number of days",
        "x: { role: app, type: mysql, warning: 10 }|'warning' of check 'x' judges nothing",
        "x: { role: app, type: mysql, replication: true, query: SELECT 1 }|'query' of check 'x' comes with 'replication: true'",
      })
  void optionsThatCannotBeBuilt_areRefusedWhereTheyAre(String check, String message) {
    assertThatThrownBy(() -> model(check))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining(message)
        .hasMessageContaining("brigade.yml:");
  }

  @Test
  void tcpResponseTimeThresholds_judgeTheConnectTime() throws Exception {
    try (Listener l = new Listener()) {
      String checks =
          """
          slow: { host: web1, type: tcp, port: %d, warning: 0 }
          quick: { host: web1, type: tcp, port: %d, warning: 60, critical: 120 }
          """
              .formatted(l.port(), l.port());
      CheckResult slow = run(checks, "web1/slow");
      assertThat(slow.status()).as(slow.line()).isEqualTo(Status.WARNING);
      assertThat(slow.output().text()).startsWith("TCP WARNING - ");
      assertThat(slow.line()).containsPattern("time=[0-9.E-]+s;0;;0");
      CheckResult quick = run(checks, "web1/quick");
      assertThat(quick.status()).as(quick.line()).isEqualTo(Status.OK);
      assertThat(quick.line()).containsPattern("time=[0-9.E-]+s;60;120;0");
    }
  }

  @Test
  void httpExpectListAndCriticalTime_areApplied() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    server.createContext(
        "/",
        x -> {
          byte[] body = "moved\n".getBytes(StandardCharsets.UTF_8);
          x.getResponseHeaders().add("Location", "/elsewhere");
          x.sendResponseHeaders(301, body.length);
          try (OutputStream out = x.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    try {
      int port = server.getAddress().getPort();
      String checks =
          """
          moved: { host: web1, type: http, port: %d, expect: "200, 301" }
          strict: { host: web1, type: http, port: %d }
          slow: { host: web1, type: http, port: %d, expect: "301", critical: 0 }
          """
              .formatted(port, port, port);
      assertThat(run(checks, "web1/moved").status()).isEqualTo(Status.OK);
      CheckResult strict = run(checks, "web1/strict");
      assertThat(strict.status()).isEqualTo(Status.CRITICAL);
      assertThat(strict.output().text()).contains("(expected 200)");
      CheckResult slow = run(checks, "web1/slow");
      assertThat(slow.status()).as(slow.line()).isEqualTo(Status.CRITICAL);
      assertThat(slow.output().text()).startsWith("HTTP CRITICAL - HTTP/1.1 301");
    } finally {
      server.stop(0);
    }
  }

  @Test
  @NamesPeersOnly("check_load is a command option read from the model, never run")
  void timeoutState_ofCommandAndSshChecks_isReadAndDefaultsToCritical() throws Exception {
    MonitorSettings s =
        cluster(
                """
                a: { role: app, type: command, command: "/bin/sleep 30", timeout-state: unknown }
                b: { role: app, type: ssh, command: check_load }
                c: { role: app, type: ssh, command: check_load, timeout-state: warning }
                """)
            .section(MonitorSection.TYPE);
    assertThat(((CommandSpec) s.checks().get("a").options()).timeoutState())
        .contains(Status.UNKNOWN);
    assertThat(((SshSpec) s.checks().get("b").options()).timeoutState()).isEqualTo(Status.CRITICAL);
    assertThat(((SshSpec) s.checks().get("c").options()).timeoutState()).isEqualTo(Status.WARNING);
    assertThatThrownBy(
            () -> model("a: { role: app, type: command, command: x, timeout-state: bad }"))
        .hasMessageContaining("'timeout-state' of check 'a' is 'bad'");
  }

  @ParameterizedTest(name = "chunked={0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void edgePool_countsTheBackendsUpFromTheAdminApi(boolean chunked) throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    byte[] pools =
        ("{\"pools\":[{\"name\":\"app\",\"backends\":[{\"id\":\"a1\",\"state\":\"up\"},"
                + "{\"id\":\"a2\",\"state\":\"down\"}]}]}")
            .getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/pools",
        x -> {
          x.sendResponseHeaders(200, chunked ? 0 : pools.length); // 0: chunked
          try (OutputStream out = x.getResponseBody()) {
            out.write(pools);
          }
        });
    server.start();
    try {
      CheckResult r =
          EdgePoolCheck.check(
              "127.0.0.1",
              server.getAddress().getPort(),
              "app",
              Thresholds.NONE,
              java.time.Duration.ofSeconds(10));
      assertThat(r.status()).as(r.line()).isEqualTo(Status.WARNING);
      assertThat(r.output().text())
          .isEqualTo("EDGE WARNING - pool app: 1 of 2 backends up (a2 down)");
    } finally {
      server.stop(0);
    }
  }

  @Test
  @Timeout(60)
  void edgePoolAnswerThatNeverEnds_isCutAtItsLimit() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual()
          .start(
              () -> {
                try (var c = s.accept()) {
                  c.getInputStream().read(new byte[4096]);
                  OutputStream out = c.getOutputStream();
                  out.write(
                      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                          .getBytes(StandardCharsets.US_ASCII));
                  byte[] chunk =
                      ("2000\r\n" + " ".repeat(0x2000) + "\r\n")
                          .getBytes(StandardCharsets.US_ASCII);
                  while (true) {
                    out.write(chunk); // an endless body: only the reader's limit ends it
                  }
                } catch (Exception e) {
                  // the check hung up
                }
              });
      CheckResult r =
          EdgePoolCheck.check(
              "127.0.0.1",
              s.getLocalPort(),
              "web",
              Thresholds.NONE,
              java.time.Duration.ofSeconds(30));
      assertThat(r.status()).as(r.line()).isEqualTo(Status.UNKNOWN);
      assertThat(r.output().text()).contains("over " + EdgePoolCheck.MAX_BODY + " bytes");
    }
  }
}
