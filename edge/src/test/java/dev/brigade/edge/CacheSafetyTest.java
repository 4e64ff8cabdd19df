package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: the cache never answers from storage when RFC 9111's rules forbid it, and does answer
 * when they allow it. Each case is a fixed seed drawing response directives (Cache-Control, the
 * targeted CDN-Cache-Control, Expires, Vary) and request fields (Authorization, Cache-Control),
 * then fetching twice; a reference written from the RFC's text decides what the second fetch may
 * be.
 */
class CacheSafetyTest {
  private static TestOrigin origin;
  private static EdgeServer edge;
  private static HttpClient client;

  private static final List<String> DIRECTIVES =
      List.of(
          "public",
          "private",
          "no-store",
          "no-cache",
          "max-age=3600",
          "max-age=0",
          "s-maxage=3600",
          "s-maxage=0",
          "must-revalidate");

  @BeforeAll
  static void start() throws Exception {
    origin = new TestOrigin();
    PoolConfig pool =
        EdgeFixture.onePool(
            "origin/http", origin.port(), new HealthSettings(8, 3, 0, 0, 0, Duration.ZERO));
    CacheSettings cache =
        new CacheSettings(
            64L << 20,
            1L << 20,
            Duration.ZERO,
            Duration.ofSeconds(10),
            Duration.ofSeconds(10),
            "",
            List.of(),
            List.of());
    edge = EdgeServer.start(EdgeFixture.edgeConfig(pool, Timeouts.DEFAULT, Optional.of(cache)));
    client = HttpClient.newHttpClient();
  }

  @AfterAll
  static void stop() {
    edge.close();
    origin.close();
    client.close();
  }

  static IntStream seeds() {
    return IntStream.rangeClosed(1, 300);
  }

  private static List<String> subset(Random r, int max) {
    List<String> out = new ArrayList<>();
    int n = r.nextInt(max + 1);
    for (int i = 0; i < n; i++) {
      String d = DIRECTIVES.get(r.nextInt(DIRECTIVES.size()));
      if (!out.contains(d)) {
        out.add(d);
      }
    }
    return out;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void secondFetch_isAHitExactlyWhenTheRulesAllowIt(int seed) throws Exception {
    Random r = new Random(seed);
    List<String> cc = subset(r, 3);
    List<String> targeted = r.nextInt(4) == 0 ? subset(r, 2) : null;
    String expires =
        switch (r.nextInt(4)) {
          case 0 ->
              DateTimeFormatter.RFC_1123_DATE_TIME.format(
                  ZonedDateTime.now(ZoneOffset.UTC).plusHours(1));
          case 1 ->
              DateTimeFormatter.RFC_1123_DATE_TIME.format(
                  ZonedDateTime.now(ZoneOffset.UTC).minusHours(1));
          default -> null;
        };
    boolean varyStar = r.nextInt(10) == 0;
    boolean authorization = r.nextInt(4) == 0;
    String requestCc =
        switch (r.nextInt(6)) {
          case 0 -> "no-cache";
          case 1 -> "max-age=0";
          case 2 -> "no-store";
          default -> null;
        };

    Map<String, String> headers = new LinkedHashMap<>();
    if (!cc.isEmpty()) {
      headers.put("Cache-Control", String.join(", ", cc));
    }
    if (targeted != null) {
      headers.put(
          "CDN-Cache-Control", targeted.isEmpty() ? "max-age=3600" : String.join(", ", targeted));
    }
    if (expires != null) {
      headers.put("Expires", expires);
    }
    if (varyStar) {
      headers.put("Vary", "*");
    }
    String path = "/safety/" + seed;
    origin.replies.put(path, new TestOrigin.Reply(200, headers, "x", 0));

    fetch(path, authorization, null);
    HttpResponse<String> second = fetch(path, authorization, requestCc);
    boolean hit = second.headers().firstValue("Cache-Status").orElse("").contains("; hit");

    List<String> effective =
        targeted != null ? (targeted.isEmpty() ? List.of("max-age=3600") : targeted) : cc;
    boolean allowed = reference(effective, expires, varyStar, authorization, requestCc);
    assertThat(hit)
        .as(
            "response %s, Authorization %s, request Cache-Control %s",
            headers, authorization, requestCc)
        .isEqualTo(allowed);
  }

  private static HttpResponse<String> fetch(String path, boolean authorization, String cacheControl)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.address().getPort() + path))
            .timeout(Duration.ofSeconds(10));
    if (authorization) {
      b.header("Authorization", "Bearer secret");
    }
    if (cacheControl != null) {
      b.header("Cache-Control", cacheControl);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** RFC 9111 sections 3, 3.5, 4.2.1 and 5.2, for a second fetch right after the first. */
  private static boolean reference(
      List<String> d, String expires, boolean varyStar, boolean authorization, String requestCc) {
    boolean storable =
        !d.contains("no-store")
            && !d.contains("private")
            && !varyStar
            && !(authorization
                && !(d.contains("public")
                    || d.stream().anyMatch(x -> x.startsWith("s-maxage"))
                    || d.contains("must-revalidate")))
            && (d.stream().anyMatch(x -> x.startsWith("max-age") || x.startsWith("s-maxage"))
                || expires != null
                || d.contains("public")
                || d.contains("no-cache"));
    // the first fetch carries no request Cache-Control, so it was stored when storable
    if (!storable || "no-cache".equals(requestCc) || "max-age=0".equals(requestCc)) {
      return false;
    }
    if (d.contains("no-cache")) {
      return false;
    }
    long lifetime;
    if (d.contains("s-maxage=3600") || d.contains("s-maxage=0")) {
      lifetime =
          d.indexOf("s-maxage=3600") >= 0
                  && (d.indexOf("s-maxage=0") < 0
                      || d.indexOf("s-maxage=3600") < d.indexOf("s-maxage=0"))
              ? 3600
              : 0;
    } else if (d.contains("max-age=3600") || d.contains("max-age=0")) {
      lifetime =
          d.indexOf("max-age=3600") >= 0
                  && (d.indexOf("max-age=0") < 0
                      || d.indexOf("max-age=3600") < d.indexOf("max-age=0"))
              ? 3600
              : 0;
    } else if (expires != null) {
      lifetime =
          ZonedDateTime.parse(expires, DateTimeFormatter.RFC_1123_DATE_TIME)
                  .isAfter(ZonedDateTime.now(ZoneOffset.UTC))
              ? 3600
              : 0;
    } else {
      lifetime = 0;
    }
    return lifetime > 1;
  }
}
