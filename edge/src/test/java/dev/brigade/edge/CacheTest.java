package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The edge as a shared cache (RFC 9111), over real sockets in front of a scripted origin. */
class CacheTest {
  private TestOrigin origin;
  private EdgeServer edge;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static int seq;
  private String path;

  @BeforeEach
  void start() throws IOException {
    origin = new TestOrigin();
    startEdge(Duration.ZERO);
    path = "/o/" + (++seq);
  }

  /** Restarts the edge with this grace (none by default, so RFC rules are seen alone). */
  private void startEdge(Duration grace) {
    if (edge != null) {
      edge.close();
    }
    PoolConfig pool =
        EdgeFixture.onePool(
            "origin/http", origin.port(), new HealthSettings(8, 3, 0, 0, 0, Duration.ZERO));
    CacheSettings cache =
        new CacheSettings(
            64L << 20,
            1L << 20,
            grace,
            Duration.ofSeconds(10),
            Duration.ofSeconds(10),
            "purge-token-0123456789",
            CacheSettings.DEFAULT.sessionCookies(),
            CacheSettings.DEFAULT.trackingCookies());
    edge = EdgeServer.start(EdgeFixture.edgeConfig(pool, Timeouts.DEFAULT, Optional.of(cache)));
    path = "/o/" + (++seq);
  }

  @AfterEach
  void stop() {
    edge.close();
    origin.close();
    client.close();
  }

  private HttpResponse<String> get(String p, String... headers)
      throws IOException, InterruptedException {
    return send("GET", p, headers);
  }

