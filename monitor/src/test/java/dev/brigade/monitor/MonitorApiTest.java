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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorApiTest {
  @TempDir Path dir;
  private final TestClock clock = new TestClock(Instant.parse("2026-11-25T10:00:00Z"));
  private final HttpClient http = HttpClient.newHttpClient();
  private final java.util.concurrent.ConcurrentLinkedQueue<String> annotations =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private Monitor monitor;
  private MonitorApi api;
  private String base;

  @BeforeEach
  void setUp() throws Exception {
    Path f = dir.resolve("brigade.yml");
    Files.writeString(
        f,
        """
        cluster: t
        roles:
          db: { services: { mysql: { port: 1, check: none } } }
        hosts:
          db1: { address: 127.0.0.1, roles: [db] }
        stages:
          production: { hosts: [db1] }
        monitor:
          defaults: { host-check: none }
          api: { token: "${TOKEN}" }
          checks:
            backup: { host: db1, type: passive, freshness: 26h, max-attempts: 1 }
        """);
    monitor =
        Monitor.create(
            new ClusterLoader(Map.of("TOKEN", "t0ken-t0ken-t0ken"), List.of()).read(f),
            Monitor.Options.defaults()
                .withClock(clock)
                .withStore(dir.resolve("m.db"))
                .withListener(
                    new MonitorListener() {
                      @Override
                      public void checked(
                          String host, String check, CheckResult r, java.time.Instant at) {}

                      @Override
                      public void annotated(
                          java.time.Instant at, String kind, String text, Optional<String> host) {
                        annotations.add(at + " " + kind + " " + host.orElse("-") + " " + text);
                      }
                    }));
    api = MonitorApi.start(monitor, Optional.of(new InetSocketAddress("127.0.0.1", 0)));
    base = "http://127.0.0.1:" + api.address().getPort();
  }

  @AfterEach
  void tearDown() throws Exception {
    api.close();
    monitor.close();
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

  private String get(String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(base + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void passiveResult_needsTheToken_andThenShowsAsAProblem() throws Exception {
    String form = "check=db1%2Fbackup&status=2&output=BACKUP+CRITICAL+-+disk+full+%7C+free%3D0B";
    assertThat(post("/results", form, null).statusCode()).isEqualTo(401);
    assertThat(post("/results", form, "wrong").statusCode()).isEqualTo(401);
    assertThat(monitor.check("db1/backup").orElseThrow().state()).isEqualTo("PENDING");

    HttpResponse<String> ok = post("/results", form, "t0ken-t0ken-t0ken");
    assertThat(ok.statusCode()).isEqualTo(200);
    String status = get("/status");
    assertThat(status)
        .contains(
            "\"id\":\"db1/backup\"",
            "\"state\":\"CRITICAL\"",
            "\"stateType\":\"HARD\"",
            "\"output\":\"BACKUP CRITICAL - disk full | free=0B\"");
    assertThat(get("/events?limit=5")).contains("\"kind\":\"HARD CRITICAL\"");
  }

  @Test
  void statusPage_showsProblemsWithEveryTextEscaped() throws Exception {
    post(
        "/results",
        "check=db1/backup&status=2&output=%3Cscript%3Ealert(1)%3C%2Fscript%3E+disk+%26+tape",
        "t0ken-t0ken-t0ken");
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.body())
        .contains("<h2>Problems</h2>", "class=\"s CRITICAL\"", "db1/backup")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt; disk &amp; tape")
        .doesNotContain("<script>");
  }

  @Test
  void downtimeAndAck_byApi() throws Exception {
    post("/results", "check=db1/backup&status=CRITICAL&output=x", "t0ken-t0ken-t0ken");
    HttpResponse<String> d =
        post(
            "/downtime",
            "target=db1&duration=30m&author=deploy&comment=release+42&start=" + clock.instant(),
            "t0ken-t0ken-t0ken");
    assertThat(d.statusCode()).isEqualTo(200);
    assertThat(d.body()).contains("\"db1/backup\"");
    assertThat(monitor.check("db1/backup").orElseThrow().inDowntime()).isTrue();
    HttpResponse<String> cancel =
        post("/downtime/cancel", "target=db1&author=deploy", "t0ken-t0ken-t0ken");
    assertThat(cancel.statusCode()).isEqualTo(200);
    assertThat(cancel.body()).contains("\"done\":\"cancel-downtime\"", "\"ids\":[\"db1/backup\"]");
    assertThat(monitor.check("db1/backup").orElseThrow().inDowntime()).isFalse();
    HttpResponse<String> a =
        post("/ack", "check=db1/backup&author=alice&comment=on+it", "t0ken-t0ken-t0ken");
    assertThat(a.statusCode()).isEqualTo(200);
    assertThat(monitor.check("db1/backup").orElseThrow().acknowledged()).isTrue();
  }

  @Test
  void annotation_needsTheToken_reachesTheListener_andBadOnesAreRefused() throws Exception {
    String form = "kind=deploy&text=production+r42+by+alice&host=db1&at=2026-12-01T09:00:00Z";
    assertThat(post("/annotations", form, null).statusCode()).isEqualTo(401);
    assertThat(annotations).isEmpty();

    HttpResponse<String> ok = post("/annotations", form, "t0ken-t0ken-t0ken");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(annotations)
        .containsExactly("2026-12-01T09:00:00Z deploy db1 production r42 by alice");

    assertThat(post("/annotations", "kind=Deploy!&text=x", "t0ken-t0ken-t0ken").statusCode())
        .isEqualTo(400);
    assertThat(post("/annotations", "kind=deploy&text=x&host=nope", "t0ken-t0ken-t0ken").body())
        .contains("no host 'nope'");
    assertThat(post("/annotations", "kind=note", "t0ken-t0ken-t0ken").statusCode()).isEqualTo(400);
    assertThat(annotations).hasSize(1);
  }

  @Test
  void badRequests_getOneLineErrors() throws Exception {
    HttpResponse<String> r = post("/results", "check=db1/nope&status=0", "t0ken-t0ken-t0ken");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("no check 'db1/nope'");
    r = post("/results", "check=db1/backup&status=7", "t0ken-t0ken-t0ken");
    assertThat(r.body()).contains("status '7' is not 0-3");
    r = post("/downtime", "target=db1&author=x", "t0ken-t0ken-t0ken");
    assertThat(r.body()).contains("missing form field 'duration'");
    try {
      r = post("/results", "x=" + "a".repeat(70_000), "t0ken-t0ken-t0ken");
      assertThat(r.statusCode()).isEqualTo(413);
    } catch (java.io.IOException refusedMidBody) {
      // the server may close before the client has sent all of an oversized body
    }
    assertThat(get("/status")).contains("\"checks\":1");
    assertThat(get("/nothing")).contains("no such resource");
  }
}
