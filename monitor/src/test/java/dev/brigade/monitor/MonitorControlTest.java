package dev.brigade.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brigade.model.ClusterLoader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's controls over a real API socket, with the engine stepped by a test clock. */
class MonitorControlTest {
  private static final String TOKEN = "t0ken-t0ken-t0ken";
  @TempDir Path dir;
  private final TestClock clock = new TestClock(Instant.parse("2026-11-25T10:00:00Z"));
  private final HttpClient http = HttpClient.newHttpClient();
  private Listener app;
  private Listener db;
  private Monitor monitor;
  private MonitorApi api;
  private String base;

  @BeforeEach
  void setUp() throws Exception {
    app = new Listener();
    db = new Listener();
    Path f = dir.resolve("brigade.yml");
    Files.writeString(
        f,
        """
        cluster: t
        roles:
          app: { services: { http: { port: %d } } }
          db: { services: { mysql: { port: %d } } }
        hosts:
          app1: { address: 127.0.0.1, roles: [app], labels: { rack: r1 } }
          app2: { address: 127.0.0.1, roles: [app], labels: { rack: r2 } }
          app3: { address: 127.0.0.1, roles: [app] }
          db1: { address: 127.0.0.1, roles: [db], labels: { rack: r1 } }
        stages:
          production: { hosts: [app1, app2, db1] }
          staging: { hosts: [app3] }
        monitor:
          defaults: { host-check: none, max-attempts: 1, interval: 1m }
          api: { token: "%s" }
        """
            .formatted(app.port(), db.port(), TOKEN));
    monitor =
        Monitor.create(
            new ClusterLoader(Map.of(), List.of()).read(f),
            Monitor.Options.defaults().withClock(clock).withStore(dir.resolve("m.db")));
    api = MonitorApi.start(monitor, Optional.of(new InetSocketAddress("127.0.0.1", 0)));
    base = "http://127.0.0.1:" + api.address().getPort();
    clock.advance(Duration.ofMinutes(1));
    monitor.runDue();
  }

  @AfterEach
  void tearDown() throws Exception {
    api.close();
    monitor.close();
    app.close();
    db.close();
  }

