package dev.brigade.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MySQL check against a real MariaDB primary and replica; the last test breaks the replication
 * on purpose.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MysqlCheckTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String PW = MariaDbPair.PASSWORD;

  @TempDir static Path dir;
  private static MariaDbPair pair;

  @BeforeAll
  static void startPair() throws Exception {
    pair = MariaDbPair.start(dir);
  }

  @AfterAll
  static void stopPair() {
    if (pair != null) {
      pair.close();
    }
  }

  private static CheckResult replication(Thresholds lag) {
    return MysqlCheck.replication(
        "127.0.0.1", pair.replica.port, MariaDbPair.USER, PW, lag, TIMEOUT);
  }

  /** Repeats the check until {@code done} or 30 seconds, returning the last result. */
  private static CheckResult until(Supplier<CheckResult> check, Predicate<CheckResult> done)
      throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    CheckResult r = check.get();
    while (!done.test(r) && System.nanoTime() < end) {
      Thread.sleep(200);
      r = check.get();
    }
    return r;
  }

  @Test
  @Order(1)
  void connection_isOkWithConnectAndQueryTimes() {
    CheckResult r =
        MysqlCheck.connection("127.0.0.1", pair.primary.port, MariaDbPair.USER, PW, TIMEOUT);
    assertThat(r.status()).as(r.line()).isEqualTo(Status.OK);
    assertThat(r.output().perf())
        .extracting(PerfValue::label)
        .containsExactly("connect_time", "query_time");
    assertThat(r.line()).doesNotContain(PW);
  }

  @Test
  @Order(1)
  void queryValue_isJudgedByItsThresholds() {
    CheckResult ok =
        MysqlCheck.query(
            "127.0.0.1",
            pair.primary.port,
            MariaDbPair.USER,
            PW,
            "SELECT 5",
            Thresholds.of("10", "20"),
            TIMEOUT);
    assertThat(ok.status()).as(ok.line()).isEqualTo(Status.OK);
    assertThat(ok.output().text()).startsWith("QUERY OK - 'SELECT 5'");
    assertThat(ok.output().perf()).extracting(PerfValue::label).contains("result");
    CheckResult high =
        MysqlCheck.query(
            "127.0.0.1",
            pair.primary.port,
            MariaDbPair.USER,
            PW,
            "SELECT 5",
            Thresholds.of("2", "4"),
            TIMEOUT);
    assertThat(high.status()).as(high.line()).isEqualTo(Status.CRITICAL);
    CheckResult text =
        MysqlCheck.query(
            "127.0.0.1",
            pair.primary.port,
            MariaDbPair.USER,
            PW,
            "SELECT 'banana'",
            Thresholds.NONE,
            TIMEOUT);
    assertThat(text.status()).isEqualTo(Status.CRITICAL);
    assertThat(text.output().text()).contains("not a number");
  }

  @Test
  @Order(1)
  void wrongPassword_isCriticalWithoutShowingIt() {
    CheckResult r =
        MysqlCheck.connection(
            "127.0.0.1", pair.primary.port, MariaDbPair.USER, "not-the-pw-42", TIMEOUT);
    assertThat(r.status()).isEqualTo(Status.CRITICAL);
    assertThat(r.output().text()).contains("Access denied").doesNotContain("not-the-pw-42");
  }

  @Test
  @Order(1)
  void closedPort_isCritical() throws Exception {
    CheckResult r =
        MysqlCheck.connection("127.0.0.1", Peers.freePort(), MariaDbPair.USER, PW, TIMEOUT);
    assertThat(r.status()).isEqualTo(Status.CRITICAL);
    assertThat(r.output().text()).contains("cannot connect").doesNotContain(PW);
  }

  @Test
  @Order(1)
  void primaryInReplicationMode_isCriticalAsNoReplica() {
    CheckResult r =
        MysqlCheck.replication(
            "127.0.0.1", pair.primary.port, MariaDbPair.USER, PW, Thresholds.NONE, TIMEOUT);
    assertThat(r.status()).isEqualTo(Status.CRITICAL);
    assertThat(r.output().text()).contains("is not a replica");
  }

  @Test
  @Order(2)
  void runningReplica_isOkWithLagPerfdata() throws Exception {
    CheckResult r =
        until(() -> replication(Thresholds.of("60", "300")), x -> x.status() == Status.OK);
    assertThat(r.status()).as(r.line() + "\n" + pair.replica.log()).isEqualTo(Status.OK);
    assertThat(r.output().text()).contains("running, 0 s behind");
    assertThat(r.line()).contains("lag=0s;60;300;0");
  }

  @Test
  @Order(2)
  void replicationCheckFromTheModel_usesItsUserPasswordAndThresholds() throws Exception {
    java.nio.file.Path f = dir.resolve("brigade.yml");
    java.nio.file.Files.writeString(
        f,
        """
        roles:
          db: { services: { mysql: { port: %d, check: none } } }
        hosts:
          db2: { address: 127.0.0.1, roles: [db] }
        stages:
          s: { hosts: [db2] }
        monitor:
          defaults: { host-check: none, timeout: 5s }
          checks:
            replication: { role: db, type: mysql, port: %d, replication: true, user: %s,
                           password: "${MYSQL_PW}", warning: 30, critical: 300 }
        """
            .formatted(pair.replica.port, pair.replica.port, MariaDbPair.USER));
    ModelChecks checks =
        new ModelChecks(
            new dev.brigade.model.ClusterLoader(
                    java.util.Map.of("MYSQL_PW", PW), java.util.List.of())
                .read(f),
            new PluginRunner(1, 4096));
    Target t =
        checks.targets("db2/replication", dev.brigade.remote.RemoteOptions.defaults()).getFirst();
    CheckResult r = t.probe().run();
    assertThat(r.status()).as(r.line()).isEqualTo(Status.OK);
    assertThat(r.line()).doesNotContain(PW);
    assertThat(r.output().perf())
        .anySatisfy(p -> assertThat(p.label()).containsIgnoringCase("lag"));
  }

  @Test
  @Order(3)
  void lagInTheWarningRange_isWarning() {
    CheckResult r = replication(Thresholds.of("@0:10", "@20:30"));
    assertThat(r.status()).as(r.line()).isEqualTo(Status.WARNING);
  }

  @Test
  @Order(4)
  void brokenReplication_isCriticalNamingTheSqlError() throws Exception {
    pair.primary.sql("CREATE DATABASE app; CREATE TABLE app.t (id INT PRIMARY KEY)");
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!pair.replica
            .sql("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema='app'")
            .strip()
            .equals("1")
        && System.nanoTime() < end) {
      Thread.sleep(100);
    }
    pair.replica.sql("INSERT INTO app.t VALUES (1)");
    pair.primary.sql("INSERT INTO app.t VALUES (1)");
    CheckResult r = until(() -> replication(Thresholds.NONE), x -> x.status() != Status.OK);
    assertThat(r.status()).as(r.line()).isEqualTo(Status.CRITICAL);
    assertThat(r.output().text())
        .contains("SQL thread No")
        .contains("Last_SQL_Error")
        .contains("Duplicate entry '1'")
        .doesNotContain(PW);
  }

  @Test
  @Order(5)
  void stoppedPrimary_isCriticalNamingTheIoThread() throws Exception {
    pair.replica.sql("STOP SLAVE; SET GLOBAL sql_slave_skip_counter=1; START SLAVE");
    Peers.stop(pair.primary.process);
    CheckResult r =
        until(
            () -> replication(Thresholds.NONE),
            x -> x.output().text().contains("IO thread Connecting"));
    assertThat(r.status()).as(r.line()).isEqualTo(Status.CRITICAL);
    assertThat(r.output().text()).contains("IO thread Connecting");
  }
}
