package dev.brigade.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brigade.model.ClusterLoader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The single writer of the store against a real SQLite file that refuses writes for a while. */
class PersisterTest {
  @TempDir Path dir;
  private final TestClock clock = new TestClock(Instant.parse("2026-11-25T10:00:00Z"));

  private Monitor open() throws Exception {
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
          checks:
            backup: { host: db1, type: passive, freshness: 26h }
        """);
    return Monitor.create(
        new ClusterLoader(Map.of(), List.of()).read(f),
        Monitor.Options.defaults().withClock(clock).withStore(dir.resolve("m.db")));
  }

  /** Makes every event insert fail until {@link #allowWrites} (a trigger, from outside). */
  private void refuseWrites() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("m.db"));
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TRIGGER refuse BEFORE INSERT ON event BEGIN"
              + " SELECT RAISE(ABORT, 'disk full (test)'); END");
    }
  }

  private void allowWrites() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("m.db"));
        Statement s = c.createStatement()) {
      s.execute("DROP TRIGGER refuse");
    }
  }

  @Test
  void aFailedWrite_losesNothing_andTheNewestStateWins() throws Exception {
    try (Monitor m = open()) {
      m.flush();
      refuseWrites();
      m.submit("db1/backup", Status.CRITICAL, "BACKUP CRITICAL - tape full");
      assertThatThrownBy(m::flush)
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("disk full");
      m.submit("db1/backup", Status.OK, "BACKUP OK - 2 GB");
      assertThatThrownBy(m::flush).isInstanceOf(SQLException.class);
      // nothing written, nothing lost: the log still shows both, newest first
      assertThat(m.events(10))
          .extracting(MonitorStore.Event::kind)
          .containsSubsequence("HARD RECOVERY", "HARD CRITICAL");
      allowWrites();
      m.flush();
    }
    try (MonitorStore store = MonitorStore.open(dir.resolve("m.db"))) {
      assertThat(store.events(10))
          .extracting(MonitorStore.Event::kind)
          .containsSubsequence("HARD RECOVERY", "HARD CRITICAL");
      MonitorStore.Saved saved = store.load().get("db1/backup");
      assertThat(saved.state().status()).isEqualTo(Status.OK);
      assertThat(saved.output()).isEqualTo("BACKUP OK - 2 GB");
    }
  }

  @Test
  void readingTheEventLog_writesNothing_evenWhileTheStoreRefusesWrites() throws Exception {
    try (Monitor m = open();
        MonitorApi api = MonitorApi.start(m, Optional.of(new InetSocketAddress("127.0.0.1", 0)))) {
      m.flush();
      refuseWrites();
      m.submit("db1/backup", Status.CRITICAL, "BACKUP CRITICAL - tape full");
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:" + api.address().getPort() + "/events?limit=5"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"kind\":\"HARD CRITICAL\"");
      allowWrites();
    }
  }
}
