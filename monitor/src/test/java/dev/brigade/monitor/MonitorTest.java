package dev.brigade.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import dev.brigade.model.Cluster;
import dev.brigade.model.ClusterLoader;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine end to end under a test clock: real TCP listeners as services, GreenMail as the SMTP
 * server, the SQLite store on disk.
 */
class MonitorTest {
  @TempDir Path dir;
  private final TestClock clock = new TestClock(Instant.parse("2026-11-25T10:00:00Z"));
  private GreenMail mail;
  private Listener router;
  private Listener appHost;
  private Listener dbHost;
  private Listener app;
  private Listener db;
  private Monitor monitor;
  private Path model;

  @BeforeEach
  void setUp() throws Exception {
    mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    mail.start();
    mail.setUser("ops@example.com", "brigade", "s3cret-pw");
    router = new Listener();
    appHost = new Listener();
    dbHost = new Listener();
    app = new Listener();
    db = new Listener();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (monitor != null) {
      monitor.close();
    }
    mail.stop();
    for (Listener l : List.of(router, appHost, dbHost, app, db)) {
      l.close();
    }
  }

  private Monitor start(String extra) throws Exception {
    String yaml =
        """
        cluster: t
        roles:
          net: { services: { snmp: { port: 161, check: none } } }
          app: { services: { http: { port: %d } } }
          db: { services: { mysql: { port: %d } } }
        hosts:
          router: { address: 127.0.0.1, roles: [net] }
          app1: { address: 127.0.0.1, roles: [app], parents: [router] }
          db1: { address: 127.0.0.1, roles: [db] }
        stages:
          production: { hosts: [router, app1, db1] }
        monitor:
          defaults: { interval: 1m, retry-interval: 10s, max-attempts: 3, timeout: 2s,
                      contacts: [ops], notification-interval: 30m }
          roles:
            net: { host-check: "tcp:%d" }
            app: { host-check: "tcp:%d" }
            db: { host-check: "tcp:%d" }
          contacts:
            ops: { email: ops@example.com }
          email: { server: "127.0.0.1:%d", starttls: false, from: brigade@example.com,
                   user: brigade, password: s3cret-pw }
        %s
        """
            .formatted(
                app.port(),
                db.port(),
                router.port(),
                appHost.port(),
                dbHost.port(),
                mail.getSmtp().getPort(),
                extra.indent(2));
    model = dir.resolve("brigade.yml");
    Files.writeString(model, yaml);
    return open();
  }

  private Monitor open() throws Exception {
    Cluster cluster = new ClusterLoader(Map.of(), List.of()).read(model);
    monitor =
        Monitor.create(
            cluster,
            Monitor.Options.defaults()
                .withClock(clock)
                .withStore(dir.resolve("monitor.db"))
                .withRetries(List.of(Duration.ofMillis(50), Duration.ofMillis(100))));
    return monitor;
  }

  /** Moves the clock to when {@code id} runs next and runs what is due. */
  private CheckView next(String id) throws InterruptedException {
    Instant when = monitor.check(id).orElseThrow().nextCheck();
    if (when.isAfter(clock.instant())) {
      clock.advance(Duration.between(clock.instant(), when));
    }
    monitor.runDue();
    return monitor.check(id).orElseThrow();
  }

  /** Runs everything once, problems allowed. */
  private void warmUp(Duration interval) throws InterruptedException {
    monitor.runDue();
    clock.advance(interval);
    monitor.runDue();
  }

  /** Runs everything once: a full interval of time. */
  private void warmUp() throws InterruptedException {
    monitor.runDue();
    clock.advance(Duration.ofMinutes(1));
    monitor.runDue();
    assertThat(monitor.checks()).allSatisfy(c -> assertThat(c.lastCheck()).isPresent());
    assertThat(monitor.problems()).isEmpty();
  }

