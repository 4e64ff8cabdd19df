package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With {@code edge.cache} on and nothing else set, nothing stale is served that RFC 9111 section
 * 4.2.4 forbids; the origin's and the client's permissions and the disconnected case are honoured.
 */
class StaleDefaultsTest {
  private final TestOrigin origin;
  private EdgeServer edge;
  private final HttpClient client = HttpClient.newHttpClient();
  private static int seq;
  private final String path = "/stale/" + (++seq);

  StaleDefaultsTest() throws IOException {
    origin = new TestOrigin();
    start(CacheSettings.DEFAULT);
  }

  private void start(CacheSettings settings) {
    if (edge != null) {
      edge.close();
    }
    PoolConfig pool =
        EdgeFixture.onePool(
            "origin/http", origin.port(), new HealthSettings(8, 3, 0, 0, 0, Duration.ZERO));
    edge = EdgeServer.start(EdgeFixture.edgeConfig(pool, Timeouts.DEFAULT, Optional.of(settings)));
  }

  @AfterEach
  void stop() {
    edge.close();
    origin.close();
    client.close();
  }

  private HttpResponse<String> get(String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.address().getPort() + path))
            .timeout(Duration.ofSeconds(20));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String status(HttpResponse<?> r) {
    return r.headers().firstValue("Cache-Status").orElse("");
  }

  private static String httpDate(ZonedDateTime t) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(t);
  }

  private void twiceReachesTheOrigin(String... replyHeaders) throws Exception {
    origin.replies.put(path, TestOrigin.Reply.ok("x", replyHeaders));
    get();
    HttpResponse<String> second = get();
    assertThat(origin.count(path)).as(List.of(replyHeaders).toString()).isEqualTo(2);
    assertThat(status(second)).doesNotContain("hit");
  }

  @Test
  void maxAgeZero_isRevalidatedEveryTime_rfc9111_4_2_4() throws Exception {
    twiceReachesTheOrigin("Cache-Control", "public, max-age=0");
  }

  @Test
  void expiresInThePast_isRevalidatedEveryTime_rfc9111_4_2_4() throws Exception {
    twiceReachesTheOrigin(
        "Cache-Control",
        "public",
        "Expires",
        httpDate(ZonedDateTime.now(ZoneOffset.UTC).minusHours(1)));
  }

  @Test
  void ageLargerThanMaxAge_isRevalidatedEveryTime_rfc9111_4_2_3() throws Exception {
    twiceReachesTheOrigin("Cache-Control", "max-age=60", "Age", "100");
  }

  @Test
  void staleWhileRevalidate_servesStaleAndRefreshesInTheBackground_rfc5861_3() throws Exception {
    origin.replies.put(
        path, TestOrigin.Reply.ok("v1", "Cache-Control", "max-age=1, stale-while-revalidate=60"));
    get();
    Thread.sleep(2100);
    origin.replies.put(path, TestOrigin.Reply.ok("v2", "Cache-Control", "max-age=60"));
    HttpResponse<String> r = get();
    assertThat(r.body()).isEqualTo("v1");
    assertThat(status(r)).contains("ttl=-").contains("stale-while-revalidate");
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!get().body().equals("v2") && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(origin.count(path)).isEqualTo(2);
  }

  @Test
  void clientMaxStale_allowsAStaleHit_rfc9111_5_2_1_2() throws Exception {
    origin.replies.put(path, TestOrigin.Reply.ok("v1", "Cache-Control", "max-age=1"));
    get();
    Thread.sleep(2100);
    assertThat(status(get("Cache-Control", "max-stale=60"))).startsWith("brigade; hit; ttl=-");
    // the stale hit started a background refresh; max-stale=0 waits for it or fetches
    assertThat(status(get("Cache-Control", "max-stale=0"))).doesNotContain("ttl=-");
  }

  @Test
  void staleIfError_coversTheBackendsOwn5xx_rfc5861_4() throws Exception {
    origin.replies.put(
        path, TestOrigin.Reply.ok("good", "Cache-Control", "max-age=1, stale-if-error=600"));
    get();
    Thread.sleep(2100);
    origin.replies.put(
        path, TestOrigin.Reply.ok("broken", "Cache-Control", "no-store").status(500));
    HttpResponse<String> r = get();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("good");
    assertThat(status(r)).contains("detail=stale-if-error");
    origin.replies.put(path, TestOrigin.Reply.ok("gone", "Cache-Control", "no-store").status(404));
    assertThat(get().statusCode()).as("a 404 is an answer, not an error").isEqualTo(404);
  }

  @Test
  void backend5xx_withoutStaleIfError_isPassedOn_rfc9111_4_2_4() throws Exception {
    origin.replies.put(path, TestOrigin.Reply.ok("good", "Cache-Control", "max-age=1"));
    get();
    Thread.sleep(2100);
    origin.replies.put(path, TestOrigin.Reply.ok("broken").status(503));
    assertThat(get().statusCode()).isEqualTo(503);
  }

  @Test
  void failedBackgroundRefresh_keepsTheStaleCopy_rfc5861_4() throws Exception {
    origin.replies.put(
        path,
        TestOrigin.Reply.ok(
            "good", "Cache-Control", "max-age=1, stale-while-revalidate=2, stale-if-error=600"));
    get();
    Thread.sleep(1500);
    origin.replies.put(path, TestOrigin.Reply.ok("broken").status(500));
    assertThat(get().body())
        .as("stale while revalidating; the refresh gets a 500")
        .isEqualTo("good");
    Thread.sleep(3000); // past stale-while-revalidate: the copy only stands in for errors now
    HttpResponse<String> r = get();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("good");
    assertThat(status(r)).contains("detail=stale-if-error");
  }

  @Test
  void noHealthyBackend_servesStaleAsADisconnectedCache_rfc9111_4_2_4() throws Exception {
    origin.replies.put(path, TestOrigin.Reply.ok("old", "Cache-Control", "max-age=1"));
    origin.replies.put(
        path + "m", TestOrigin.Reply.ok("old", "Cache-Control", "max-age=1, must-revalidate"));
    get();
    client.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + edge.address().getPort() + path + "m"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    Thread.sleep(2100);
    edge.setState("app", "origin/http", BackendState.MAINT);
    HttpResponse<String> r = get();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(status(r)).contains("detail=stale-disconnected");
    HttpResponse<String> must =
        client.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + edge.address().getPort() + path + "m"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(must.statusCode()).as("must-revalidate: an error, never stale").isEqualTo(503);
  }

  @Test
  void setCookie_isNotStoredForSharing_unlessTheOptionAllowsIt() throws Exception {
    origin.replies.put(
        path,
        TestOrigin.Reply.ok("x", "Cache-Control", "public, s-maxage=60", "Set-Cookie", "id=1"));
    get();
    get();
    assertThat(origin.count(path)).isEqualTo(2);
    CacheSettings d = CacheSettings.DEFAULT;
    start(
        new CacheSettings(
            d.maxBytes(),
            d.maxObjectBytes(),
            d.grace(),
            d.staleIfDisconnected(),
            d.coalesceWait(),
            d.hitForMiss(),
            d.purgeToken(),
            false,
            true,
            false,
            d.sessionCookies(),
            d.trackingCookies()));
    HttpResponse<String> first = get();
    HttpResponse<String> second = get();
    assertThat(first.headers().firstValue("Set-Cookie")).hasValue("id=1");
    assertThat(status(second)).startsWith("brigade; hit");
    assertThat(second.headers().firstValue("Set-Cookie")).as("never shared").isEmpty();
    assertThat(origin.count(path)).isEqualTo(3);
  }
}
