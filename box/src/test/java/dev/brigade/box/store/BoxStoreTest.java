package dev.brigade.box.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brigade.box.BoxSettings;
import dev.brigade.box.web.Dashboards;
import dev.brigade.box.web.Role;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoxStoreTest {
  @TempDir Path dir;

  @Test
  void anEmptyFile_isMigratedToTheLatestVersion_inWalWithFullSync() throws Exception {
    try (BoxStore s = BoxStore.open("sqlite", dir)) {
      assertThat(s.version()).isEqualTo(Migrations.ALL.size());
      assertThat(s.strings("PRAGMA journal_mode")).containsExactly("wal");
      assertThat(s.strings("SELECT version FROM box_schema ORDER BY version"))
          .containsExactly("1", "2", "3");
      s.dashboards().save(new Dashboards.Dashboard("web", List.of("/graphs?host=app1"), "alice"));
      s.dashboards().save(new Dashboards.Dashboard("web", List.of("/graphs?host=app2"), "bob"));
      assertThat(s.dashboards().get("web").orElseThrow().graphs())
          .containsExactly("/graphs?host=app2");
      assertThat(s.dashboards().delete("web")).isTrue();
      assertThat(s.dashboards().list()).isEmpty();
    }
  }

  @Test
  void aStoreOfAnOlderVersion_isMigratedKeepingItsRows() throws Exception {
    try (BoxStore old = BoxStore.open("sqlite", dir, 1)) {
      assertThat(old.version()).isEqualTo(1);
      old.execute(
          "INSERT INTO box_session (id_hash, user_name, role, created, last_seen)"
              + " VALUES ('h1', 'alice', 'OPERATOR', 1, 2)");
    }
    try (BoxStore s = BoxStore.open("sqlite", dir)) {
      assertThat(s.version()).isEqualTo(3);
      assertThat(s.session("h1"))
          .hasValue(new BoxStore.Session("h1", "alice", Role.OPERATOR, 1, 2, ""));
    }
    try (BoxStore again = BoxStore.open("sqlite", dir)) {
      assertThat(again.strings("SELECT COUNT(*) FROM box_schema")).containsExactly("3");
    }
  }

  @Test
  void sessionsAndTokens_roundTrip_andExpire() throws Exception {
    try (BoxStore s = BoxStore.open("sqlite", dir)) {
      exercise(s);
    }
  }

  /** The same checks for SQLite and PostgreSQL. */
  static void exercise(BoxStore s) throws Exception {
    s.addSession(new BoxStore.Session("a", "alice", Role.OPERATOR, 100, 200, "127.0.0.1"));
    s.addSession(new BoxStore.Session("b", "bob", Role.READ, 100, 900, "127.0.0.1"));
    s.touchSession("a", 300);
    assertThat(s.session("a").orElseThrow().lastSeen()).isEqualTo(300);
    assertThat(s.expireSessions(500, 0)).isEqualTo(1);
    assertThat(s.session("a")).isEmpty();
    assertThat(s.session("b")).isPresent();
    s.replaceTokens(List.of(new BoxSettings.ApiToken("deploy", Role.OPERATOR, "ab".repeat(32))));
    assertThat(s.token("ab".repeat(32)).orElseThrow().name()).isEqualTo("deploy");
    s.replaceTokens(List.of());
    assertThat(s.token("ab".repeat(32))).isEmpty();
    s.dashboards()
        .save(new Dashboards.Dashboard("x", List.of("/graphs?a=1", "/graphs?b=2"), "alice"));
    assertThat(s.dashboards().list()).extracting(Dashboards.Dashboard::name).contains("x");
  }

  @Test
  void aWriterKilledWithSigkill_leavesAFileThatPassesIntegrityCheck_withEveryCommitKept()
      throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                StoreWriter.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    int lastSaved = -1;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("saved ")) {
          lastSaved = Integer.parseInt(line.substring(6));
          if (lastSaved >= 300) {
            break;
          }
        }
      }
      p.destroyForcibly(); // SIGKILL on Linux, in the middle of the next transaction
      p.waitFor();
    }
    assertThat(lastSaved).isGreaterThanOrEqualTo(300);
    try (BoxStore s = BoxStore.open("sqlite", dir)) {
      assertThat(s.strings("PRAGMA integrity_check")).containsExactly("ok");
      int n = Integer.parseInt(s.strings("SELECT COUNT(*) FROM box_dashboard").getFirst());
      assertThat(n).isGreaterThan(lastSaved); // d0..dLAST were committed before they were printed
      assertThat(s.dashboards().get("d" + lastSaved)).isPresent();
    }
  }
}