  @Test
  void failingService_goesSoftThenHard_andTheEmailReachesGreenMail() throws Exception {
    start("");
    warmUp();
    app.stop();

    CheckView first = next("app1/http");
    assertThat(first.state()).isEqualTo("CRITICAL");
    assertThat(first.stateType()).isEqualTo(CheckState.Type.SOFT);
    assertThat(first.attempt()).isEqualTo(1);
    assertThat(first.nextCheck()).isEqualTo(clock.instant().plusSeconds(10));
    assertThat(next("app1/http").attempt()).isEqualTo(2);
    assertThat(mail.getReceivedMessages()).isEmpty();

    CheckView hard = next("app1/http");
    assertThat(hard.stateType()).isEqualTo(CheckState.Type.HARD);
    assertThat(hard.notificationNumber()).isEqualTo(1);
    assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
    MimeMessage m = mail.getReceivedMessages()[0];
    assertThat(m.getSubject()).isEqualTo("** PROBLEM Service Alert: app1/http is CRITICAL **");
    assertThat(m.getAllRecipients()[0].toString()).isEqualTo("ops@example.com");
    assertThat((String) m.getContent())
        .contains("State: CRITICAL (HARD)", "Connection refused", "Host: app1");
    assertThat(monitor.problems()).extracting(CheckView::id).containsExactly("app1/http");

    // more failures inside the notification interval tell nobody again
    next("app1/http");
    assertThat(mail.getReceivedMessages()).hasSize(1);

    app.restart();
    CheckView ok = next("app1/http");
    assertThat(ok.state()).isEqualTo("OK");
    assertThat(mail.waitForIncomingEmail(10_000, 2)).isTrue();
    assertThat(mail.getReceivedMessages()[1].getSubject())
        .isEqualTo("** RECOVERY Service Alert: app1/http is OK **");
    assertThat(monitor.events(20))
        .extracting(MonitorStore.Event::kind)
        .contains("SOFT CRITICAL (attempt 1/3)", "HARD CRITICAL", "HARD RECOVERY");
  }

  @Test
  void stateAcksAndDowntimes_surviveARestart() throws Exception {
    start("");
    warmUp();
    app.stop();
    next("app1/http");
    next("app1/http");
    next("app1/http");
    assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
    monitor.acknowledge("app1/http", true, "alice", "rebuilding the app server");
    Instant now = clock.instant();
    monitor.scheduleDowntime(
        "db1",
        new CheckState.Downtime(
            now, now.plus(Duration.ofHours(2)), false, Duration.ZERO, "deploy", "release 42"));
    monitor.close();
    monitor = null;

    open();
    CheckView v = monitor.check("app1/http").orElseThrow();
    assertThat(v.state()).isEqualTo("CRITICAL");
    assertThat(v.stateType()).isEqualTo(CheckState.Type.HARD);
    assertThat(v.acknowledged()).isTrue();
    assertThat(v.notificationNumber()).isEqualTo(1);
    assertThat(v.output()).contains("Connection refused");
    assertThat(monitor.check("db1").orElseThrow().inDowntime()).isTrue();
    assertThat(monitor.check("db1/mysql").orElseThrow().inDowntime()).isTrue();
    assertThat(monitor.events(50))
        .extracting(MonitorStore.Event::kind)
        .contains("HARD CRITICAL", "ACKNOWLEDGED by alice (sticky)");

    // the restored state goes on where it was: still acknowledged, so no new problem email
    // the PROBLEM and the ACKNOWLEDGEMENT were both sent before the restart
    assertThat(mail.waitForIncomingEmail(10_000, 2)).isTrue();
    int before = mail.getReceivedMessages().length;
    next("app1/http");
    next("app1/http");
    assertThat(monitor.drainNotifications(Duration.ofSeconds(10))).isTrue();
    assertThat(mail.getReceivedMessages()).hasSize(before);
  }

  /** The model with the router checked hourly, so only an on-demand check finds it down in time. */
  private void startWithASlowRouter(String contact) throws Exception {
    start("");
    monitor.close();
    String net = "net: { host-check: \"tcp:" + router.port() + "\" }";
    String yaml = Files.readString(model);
    assertThat(yaml).contains(net);
    Files.writeString(
        model,
        yaml.replace(net, net.replace(" }", ", interval: 1h }"))
            .replace("ops: { email: ops@example.com }", contact));
    open();
  }

  private void failBehindTheRouter() throws Exception {
    warmUp();
    router.stop();
    appHost.stop();
    app.stop();
    // the router's own check is an hour away: app1 fails first, as it does when a router dies
    assertThat(monitor.check("router").orElseThrow().nextCheck())
        .isAfter(clock.instant().plus(Duration.ofMinutes(30)));
    for (int i = 0; i < 4; i++) {
      next("app1/http");
      next("app1");
    }
  }

