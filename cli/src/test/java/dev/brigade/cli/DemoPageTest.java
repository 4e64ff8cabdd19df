package dev.brigade.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brigade.box.web.Ask;
import dev.brigade.box.web.BoxPage;
import dev.brigade.box.web.Reply;
import dev.brigade.box.web.Role;
import dev.brigade.demo.DemoApp;
import dev.brigade.demo.DemoInstance;
import dev.brigade.demo.DemoOptions;
import dev.brigade.edge.BackendState;
import dev.brigade.edge.CacheSettings;
import dev.brigade.edge.EdgeServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The box's /demo page, through handle(), over a real demo application. */
class DemoPageTest {
  private static final String CSRF = "csrf-\"<token>\"";
  private final DemoPage page = new DemoPage();
  private DemoApp app;
  private RunningDemo demo;

  @BeforeEach
  void start() {
    app =
        DemoApp.start(
            new DemoOptions(2, "127.0.0.1", List.of(), Duration.ZERO, 0, Map.of(), Map.of(), 7));
    demo = new RunningDemo(app, Optional.empty(), Optional.empty());
    RunningDemo.set(demo);
  }

  @AfterEach
  void stop() {
    RunningDemo.clear(demo);
    app.close();
  }

  private static Ask ask(String method, Map<String, List<String>> form) {
    return new Ask(
        method,
        "/demo",
        Map.of(),
        form,
        new byte[0],
        "application/x-www-form-urlencoded",
        "tester",
        Role.OPERATOR,
        CSRF,
        null);
  }

  private Reply post(String instance, String action) throws Exception {
    return page.handle(
        ask("POST", Map.of("instance", List.of(instance), "action", List.of(action))));
  }

  private static String html(Reply r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void postStop_makesTheInstanceRefuseConnections_andPostStartBringsItBack() throws Exception {
    DemoInstance app2 = app.instance("app2");
    int port = app2.address().getPort();

    Reply stopped = post("app2", "stop");

    assertThat(stopped.status()).isEqualTo(303);
    assertThat(stopped.headers()).containsEntry("Location", "/demo");
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
        .isInstanceOf(ConnectException.class);
    assertThat(html(page.handle(ask("GET", Map.of())))).contains("stopped");

    assertThat(post("app2", "start").status()).isEqualTo(303);

    assertThat(app2.address().getPort()).isEqualTo(port);
    HttpResponse<String> health =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(app2.uri().resolve("/health"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
  }

  @Test
  void stoppedFromThePage_theEdgeRoutesAroundIt_andStartedItComesBack() throws Exception {
    try (EdgeServer edge =
        EdgeServer.start(
            DemoTrafficThroughEdgeTest.edgeConfig(app).withCache(CacheSettings.DEFAULT))) {
      URI account = URI.create("http://127.0.0.1:" + edge.address().getPort() + "/account");
      HttpClient client = HttpClient.newHttpClient();

      post("app2", "stop");
      for (int i = 0; i < 5; i++) {
        edge.probeAll(); // the health checks' window (5 probes) sees it go
      }
      assertThat(edge.state("app", "app2/http")).hasValue(BackendState.DOWN);
      for (int i = 0; i < 6; i++) {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(account).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Served-By")).hasValue("app1");
      }

      post("app2", "start");
      for (int i = 0; i < 5; i++) {
        edge.probeAll();
      }
      assertThat(edge.state("app", "app2/http")).hasValue(BackendState.UP);
    }
  }

  @Test
  void get_listsTheInstancesWithFormsCarryingTheEscapedCsrfTokenAndNoInlineScriptOrStyle()
      throws Exception {
    Reply r = page.handle(ask("GET", Map.of()));

    assertThat(r.kind()).isEqualTo(Reply.Kind.PAGE);
    String html = html(r);
    assertThat(html)
        .contains("app1", "app2", app.instance("app1").uri().toString())
        .contains("<form method=\"post\" action=\"/demo\">")
        .contains("name=\"csrf\" value=\"csrf-&quot;&lt;token&gt;&quot;\"")
        .contains("name=\"action\" value=\"stop\"")
        .contains("No traffic.")
        .contains("memcached is not installed")
        .doesNotContain("<script", "style=", "style>", "onclick", CSRF);
  }

  @Test
  void json_showsTheInstancesStates() throws Exception {
    app.instance("app1").stop();
    Ask json =
        new Ask(
            "GET",
            "/demo.json",
            Map.of(),
            Map.of(),
            new byte[0],
            "",
            "tester",
            Role.READ,
            CSRF,
            null);

    Reply r = page.handle(json);

    assertThat(r.contentType()).isEqualTo("application/json");
    assertThat(html(r))
        .contains(
            "{\"name\":\"app1\",\"url\":\""
                + app.instance("app1").uri()
                + "\",\"state\":\"stopped\"")
        .contains("\"state\":\"running\"")
        .contains("\"requests\":{\"GREEN\":0,\"YELLOW\":0,\"RED\":0}")
        .contains("\"traffic\":null");
  }

  @Test
  void badForms_areRefusedAs400() {
    assertThatThrownBy(() -> post("app9", "stop"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no instance app9");
    assertThatThrownBy(() -> post("app1", "reboot"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stop or start");
    assertThatThrownBy(() -> page.handle(ask("POST", Map.of())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(app.instance("app1").running()).isTrue();
  }

  @Test
  void withoutADemo_thePageSaysSo() throws Exception {
    RunningDemo.clear(demo);
    assertThat(html(page.handle(ask("GET", Map.of())))).contains("No demo runs in this process");
  }

  @Test
  void changes_needTheOperatorRole_andThePageIsFoundByTheServiceLoader() throws IOException {
    assertThat(page.needs("GET")).isEqualTo(Role.READ);
    assertThat(page.needs("POST")).isEqualTo(Role.OPERATOR);
    assertThat(ServiceLoader.load(BoxPage.class).stream().map(p -> p.type().getName()).toList())
        .contains(DemoPage.class.getName());
  }
}
