package dev.brigade.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brigade.model.Cluster;
import dev.brigade.model.ClusterLoader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloads over a real API socket: the new engine first, the old one kept when that fails. */
class MonitorServiceTest {
  @TempDir Path dir;
  private final TestClock clock = new TestClock(Instant.parse("2026-11-25T10:00:00Z"));
  private final HttpClient http = HttpClient.newHttpClient();

  private Cluster model(String store, String extraCheck) throws Exception {
    Path f = dir.resolve("brigade.yml");
    Files.writeString(
        f,
        """
        roles:
          db: { services: { mysql: { port: 1, check: none } } }
        hosts:
          db1: { address: 127.0.0.1, roles: [db] }
        stages:
          s: { hosts: [db1] }
        monitor:
          defaults: { host-check: none, max-attempts: 1 }
          api: { token: t0ken-t0ken }
          store: %s
          checks:
            backup: { host: db1, type: passive, freshness: 1h }
        %s
        """
            .formatted(store, extraCheck.indent(4)));
    return new ClusterLoader(Map.of(), List.of()).read(f);
  }

  private String get(MonitorService s, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.address().getPort() + path))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void reload_carriesStateOver_andAddsNewChecks() throws Exception {
    String store = dir.resolve("m.db").toString();
    try (MonitorService s =
        MonitorService.start(
            model(store, ""),
            Monitor.Options.defaults().withClock(clock),
            Optional.of(new InetSocketAddress("127.0.0.1", 0)))) {
      InetSocketAddress before = s.address();
      s.monitor().submit("db1/backup", Status.CRITICAL, "BACKUP CRITICAL - tape full");

      MonitorService.Reload r =
          s.reload(() -> model(store, "ping: { host: db1, type: tcp, port: 1 }"));

      assertThat(r.ok()).as(r.message()).isTrue();
      assertThat(s.address()).isEqualTo(before);
      assertThat(s.monitor().checks())
          .extracting(CheckView::id)
          .containsExactly("db1/backup", "db1/ping");
      assertThat(s.monitor().check("db1/backup").orElseThrow().output())
          .isEqualTo("BACKUP CRITICAL - tape full");
      assertThat(get(s, "/checks")).contains("db1/ping", "tape full");
    }
  }

  @Test
  void failedReload_keepsTheOldEngineRunning_andSaysWhyInTheApi() throws Exception {
    String store = dir.resolve("m.db").toString();
    try (MonitorService s =
        MonitorService.start(
            model(store, ""),
            Monitor.Options.defaults().withClock(clock),
            Optional.of(new InetSocketAddress("127.0.0.1", 0)))) {
      Monitor old = s.monitor();
      // valid as a model, but the engine cannot be built: its store cannot be created
      MonitorService.Reload r =
          s.reload(
              () -> model("/proc/no-such-dir/m.db", "ping: { host: db1, type: tcp, port: 1 }"));

      assertThat(r.ok()).isFalse();
      assertThat(r.message())
          .startsWith("reload failed, still running the previous model: ")
          .contains("/proc/no-such-dir");
      assertThat(s.monitor()).isSameAs(old);
      assertThat(s.lastReload()).contains(r);
      // the old engine still works, through the API too
      s.monitor().submit("db1/backup", Status.WARNING, "BACKUP WARNING - slow");
      assertThat(s.monitor().checks()).extracting(CheckView::id).containsExactly("db1/backup");
      String status = get(s, "/status");
      assertThat(status)
          .contains("\"reload\":{", "\"ok\":false", "still running the previous model")
          .contains("BACKUP WARNING - slow");
      assertThat(get(s, "/")).contains("still running the previous model", "/proc/no-such-dir");
      // a reload that reads a model that fails its own way says that, too
      MonitorService.Reload refused =
          s.reload(
              () -> {
                throw new IllegalArgumentException("brigade.yml:3:5: no such role 'x'");
              });
      assertThat(refused.message()).endsWith("brigade.yml:3:5: no such role 'x'");
      assertThat(s.monitor()).isSameAs(old);
    }
  }
}