  @Test
  void failingChild_checksItsParentsAtOnce_soItIsUnreachableAndTellsNobody() throws Exception {
    startWithASlowRouter("ops: { email: ops@example.com }");
    failBehindTheRouter();
    CheckView host = monitor.check("app1").orElseThrow();
    assertThat(host.state()).isEqualTo("UNREACHABLE");
    assertThat(host.stateType()).isEqualTo(CheckState.Type.HARD);
    CheckView routerNow = monitor.check("router").orElseThrow();
    assertThat(routerNow.state()).isEqualTo("DOWN");
    assertThat(routerNow.stateType()).isEqualTo(CheckState.Type.HARD);
    assertThat(monitor.check("app1/http").orElseThrow().stateType())
        .isEqualTo(CheckState.Type.HARD);
    assertThat(monitor.drainNotifications(Duration.ofSeconds(10))).isTrue();
    // only the router's DOWN is told: app1 is unreachable behind it, its service silenced
    assertThat(mail.getReceivedMessages())
        .extracting(MimeMessage::getSubject)
        .containsExactly("** PROBLEM Host Alert: router is DOWN **");

    // and when it all comes back, only the router's recovery: nobody was told of app1
    router.restart();
    appHost.restart();
    app.restart();
    next("router");
    next("app1");
    next("app1/http");
    assertThat(monitor.check("app1").orElseThrow().state()).isEqualTo("UP");
    assertThat(monitor.drainNotifications(Duration.ofSeconds(10))).isTrue();
    assertThat(mail.getReceivedMessages())
        .extracting(MimeMessage::getSubject)
        .containsExactly(
            "** PROBLEM Host Alert: router is DOWN **", "** RECOVERY Host Alert: router is UP **");
  }

  @Test
  void unreachableNotifyOption_tellsOfHostsBehindAFailedParent() throws Exception {
    startWithASlowRouter("ops: { email: ops@example.com, notify: [down, unreachable] }");
    failBehindTheRouter();
    assertThat(monitor.drainNotifications(Duration.ofSeconds(10))).isTrue();
    assertThat(mail.getReceivedMessages())
        .extracting(MimeMessage::getSubject)
        .containsExactlyInAnyOrder(
            "** PROBLEM Host Alert: router is DOWN **",
            "** PROBLEM Host Alert: app1 is UNREACHABLE **");
  }

  @Test
  void failingMaster_silencesDependentServices() throws Exception {
    start("dependencies:\n  - { service: app/http, on: db/mysql }\n");
    warmUp();
    db.stop();
    for (int i = 0; i < 3; i++) {
      next("db1/mysql");
    }
    assertThat(mail.waitForIncomingEmail(5_000, 1)).isTrue();
    app.stop();
    for (int i = 0; i < 3; i++) {
      next("app1/http");
    }
    assertThat(monitor.check("app1/http").orElseThrow().stateType())
        .isEqualTo(CheckState.Type.HARD);
    Thread.sleep(300);
    assertThat(mail.getReceivedMessages())
        .extracting(MimeMessage::getSubject)
        .containsExactly("** PROBLEM Service Alert: db1/mysql is CRITICAL **");
  }

  @Test
  void passiveResults_goStaleAfterTheirFreshness() throws Exception {
    start("checks:\n  backup: { host: db1, type: passive, freshness: 1h, max-attempts: 1 }\n");
    monitor.submit("db1/backup", Status.OK, "BACKUP OK - 2.1 GB in 312 s | size=2.1GB");
    assertThat(monitor.check("db1/backup").orElseThrow().state()).isEqualTo("OK");
    clock.advance(Duration.ofMinutes(59));
    monitor.runDue();
    assertThat(monitor.check("db1/backup").orElseThrow().state()).isEqualTo("OK");
    clock.advance(Duration.ofMinutes(2));
    monitor.runDue();
    CheckView stale = monitor.check("db1/backup").orElseThrow();
    assertThat(stale.state()).isEqualTo("CRITICAL");
    assertThat(stale.output()).contains("no passive result for db1/backup", "freshness 1h");
    assertThat(mail.waitForIncomingEmail(5_000, 1)).isTrue();
  }

