package dev.brigade.box.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same store code against a real PostgreSQL: Debian's {@code postgresql} package, a cluster of
 * its own made with initdb in a temporary directory and started with pg_ctl on a loopback port (as
 * the {@code postgres} user when the tests run as root). Skipped without the package, except under
 * {@code CI=true}.
 */
class PostgresStoreTest {
  private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
  private static Path data;
  private static int port;
  private static boolean root;

  @BeforeAll
  static void startPostgres() throws Exception {
    boolean present = Files.isExecutable(BIN.resolve("initdb"));
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(
          "PostgreSQL missing under CI: install Debian package postgresql");
    }
    assumeTrue(present, "skipped: install Debian package postgresql");
    root = "root".equals(System.getProperty("user.name"));
    data = Files.createTempDirectory(Path.of("/tmp"), "brigade-pg");
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    if (root) {
      run(List.of("chown", "postgres:postgres", data.toString()));
    }
    run(
        asPostgres(
            BIN.resolve("initdb").toString(),
            "-D",
            data.resolve("db").toString(),
            "-A",
            "trust",
            "-U",
            "box",
            "--no-sync"));
    run(
        asPostgres(
            BIN.resolve("pg_ctl").toString(),
            "-D",
            data.resolve("db").toString(),
            "-w",
            "-l",
            data.resolve("log").toString(),
            "-o",
            "-p " + port + " -k " + data + " -c listen_addresses=127.0.0.1",
            "start"));
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (data != null && Files.exists(data.resolve("db/postmaster.pid"))) {
      run(
          asPostgres(
              BIN.resolve("pg_ctl").toString(),
              "-D",
              data.resolve("db").toString(),
              "-m",
              "immediate",
              "stop"));
    }
    if (data != null) {
      run(List.of("rm", "-rf", data.toString()));
    }
  }

  private static List<String> asPostgres(String... command) {
    List<String> c = new ArrayList<>();
    if (root) {
      c.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    c.addAll(List.of(command));
    return c;
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }

  @Test
  void theStore_migratesAndWorks_onPostgresql_throughTheSameCode() throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=box";
    try (BoxStore s = BoxStore.open(url, data)) {
      assertThat(s.isSqlite()).isFalse();
      assertThat(s.version()).isEqualTo(Migrations.ALL.size());
      BoxStoreTest.exercise(s);
    }
    try (BoxStore again = BoxStore.open(url, data)) {
      assertThat(again.strings("SELECT COUNT(*) FROM box_schema")).containsExactly("3");
      assertThat(again.dashboards().get("x")).isPresent();
    }
  }
}
