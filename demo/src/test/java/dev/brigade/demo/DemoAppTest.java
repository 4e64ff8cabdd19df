package dev.brigade.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo application over real sockets. */
class DemoAppTest {
  private static DemoApp app;
  private static final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() {
    app =
        DemoApp.start(
            new DemoOptions(3, "127.0.0.1", List.of(), Duration.ZERO, 0, Map.of(), Map.of(), 7));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static HttpResponse<String> get(DemoInstance i, String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(i.uri().resolve(path)).timeout(Duration.ofSeconds(10));
    for (int h = 0; h < headers.length; h += 2) {
      b.header(headers[h], headers[h + 1]);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static DemoInstance app1() {
    return app.instance("app1");
  }

  @Test
  void staticFile_isGreenWithLongMaxAgeAndValidators() throws Exception {
    HttpResponse<String> r = get(app1(), "/static/style.css");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=86400");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
    assertThat(r.headers().firstValue("ETag"))
        .hasValueSatisfying(e -> assertThat(e).startsWith("\""));
    assertThat(r.headers().firstValue("Last-Modified")).isPresent();
    assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(r.body()).contains(".green");
  }

  @Test
  void staticFile_answers304ToItsEtagAndToIfModifiedSince() throws Exception {
    HttpResponse<String> first = get(app1(), "/static/logo.svg");
    String etag = first.headers().firstValue("ETag").orElseThrow();
    String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();

    assertThat(get(app1(), "/static/logo.svg", "If-None-Match", "W/" + etag).statusCode())
        .isEqualTo(304);
    assertThat(get(app1(), "/static/logo.svg", "If-None-Match", "\"other\", " + etag).statusCode())
        .isEqualTo(304);
    assertThat(get(app1(), "/static/logo.svg", "If-Modified-Since", lastModified).statusCode())
        .isEqualTo(304);
    assertThat(get(app1(), "/static/logo.svg", "If-None-Match", "\"other\"").statusCode())
        .isEqualTo(200);
  }

  @Test
  void yellowPage_isCacheableWithTheConfiguredMaxAgeAndSameOnEveryInstance() throws Exception {
    HttpResponse<String> a = get(app.instance("app1"), "/products/42");
    HttpResponse<String> b = get(app.instance("app2"), "/products/42");
    assertThat(a.statusCode()).isEqualTo(200);
    assertThat(a.headers().firstValue("Cache-Control")).hasValue("public, max-age=7");
    assertThat(a.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(a.body()).isEqualTo(b.body()).contains("Product 42");
    assertThat(a.headers().firstValue("ETag")).isEqualTo(b.headers().firstValue("ETag"));
    assertThat(a.headers().firstValue("X-Served-By")).hasValue("app1");
    assertThat(b.headers().firstValue("X-Served-By")).hasValue("app2");

    String etag = a.headers().firstValue("ETag").orElseThrow();
    assertThat(get(app.instance("app3"), "/products/42", "If-None-Match", etag).statusCode())
        .isEqualTo(304);
  }

  @Test
  void redPage_setsASessionCookieAndIsNeverStored() throws Exception {
    HttpResponse<String> r = get(app1(), "/account");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("private, no-store");
    String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).matches("BRIGADE_SESSION=[0-9a-f]{32}; Path=/; HttpOnly; SameSite=Lax");

    String session = cookie.substring(0, cookie.indexOf(';'));
    HttpResponse<String> again = get(app1(), "/account", "Cookie", "theme=dark; " + session);
    assertThat(again.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(again.body())
        .contains(session.substring("BRIGADE_SESSION=".length(), "BRIGADE_SESSION=".length() + 8));
  }

  @Test
  void cartPost_addsAnItemForThatSessionOnly() throws Exception {
    String session = "BRIGADE_SESSION=" + "ab".repeat(16);
    HttpResponse<String> post =
        client.send(
            HttpRequest.newBuilder(app1().uri().resolve("/cart"))
                .header("Cookie", session)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("item=%3Cb%3Ebrick%3C%2Fb%3E"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(303);

    assertThat(get(app1(), "/cart", "Cookie", session).body())
        .contains("&lt;b&gt;brick&lt;/b&gt;")
        .doesNotContain("<b>brick");
    assertThat(get(app1(), "/cart", "Cookie", "BRIGADE_SESSION=" + "cd".repeat(16)).body())
        .doesNotContain("brick");
  }

  @Test
  void cartPost_overTheSizeLimit_is413() throws Exception {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(app1().uri().resolve("/cart"))
                .POST(HttpRequest.BodyPublishers.ofString("item=" + "x".repeat(Pages.MAX_BODY)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(413);
  }

  @Test
  void health_followsTheHealthyFlag() throws Exception {
    DemoInstance i = app.instance("app2");
    assertThat(get(i, "/health").statusCode()).isEqualTo(200);
    i.setHealthy(false);
    try {
      assertThat(get(i, "/health").statusCode()).isEqualTo(503);
    } finally {
      i.setHealthy(true);
    }
    assertThat(get(i, "/health").body()).isEqualTo("OK\n");
  }

  @Test
  void failureRateOne_failsDynamicPagesButNotHealthOrStatic() throws Exception {
    DemoInstance i = app.instance("app3");
    i.setFailureRate(1.0);
    try {
      assertThat(get(i, "/news").statusCode()).isEqualTo(500);
      assertThat(get(i, "/account").statusCode()).isEqualTo(500);
      assertThat(get(i, "/health").statusCode()).isEqualTo(200);
      assertThat(get(i, "/static/app.js").statusCode()).isEqualTo(200);
    } finally {
      i.setFailureRate(0);
    }
    assertThat(get(i, "/news").statusCode()).isEqualTo(200);
  }

  @Test
  void latency_isAddedToDynamicPagesOnly() throws Exception {
    DemoInstance i = app.instance("app3");
    i.setLatency(Duration.ofMillis(300));
    try {
      long start = System.nanoTime();
      assertThat(get(i, "/products/7").statusCode()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    } finally {
      i.setLatency(Duration.ZERO);
    }
  }

  @Test
  void stoppedInstance_refusesConnectionsAndComesBackOnTheSamePort() throws Exception {
    DemoInstance i = app.instance("app2");
    URI before = i.uri();
    i.stop();
    try {
      assertThatThrownBy(() -> get(i, "/health")).isInstanceOf(ConnectException.class);
    } finally {
      i.start();
    }
    assertThat(i.uri()).isEqualTo(before);
    assertThat(get(i, "/health").statusCode()).isEqualTo(200);
  }

  @Test
  void notFound_escapesTheRequestedPath() throws Exception {
    HttpResponse<String> r = get(app1(), "/%3Cscript%3Ealert(1)%3C/script%3E");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).doesNotContain("<script>").contains("%3Cscript%3E");
  }

  @Test
  void wrongMethod_is405WithAllow() throws Exception {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(app1().uri().resolve("/news")).DELETE().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void head_hasHeadersWithoutBody() throws Exception {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(app1().uri().resolve("/static/download.bin"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    assertThat(r.headers().firstValue("Content-Length"))
        .hasValue(Integer.toString(StaticFiles.DOWNLOAD_BYTES));
  }

  @Test
  void requests_areCountedPerInstance() throws Exception {
    DemoInstance i = app.instance("app1");
    long before = i.requests();
    get(i, "/health");
    get(i, "/");
    assertThat(i.requests()).isEqualTo(before + 2);
  }

  @Test
  void metrics_countRequestsPerHitClassInPrometheusText() throws Exception {
    DemoInstance i = app.instance("app3");
    String before = get(i, "/metrics").body();
    get(i, "/static/kb.txt");
    get(i, "/news");
    get(i, "/account", "Cookie", "BRIGADE_SESSION=" + "a".repeat(32));
    HttpResponse<String> m = get(i, "/metrics");

    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(m.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    for (String c : List.of("green", "yellow", "red")) {
      String name = "demo_requests_total{class=\"" + c + "\"}";
      assertThat(value(m.body(), name) - value(before, name)).as(name).isEqualTo(1);
    }
    String count = "demo_request_duration_seconds_count";
    assertThat(value(m.body(), count) - value(before, count)).isEqualTo(3);
    assertThat(value(m.body(), "demo_request_duration_seconds_bucket{le=\"+Inf\"}"))
        .isEqualTo(value(m.body(), count));
    assertThat(m.body()).doesNotContain("demo_fragment_cache_total");
  }

  private static long value(String metrics, String name) {
    return metrics
        .lines()
        .filter(l -> l.startsWith(name + " "))
        .map(l -> Long.parseLong(l.substring(name.length() + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in " + metrics));
  }

  @Test
  void login_createsANewSessionAndRedirectsToTheAccount() throws Exception {
    HttpRequest post =
        HttpRequest.newBuilder(app1().uri().resolve("/login"))
            .POST(HttpRequest.BodyPublishers.ofString("user=u1"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .build();
    HttpResponse<String> r = client.send(post, HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/account");
    assertThat(r.headers().firstValue("Set-Cookie"))
        .hasValueSatisfying(c -> assertThat(c).startsWith("BRIGADE_SESSION="));
    assertThat(get(app1(), "/login").statusCode()).isEqualTo(405);
  }
}