  @Test
  void outsideItsPeriod_aCheckWaitsForThePeriodToStart() throws Exception {
    // the test clock is Wednesday 10:00 UTC
    start(
        "timezone: UTC\nchecks:\n  office: { host: db1, type: tcp, port: 1, max-attempts: 1,"
            + " period: \"wed 12:00-13:00\" }\n");
    clock.advance(Duration.ofMinutes(5));
    monitor.runDue();
    CheckView waiting = monitor.check("db1/office").orElseThrow();
    assertThat(waiting.state()).isEqualTo("PENDING");
    assertThat(waiting.nextCheck()).isEqualTo(Instant.parse("2026-11-25T12:00:00Z"));
    clock.advance(Duration.between(clock.instant(), waiting.nextCheck()));
    monitor.runDue();
    assertThat(monitor.check("db1/office").orElseThrow().state()).isEqualTo("CRITICAL");
  }

  @Test
  void notifyOptions_leaveWarningsAndRecoveriesOut() throws Exception {
    Peers.requirePlugins();
    start(
        "checks:\n  slow: { host: app1, type: command, max-attempts: 1,"
            + " command: \"/bin/false\" }\n");
    monitor.close();
    Files.writeString(
        model,
        Files.readString(model)
            .replace(
                "ops: { email: ops@example.com }",
                "ops: { email: ops@example.com, notify: [critical, down] }")
            .replace("command: \"/bin/false\"", "command: \"check_dummy 1 slow\""));
    open();
    warmUp(Duration.ofMinutes(1));
    // WARNING: not told
    assertThat(monitor.check("app1/slow").orElseThrow().state()).isEqualTo("WARNING");
    app.stop();
    for (int i = 0; i < 3; i++) {
      next("app1/http");
    }
    assertThat(mail.waitForIncomingEmail(5_000, 1)).isTrue();
    app.restart();
    next("app1/http");
    Thread.sleep(300);
    // CRITICAL told; its RECOVERY is not (no 'recovery' in notify)
    assertThat(mail.getReceivedMessages())
        .extracting(MimeMessage::getSubject)
        .containsExactly("** PROBLEM Service Alert: app1/http is CRITICAL **");
  }

  @Test
  void firstRuns_areSpreadOverTheInterval() throws Exception {
    StringBuilder checks = new StringBuilder("checks:\n");
    for (int i = 0; i < 40; i++) {
      checks.append("  c").append(i).append(": { host: db1, type: tcp, port: ").append(db.port());
      checks.append(" }\n");
    }
    start(checks.toString());
    List<Instant> starts = monitor.checks().stream().map(CheckView::nextCheck).sorted().toList();
    Instant t0 = clock.instant();
    assertThat(starts.getFirst()).isEqualTo(t0);
    assertThat(starts.getLast()).isBefore(t0.plus(Duration.ofMinutes(1)));
    // no two checks start in the same second: 46 checks over 60 s
    assertThat(starts.stream().distinct()).hasSize(starts.size());
    assertThat(monitor.runDue()).isEqualTo(1);
  }

  @Test
  void webhookAndCommandContacts_getTheAlert_andAFailingWebhookIsRetried() throws Exception {
    List<String> bodies = new CopyOnWriteArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext(
        "/hook",
        ex -> {
          bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          int status = calls.incrementAndGet() == 1 ? 500 : 200;
          ex.sendResponseHeaders(status, -1);
          ex.close();
        });
    hook.start();
    Path envFile = dir.resolve("env.txt");
    Path script = dir.resolve("notify.sh");
    Files.writeString(script, "#!/bin/sh\nenv | grep ^NAGIOS_ | sort > \"$1\"\n");
    script.toFile().setExecutable(true);
    start(
        """
        checks:
          web: { host: app1, type: tcp, port: %d, contacts: [chat, pager], max-attempts: 1 }
        """
            .formatted(app.port())
            .replace("[chat, pager]", "[ops]"));
    monitor.close();
    String yaml =
        Files.readString(model)
            .replace("contacts: [ops], max-attempts: 1", "contacts: [chat, pager], max-attempts: 1")
            .replace(
                "ops: { email: ops@example.com }",
                "ops: { email: ops@example.com }\n    chat: { webhook: \"http://127.0.0.1:"
                    + hook.getAddress().getPort()
                    + "/hook\" }\n    pager: { command: \""
                    + script
                    + " "
                    + envFile
                    + "\" }");
    Files.writeString(model, yaml);
    open();
    warmUp();
    app.stop();
    next("app1/web");
    assertThat(monitor.drainNotifications(Duration.ofSeconds(10))).isTrue();
    hook.stop(0);

    assertThat(calls.get()).isEqualTo(2);
    assertThat(bodies.get(1))
        .startsWith("{\"text\":\"** PROBLEM Service Alert: app1/web is CRITICAL **\"")
        .contains("\"attachments\":[{\"color\":\"danger\"", "\"number\":1");
    assertThat(Files.readString(envFile))
        .contains(
            "NAGIOS_NOTIFICATIONTYPE=PROBLEM",
            "NAGIOS_HOSTNAME=app1",
            "NAGIOS_SERVICEDESC=web",
            "NAGIOS_SERVICESTATE=CRITICAL",
            "NAGIOS_CONTACTNAME=pager");
    assertThat(monitor.events(50))
        .extracting(MonitorStore.Event::kind)
        .contains(
            "NOTIFICATION chat webhook PROBLEM sent", "NOTIFICATION pager command PROBLEM sent");
  }