  private HttpResponse<String> send(String method, String p, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.address().getPort() + p))
            .timeout(Duration.ofSeconds(20))
            .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String cacheStatus(HttpResponse<?> r) {
    return r.headers().firstValue("Cache-Status").orElse("");
  }

  @Test
  void maxAge_secondRequestIsAHitWithAgeAndTtl_rfc9111_4_2() throws Exception {
    origin.replies.put(path, TestOrigin.Reply.ok("hello", "Cache-Control", "public, max-age=60"));
    HttpResponse<String> first = get(path);
    HttpResponse<String> second = get(path);
    assertThat(first.body()).isEqualTo("hello");
    assertThat(cacheStatus(first)).isEqualTo("brigade; fwd=uri-miss; fwd-status=200; stored");
    assertThat(second.body()).isEqualTo("hello");
    assertThat(cacheStatus(second)).matches("brigade; hit; ttl=(59|60)");
    assertThat(second.headers().firstValue("Age"))
        .hasValueSatisfying(a -> assertThat(Integer.parseInt(a)).isBetween(0, 1));
    assertThat(origin.count(path)).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      RFC 9111 5.2.2.5 no-store          | Cache-Control | no-store, max-age=60
      RFC 9111 5.2.2.7 private           | Cache-Control | private, max-age=60
      RFC 9111 4.2.1 s-maxage over max-age | Cache-Control | max-age=60, s-maxage=0
      RFC 9111 5.3 invalid Expires       | Expires       | yesterday
      RFC 9111 1.2.2 invalid max-age     | Cache-Control | max-age=soon
      RFC 9213 targeted field wins       | CDN-Cache-Control | no-store
      RFC 9111 4.1 Vary star             | Vary          | *
      """)
  void responsesThatMustNotBeServedFromCache_reachTheOriginEveryTime(
      String rule, String header, String value) throws Exception {
    List<String> h = new ArrayList<>(List.of(header, value));
    if (!header.equals("Cache-Control")) {
      h.addAll(
          List.of("Cache-Control", header.equals("Expires") ? "public" : "public, max-age=60"));
    }
    origin.replies.put(path, TestOrigin.Reply.ok("x", h.toArray(String[]::new)));
    get(path);
    HttpResponse<String> second = get(path);
    assertThat(origin.count(path)).as(rule).isEqualTo(2);
    assertThat(cacheStatus(second)).as(rule).doesNotContain("hit");
  }

  @Test
  void targetedField_isObeyedAndNotPassedToBrowsers_rfc9213() throws Exception {
    origin.replies.put(
        path,
        TestOrigin.Reply.ok("x", "Cache-Control", "no-cache", "CDN-Cache-Control", "max-age=60"));
    HttpResponse<String> first = get(path);
    HttpResponse<String> second = get(path);
    assertThat(origin.count(path)).isEqualTo(1);
    assertThat(cacheStatus(second)).startsWith("brigade; hit");
    assertThat(second.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(first.headers().firstValue("CDN-Cache-Control")).isEmpty();
    assertThat(second.headers().firstValue("CDN-Cache-Control")).isEmpty();
  }

  @Test
  void heuristicFreshness_onlyForHeuristicallyCacheableStatus_rfc9111_4_2_2() throws Exception {
    String lm = "Mon, 02 Nov 2026 10:00:00 GMT";
    origin.replies.put(path, TestOrigin.Reply.ok("x", "Last-Modified", lm));
    origin.replies.put(
        path + "r", TestOrigin.Reply.ok("x", "Last-Modified", lm, "Location", "/").status(302));
    get(path);
    get(path);
    get(path + "r");
    get(path + "r");
    assertThat(origin.count(path)).isEqualTo(1);
    assertThat(origin.count(path + "r")).isEqualTo(2);
  }

  @Test
  void authorizationRequest_isStoredOnlyWhenTheResponseAllowsIt_rfc9111_3_5() throws Exception {
    origin.replies.put(path, TestOrigin.Reply.ok("x", "Cache-Control", "max-age=60"));
    origin.replies.put(path + "p", TestOrigin.Reply.ok("x", "Cache-Control", "public, max-age=60"));
    get(path, "Authorization", "Bearer a");
    get(path, "Authorization", "Bearer a");
    get(path + "p", "Authorization", "Bearer a");
    get(path + "p", "Authorization", "Bearer a");
    assertThat(origin.count(path)).isEqualTo(2);
    assertThat(origin.count(path + "p")).isEqualTo(1);
  }

  @Test
  void vary_keepsOneVariantPerNormalisedAcceptEncoding_rfc9111_4_1() throws Exception {
    // an encoding the edge does not decode keeps its variants; identity and gzip bodies do not
    // split (the edge serves them to every client, see CompressionTest)
    origin.replies.put(
        path,
        TestOrigin.Reply.ok(
            "x",
            "Cache-Control",
            "max-age=60",
            "Vary",
            "Accept-Encoding",
            "Content-Encoding",
            "deflate"));
    get(path, "Accept-Encoding", "gzip, deflate");
    get(path, "Accept-Encoding", "deflate, gzip;q=0.5");
    get(path, "Accept-Encoding", "identity");
    assertThat(origin.count(path)).isEqualTo(2);
  }

  @Test
  void requestNoCache_goesToTheOriginAndRefreshesTheStoredCopy_rfc9111_5_2_1_4() throws Exception {
    origin.replies.put(path, TestOrigin.Reply.ok("x", "Cache-Control", "max-age=60"));
    get(path);
    HttpResponse<String> forced = get(path, "Cache-Control", "no-cache");
    HttpResponse<String> pragma = get(path, "Pragma", "no-cache");
    assertThat(cacheStatus(forced)).startsWith("brigade; fwd=request");
    assertThat(cacheStatus(pragma)).startsWith("brigade; fwd=request");
    assertThat(origin.count(path)).isEqualTo(3);
    assertThat(cacheStatus(get(path))).startsWith("brigade; hit");
  }

  @Test
  void onlyIfCached_withNothingStored_is504_rfc9111_5_2_1_7() throws Exception {
    HttpResponse<String> r = get(path, "Cache-Control", "only-if-cached");
    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(origin.count(path)).isZero();
  }

  @Test
  void requestMaxAgeAndMinFresh_limitWhatIsServed_rfc9111_5_2_1() throws Exception {
    origin.replies.put(path, TestOrigin.Reply.ok("x", "Cache-Control", "max-age=60", "Age", "30"));
    get(path);
    assertThat(cacheStatus(get(path, "Cache-Control", "max-age=10"))).doesNotContain("hit");
    assertThat(cacheStatus(get(path, "Cache-Control", "min-fresh=45"))).doesNotContain("hit");
    assertThat(cacheStatus(get(path, "Cache-Control", "min-fresh=5"))).startsWith("brigade; hit");
  }

  @Test
  void head_isAnsweredFromAStoredGet_rfc9110_9_3_2() throws Exception {
    origin.replies.put(path, TestOrigin.Reply.ok("hello", "Cache-Control", "max-age=60"));
    get(path);
    HttpResponse<String> head = send("HEAD", path);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Length")).hasValue("5");
    assertThat(cacheStatus(head)).startsWith("brigade; hit");
    assertThat(origin.count(path)).isEqualTo(1);
  }

  @Test
  void clientConditional_getsA304FromTheCache_rfc9110_13_1_2() throws Exception {
    origin.replies.put(
        path, TestOrigin.Reply.ok("hello", "Cache-Control", "max-age=60", "ETag", "\"v1\""));
    get(path);
    HttpResponse<String> r = get(path, "If-None-Match", "W/\"v1\"");
    assertThat(r.statusCode()).isEqualTo(304);
    assertThat(r.headers().firstValue("ETag")).hasValue("\"v1\"");
    assertThat(origin.count(path)).isEqualTo(1);
  }

  @Test
  void successfulPost_invalidatesTheUriAndLocation_rfc9111_4_4() throws Exception {
    origin.replies.put(path, TestOrigin.Reply.ok("x", "Cache-Control", "max-age=60"));
    origin.replies.put(path + "b", TestOrigin.Reply.ok("y", "Cache-Control", "max-age=60"));
    get(path);
    get(path + "b");
    origin.replies.put(path + "post", TestOrigin.Reply.ok("created", "Location", path + "b"));
    send("POST", path + "post");
    origin.replies.put(path + "post", TestOrigin.Reply.ok("created"));
    get(path);
    get(path + "b");
    assertThat(origin.count(path)).isEqualTo(1);
    assertThat(origin.count(path + "b")).isEqualTo(2);
    send("POST", path);
    get(path);
    assertThat(origin.count(path)).isEqualTo(3); // the POST itself and the refetch
  }

  @Test
  void purgeAndBans_removeObjectsAtOnce() throws Exception {
    for (String p : List.of(path + "/a", path + "/b", "/other" + path)) {
      origin.replies.put(
          p,
          TestOrigin.Reply.ok(
              "x", "Cache-Control", "max-age=60", "Surrogate-Key", "k-" + p.length()));
      get(p);
    }
    assertThat(send("PURGE", path + "/a").statusCode())
        .as("loopback is not trusted by default: a local TLS terminator would make everyone so")
        .isEqualTo(403);
    HttpResponse<String> purge =
        send("PURGE", path + "/a", "X-Purge-Token", "purge-token-0123456789");
    assertThat(purge.statusCode()).isEqualTo(200);
    assertThat(purge.body()).contains("\"purged\":true");
    get(path + "/a");
    assertThat(origin.count(path + "/a")).isEqualTo(2);

    HttpResponse<String> ban =
        client.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + edge.adminAddress().getPort()
                            + "/cache/ban?prefix="
                            + path))
                .header("Authorization", "Bearer " + EdgeFixture.TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ban.body()).isEqualTo("{\"banned\":2}");
    get(path + "/b");
    assertThat(origin.count(path + "/b")).isEqualTo(2);
    HttpResponse<String> tag =
        client.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + edge.adminAddress().getPort()
                            + "/cache/ban?tag=k-"
                            + ("/other" + path).length()))
                .header("Authorization", "Bearer " + EdgeFixture.TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(tag.body()).isEqualTo("{\"banned\":1}");
  }

  @Test
  void post_isForwardedForItsMethod_notReportedAsASession() throws Exception {
    origin.replies.put(path, TestOrigin.Reply.ok("done", "Cache-Control", "no-store"));
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + edge.address().getPort() + path))
                .POST(HttpRequest.BodyPublishers.ofString("a=1"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(cacheStatus(r)).isEqualTo("brigade; fwd=method"); // RFC 9211 section 2.2
  }

  @Test
  void fiveHundredConcurrentMisses_makeOneOriginRequest() throws Exception {
    origin.replies.put(
        path, TestOrigin.Reply.ok("slow", "Cache-Control", "max-age=60").delayed(500));
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<HttpResponse<String>>> all = new ArrayList<>();
      HttpClient many = HttpClient.newBuilder().executor(pool).build();
      for (int i = 0; i < 500; i++) {
        all.add(
            pool.submit(
                () ->
                    many.send(
                        HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + edge.address().getPort() + path))
                            .timeout(Duration.ofSeconds(60))
                            .build(),
                        HttpResponse.BodyHandlers.ofString())));
      }
      int ok = 0;
      for (Future<HttpResponse<String>> f : all) {
        if (f.get().statusCode() == 200 && f.get().body().equals("slow")) {
          ok++;
        }
      }
      assertThat(ok).isEqualTo(500);
    }
    assertThat(origin.count(path)).isEqualTo(1);
    assertThat(edge.metrics()).containsPattern("brigade_edge_cache_coalesced_total [1-9]");
  }

  @Test
  void uncacheableResponse_releasesTheWaitersToGoInParallel() throws Exception {
    origin.replies.put(path, TestOrigin.Reply.ok("mine", "Cache-Control", "private").delayed(300));
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<HttpResponse<String>>> all = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        all.add(pool.submit(() -> get(path)));
      }
      long start = System.nanoTime();
      for (Future<HttpResponse<String>> f : all) {
        assertThat(f.get().statusCode()).isEqualTo(200);
      }
      // serialised waiters would take 20 x 300 ms; released ones take about two fetches
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
    assertThat(origin.count(path)).isEqualTo(20);
  }

  @Test
  void grace_servesTheStaleObjectAtOnceWhileOneRefreshRuns() throws Exception {
    startEdge(Duration.ofSeconds(60));
    origin.replies.put(path, TestOrigin.Reply.ok("v1", "Cache-Control", "max-age=1"));
    get(path);
    Thread.sleep(2100);
    origin.replies.put(
        path, TestOrigin.Reply.ok("v2", "Cache-Control", "max-age=60").delayed(1500));
    AtomicInteger stale = new AtomicInteger();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<HttpResponse<String>>> all = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        all.add(pool.submit(() -> get(path)));
      }
      for (Future<HttpResponse<String>> f : all) {
        if (f.get().body().equals("v1")
            && cacheStatus(f.get()).contains("stale-while-revalidate")) {
          stale.incrementAndGet();
        }
      }
    }
    assertThat(stale.get()).as("no client waited for the slow refresh").isEqualTo(50);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!get(path).body().equals("v2") && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(get(path).body()).isEqualTo("v2");
    assertThat(origin.count(path)).isEqualTo(2);
  }

  @Test
  void backendsDown_serveStaleWithinStaleIfError_rfc5861() throws Exception {
    origin.replies.put(
        path, TestOrigin.Reply.ok("old", "Cache-Control", "max-age=1, stale-if-error=600"));
    get(path);
    Thread.sleep(2100);
    edge.setState("app", "origin/http", BackendState.MAINT);
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("old");
    assertThat(cacheStatus(r)).contains("detail=stale-if-error");
    assertThat(get(path + "never").statusCode()).isEqualTo(503);
  }

  @Test
  void sessionCookie_makesARedRequestThatBypassesTheCache_andTrackingCookiesAreStripped()
      throws Exception {
    origin.replies.put(path, TestOrigin.Reply.ok("x", "Cache-Control", "public, max-age=60"));
    get(path, "Cookie", "_ga=GA1.2.3; theme=dark");
    assertThat(origin.lastRequestHeaders.get(path)).contains("cookie=theme=dark");
    HttpResponse<String> red = get(path, "Cookie", "BRIGADE_SESSION=abc");
    assertThat(cacheStatus(red)).isEqualTo("brigade; fwd=bypass; detail=session");
    assertThat(origin.count(path)).isEqualTo(2);
    assertThat(cacheStatus(get(path, "Cookie", "_ga=other"))).startsWith("brigade; hit");
    assertThat(edge.metrics()).contains("brigade_edge_requests_by_class_total{class=\"red\"} 1");
  }

  @Test
  void storedBytes_stayWithinTheBound() throws Exception {
    edge.close();
    edge = null;
    PoolConfig pool = EdgeFixture.onePool("origin/http", origin.port(), HealthSettings.DEFAULT);
    long bound = 200_000;
    CacheSettings small =
        new CacheSettings(
            bound,
            20_000,
            Duration.ZERO,
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            "",
            List.of(),
            List.of());
    edge = EdgeServer.start(EdgeFixture.edgeConfig(pool, Timeouts.DEFAULT, Optional.of(small)));
    String kb = "k".repeat(1024);
    for (int i = 0; i < 500; i++) {
      origin.replies.put(path + "/" + i, TestOrigin.Reply.ok(kb, "Cache-Control", "max-age=60"));
      get(path + "/" + i);
    }
    origin.replies.put(
        path + "/big", TestOrigin.Reply.ok("b".repeat(50_000), "Cache-Control", "max-age=60"));
    assertThat(get(path + "/big").body()).hasSize(50_000);
    assertThat(get(path + "/big").body()).hasSize(50_000);
    assertThat(origin.count(path + "/big"))
        .as("larger than max-object: streamed, not stored")
        .isEqualTo(2);
    String metrics = edge.metrics();
    long bytes =
        Long.parseLong(
            metrics
                .lines()
                .filter(l -> l.startsWith("brigade_edge_cache_bytes "))
                .findFirst()
                .orElseThrow()
                .split(" ")[1]);
    assertThat(bytes).isLessThanOrEqualTo(bound);
  }

  @Test
  void staleObject_isRevalidatedWithItsEtagAndThe304Freshens_rfc9111_4_3() throws Exception {
    origin.replies.put(
        path,
        TestOrigin.Reply.ok(
            "body-v1", "Cache-Control", "max-age=1", "ETag", "\"v1\"", "X-Version", "1"));
    get(path);
    Thread.sleep(2100);
    origin.replies.put(
        path,
        TestOrigin.Reply.ok(
            "unused", "Cache-Control", "max-age=60", "ETag", "\"v1\"", "X-Version", "2"));
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("body-v1");
    assertThat(cacheStatus(r)).startsWith("brigade; fwd=stale; fwd-status=304");
    assertThat(r.headers().firstValue("X-Version")).hasValue("2");
    assertThat(origin.lastRequestHeaders.get(path)).contains("if-none-match=\"v1\"");
    HttpResponse<String> again = get(path);
    assertThat(cacheStatus(again)).startsWith("brigade; hit");
    assertThat(again.body()).isEqualTo("body-v1");
    assertThat(origin.count(path)).isEqualTo(2);
  }
}