  private HttpResponse<String> post(String path, String form, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private MonitorJson.Done ok(String path, String form) throws Exception {
    HttpResponse<String> r = post(path, form, TOKEN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return MonitorJson.read(r.body(), MonitorJson.Done.class, "POST " + path);
  }

  private String get(String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(base + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private CheckView view(String id) {
    return monitor.check(id).orElseThrow();
  }

  @Test
  void everyChange_needsTheToken() throws Exception {
    for (String path :
        List.of(
            "/results",
            "/recheck",
            "/downtime",
            "/downtime/cancel",
            "/ack",
            "/ack/remove",
            "/disable",
            "/enable",
            "/comments",
            "/comments/delete")) {
      assertThat(post(path, "target=app1&author=x", null).statusCode()).as(path).isEqualTo(401);
      assertThat(post(path, "target=app1&author=x", "wrong").statusCode()).as(path).isEqualTo(401);
    }
    assertThat(view("app1/http").checksEnabled()).isTrue();
  }

  @Test
  void disabledChecks_doNotRun_butARecheckForcesOne() throws Exception {
    MonitorJson.Done d = ok("/disable", "target=role:app&what=checks&author=alice");
    assertThat(d.ids()).containsExactly("app1/http", "app2/http", "app3/http");
    app.stop();
    Instant before = view("app1/http").lastCheck().orElseThrow();
    clock.advance(Duration.ofMinutes(5));
    monitor.runDue();
    assertThat(view("app1/http").lastCheck()).contains(before);
    assertThat(view("app1/http").state()).isEqualTo("OK");
    assertThat(view("db1/mysql").lastCheck().orElseThrow()).isAfter(before);

    assertThat(ok("/recheck", "target=app1/http&author=alice").ids()).containsExactly("app1/http");
    assertThat(view("app1/http").nextCheck()).isEqualTo(clock.instant());
    monitor.runDue();
    assertThat(view("app1/http").state()).isEqualTo("CRITICAL");
    assertThat(view("app2/http").lastCheck()).contains(before);

    ok("/enable", "target=role:app&what=checks&author=alice");
    monitor.runDue();
    assertThat(view("app2/http").state()).isEqualTo("CRITICAL");
    assertThat(monitor.events(50))
        .extracting(MonitorStore.Event::kind)
        .contains(
            "ACTIVE CHECKS DISABLED by alice",
            "RECHECK by alice",
            "ACTIVE CHECKS ENABLED by alice");
  }

  @Test
  void aDeploysDowntime_coversTheRoleInOneStageOnly() throws Exception {
    MonitorJson.Done d =
        ok(
            "/downtime",
            "target=role:app@production&duration=30m&author=deploy&comment=release+42&start="
                + clock.instant());
    assertThat(d.ids()).containsExactly("app1/http", "app2/http");
    assertThat(view("app1/http").inDowntime()).isTrue();
    assertThat(view("app3/http").inDowntime()).isFalse();
    assertThat(view("db1/mysql").inDowntime()).isFalse();
    assertThat(ok("/downtime/cancel", "target=stage:production&author=deploy").ids())
        .containsExactly("app1/http", "app2/http");
    assertThat(view("app1/http").inDowntime()).isFalse();
    // without start=, it starts now on the monitor's clock (the test's, a year from the wall's)
    clock.advance(Duration.ofDays(365));
    ok("/downtime", "target=db1&duration=1h&author=deploy");
    assertThat(view("db1/mysql").inDowntime()).isTrue();
  }

  @Test
  void acksByStage_takeOnlyTheProblems_andNotificationsCanBeSwitchedOffByLabel() throws Exception {
    app.stop();
    clock.advance(Duration.ofMinutes(1));
    monitor.runDue();
    MonitorJson.Done acked = ok("/ack", "target=stage:production&author=bob&comment=on+it");
    assertThat(acked.ids()).containsExactly("app1/http", "app2/http");
    assertThat(view("app1/http").acknowledged()).isTrue();
    assertThat(view("app3/http").acknowledged()).isFalse();
    assertThat(ok("/ack/remove", "target=app1&author=bob").ids()).containsExactly("app1/http");
    assertThat(view("app1/http").acknowledged()).isFalse();

    assertThat(ok("/disable", "target=label:rack=r1&what=notifications&author=bob").ids())
        .containsExactly("app1/http", "db1/mysql");
    assertThat(view("app1/http").notificationsEnabled()).isFalse();
    assertThat(view("app1/http").checksEnabled()).isTrue();
    assertThat(view("app2/http").notificationsEnabled()).isTrue();
    assertThat(post("/disable", "target=role:nope&author=bob", TOKEN).body())
        .contains("no role 'nope'; the roles are: app, db");
  }

  @Test
  void comments_areListedWithTheirCheck_andSurviveARestart() throws Exception {
    MonitorJson.Done c = ok("/comments", "target=app1/http&author=carol&text=flaky+since+Tuesday");
    assertThat(c.comments()).hasSize(1);
    long id = c.comments().getFirst().id();
    List<MonitorJson.Check> checks =
        MonitorJson.readList(get("/checks"), MonitorJson.Check.class, "GET /checks");
    MonitorJson.Check http =
        checks.stream().filter(x -> x.id().equals("app1/http")).findFirst().orElseThrow();
    assertThat(http.comments())
        .extracting(MonitorJson.CommentJson::text)
        .containsExactly("flaky since Tuesday");
    api.close();
    monitor.close();
    monitor =
        Monitor.create(
            new ClusterLoader(Map.of(), List.of()).read(dir.resolve("brigade.yml")),
            Monitor.Options.defaults().withClock(clock).withStore(dir.resolve("m.db")));
    api = MonitorApi.start(monitor, Optional.of(new InetSocketAddress("127.0.0.1", 0)));
    base = "http://127.0.0.1:" + api.address().getPort();
    assertThat(view("app1/http").comments()).extracting(Comment::author).containsExactly("carol");
    ok("/comments/delete", "id=" + id + "&author=carol");
    assertThat(view("app1/http").comments()).isEmpty();
    assertThat(post("/comments/delete", "id=" + id + "&author=carol", TOKEN).body())
        .contains("no comment " + id);
  }

  @Test
  void groups_fromRolesStagesLabelsAndServices_showTheirWorstState() throws Exception {
    app.stop();
    ok("/recheck", "target=app1/http&author=x");
    monitor.runDue();
    ok("/ack", "target=app1/http&author=x&comment=known");
    List<GroupView> groups = MonitorJson.readList(get("/groups"), GroupView.class, "GET /groups");
    Map<String, GroupView> byName =
        groups.stream().collect(java.util.stream.Collectors.toMap(GroupView::name, g -> g));
    assertThat(byName)
        .containsKeys(
            "role:app",
            "role:db",
            "stage:production",
            "stage:staging",
            "label:rack=r1",
            "label:rack=r2",
            "service:http",
            "service:mysql");
    GroupView role = byName.get("role:app");
    assertThat(role.hosts()).containsExactly("app1", "app2", "app3");
    assertThat(role.state()).isEqualTo("CRITICAL");
    assertThat(role.problems()).isEqualTo(1);
    assertThat(role.unhandled()).isZero();
    assertThat(role.states()).containsEntry("CRITICAL", 1).containsEntry("OK", 2);
    assertThat(byName.get("role:db").state()).isEqualTo("OK");
    assertThat(byName.get("label:rack=r2").state()).isEqualTo("OK");
    assertThat(get("/")).contains("<h2>Groups</h2>", "role:app", "label:rack=r1");
  }
}
