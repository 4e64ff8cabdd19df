package dev.brigade.box.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brigade.box.web.Reply;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The edge page through handle(), against a real edge's admin API. */
class EdgePageTest {
  @TempDir Path tmp;
  LiveEdge live;
  TestBox box;
  final EdgePage page = new EdgePage();

  @BeforeEach
  void start() throws Exception {
    live = new LiveEdge();
    box =
        new TestBox(
            Models.shopWithOneEdge(tmp, live.port(), live.adminPort()),
            tmp,
            Instant.parse("2026-12-01T10:00:00Z"));
  }

  @AfterEach
  void stop() throws Exception {
    box.close();
    live.close();
  }

  static String body(Reply r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void showsEveryBackendWithItsState_andTheHitClasses() throws Exception {
    live.get("/static/style.css");
    live.get("/static/style.css");
    live.get("/news");
    String html = body(page.handle(box.get("/edge")));
    assertThat(html)
        .contains("data-edge=\"edge1\"")
        .contains("<tr data-backend=\"app1/http\" data-state=\"up\">")
        .contains("data-backend=\"app3/http\"")
        .contains("name=\"csrf\" value=\"test\"")
        .contains("class=\"hit-ratio\"")
        .containsPattern("green [1-9]")
        .doesNotContain(" style=");
    String json = body(page.handle(box.get("/edge.json")));
    assertThat(json).contains("\"edge\":\"edge1\"").contains("\"id\":\"app2/http\"");
  }

  @Test
  void drainButton_drainsTheBackendOnTheRealEdge_andReadyBringsItBack() throws Exception {
    Reply r =
        page.handle(
            box.post("/edge", "csrf=test&edge=edge1&pool=app&backend=app2%2Fhttp&action=drain"));
    assertThat(r.status()).isEqualTo(303);
    assertThat(r.headers().get("Location"))
        .isEqualTo("/edge?changed=app2%2Fhttp&state=drain&on=edge1");
    assertThat(live.state("app2/http")).isEqualTo("drain");
    assertThat(body(page.handle(box.get(r.headers().get("Location")))))
        .contains("app2/http on edge1 is now drain")
        .contains("<tr data-backend=\"app2/http\" data-state=\"drain\">");
    page.handle(box.post("/edge", "edge=edge1&pool=app&backend=app2%2Fhttp&action=maint"));
    assertThat(live.state("app2/http")).isEqualTo("maint");
    page.handle(box.post("/edge", "edge=edge1&pool=app&backend=app2%2Fhttp&action=ready"));
    assertThat(live.state("app2/http")).isIn("up", "down");
  }

  @Test
  void badChanges_areRefusedWithTheReason_andTheEdgesOwnRefusalIsShown() throws Exception {
    assertThatThrownBy(
            () ->
                page.handle(
                    box.post("/edge", "edge=edge1&pool=app&backend=app2%2Fhttp&action=kill")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("drain, maint or ready");
    assertThatThrownBy(
            () ->
                page.handle(
                    box.post("/edge", "edge=app1&pool=app&backend=app2%2Fhttp&action=drain")))
        .hasMessageContaining("no edge node");
    assertThatThrownBy(
            () ->
                page.handle(box.post("/edge", "edge=edge1&pool=app&backend=..%2F..&action=drain")))
        .hasMessageContaining("not a pool, host or service name");
    Reply r =
        page.handle(box.post("/edge", "edge=edge1&pool=app&backend=app9%2Fhttp&action=drain"));
    assertThat(r.status()).isEqualTo(502);
    assertThat(body(r)).contains("no backend 'app9/http'");
  }

  @Test
  void anEdgeThatDoesNotAnswer_isNamedOnThePage() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Path dir = java.nio.file.Files.createDirectories(tmp.resolve("closed"));
    try (TestBox other =
        new TestBox(Models.shopWithOneEdge(dir, live.port(), closed), dir, Instant.now())) {
      String html = body(page.handle(other.get("/edge")));
      assertThat(html).contains("class=\"problem\"").contains("cannot read its pools");
    }
  }
}