  @Test
  void aNotifierThatNeverWorks_givesUpAndLogsWithoutHoldingUpChecks() throws Exception {
    start("");
    monitor.close();
    Files.writeString(
        model,
        Files.readString(model)
            .replace(
                "ops: { email: ops@example.com }",
                "ops: { email: ops@example.com }\n    dead: { webhook: \"http://127.0.0.1:9/none\" }")
            .replace("contacts: [ops]", "contacts: [dead]"));
    open();
    warmUp();
    app.stop();
    for (int i = 0; i < 3; i++) {
      next("app1/http");
    }
    assertThat(monitor.check("app1/http").orElseThrow().stateType())
        .isEqualTo(CheckState.Type.HARD);
    assertThat(monitor.drainNotifications(Duration.ofSeconds(10))).isTrue();
    assertThat(monitor.events(50))
        .extracting(MonitorStore.Event::kind)
        .anySatisfy(
            k -> assertThat(k).startsWith("NOTIFICATION dead webhook FAILED after 3 attempts"));
  }

  @Test
  void aCheckPastItsDeadline_hasItsSlotReclaimedByTheWatchdog_andIsReported() throws Exception {
    // accepts and never answers: the http check waits in its read
    java.net.ServerSocket silent =
        new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
    java.util.concurrent.CountDownLatch accepted = new java.util.concurrent.CountDownLatch(1);
    List<java.net.Socket> held = new CopyOnWriteArrayList<>();
    Thread acceptor =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    while (true) {
                      held.add(silent.accept());
                      accepted.countDown();
                    }
                  } catch (java.io.IOException closed) {
                    // the test is over
                  }
                });
    start(
        "checks:\n  hung: { host: db1, type: http, port: %d, timeout: 30s, max-attempts: 1 }\n"
            .formatted(silent.getLocalPort()));
    Thread run =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    while (monitor.check("db1/hung").orElseThrow().lastCheck().isEmpty()) {
                      next("db1/hung");
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    try {
      assertThat(accepted.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      // the other checks run by the same runDue finish first (on a loaded machine one can still
      // be in flight): then only the hung check is past its deadline when the clock jumps
      long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (monitor.checks().stream()
              .filter(c -> !c.id().equals("db1/hung"))
              .anyMatch(c -> c.lastCheck().isEmpty() && !c.nextCheck().isAfter(clock.instant()))
          && System.nanoTime() < end) {
        Thread.sleep(20);
      }
      assertThat(monitor.watchdog()).as("not past its deadline yet").isZero();
      clock.advance(Duration.ofSeconds(30).plus(Scheduler.GRACE).plusSeconds(1));
      assertThat(monitor.watchdog()).isEqualTo(1);
      run.join(Duration.ofSeconds(10));
      CheckView v = monitor.check("db1/hung").orElseThrow();
      assertThat(v.state()).isEqualTo("UNKNOWN");
      assertThat(v.output()).contains("overran its deadline", "slot was reclaimed");
      assertThat(monitor.load().overruns()).isEqualTo(1);
      assertThat(monitor.load().describe()).contains("1 checks overran their deadline");
    } finally {
      silent.close();
      acceptor.join(Duration.ofSeconds(5));
      for (java.net.Socket s : held) {
        s.close();
      }
    }
  }
}
