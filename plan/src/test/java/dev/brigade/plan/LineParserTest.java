package dev.brigade.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LineParserTest {
  /** What a line parsed into, as strings. */
  record Fields(
      Instant time,
      int offset,
      String method,
      String target,
      int status,
      long bytes,
      int cache,
      String cookie,
      String error) {}

  static Fields parse(LogFormat format, String line) {
    byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
    ParsedLine l = new ParsedLine();
    int next = new LineParser(format).parse(b, 0, b.length, false, l);
    assertThat(next).isEqualTo(b.length);
    return new Fields(
        l.hasTime ? Instant.ofEpochSecond(l.epochSecond) : null,
        l.offsetSeconds,
        new String(b, l.methodStart, l.methodLen, StandardCharsets.UTF_8),
        new String(b, l.targetStart, l.targetLen, StandardCharsets.UTF_8),
        l.status,
        l.bytes,
        l.cache,
        l.cookieLen < 0 ? null : new String(b, l.cookieStart, l.cookieLen, StandardCharsets.UTF_8),
        l.error);
  }

  @Test
  void common_apacheDocsExample() {
    Fields f =
        parse(
            LogFormat.named("common"),
            "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200"
                + " 2326");
    assertThat(f)
        .isEqualTo(
            new Fields(
                Instant.parse("2000-10-10T20:55:36Z"),
                -7 * 3600,
                "GET",
                "/apache_pb.gif",
                200,
                2326,
                ParsedLine.CACHE_UNKNOWN,
                null,
                null));
  }

  @Test
  void combined_apacheDocsExample() {
    Fields f =
        parse(
            LogFormat.named("combined"),
            "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200"
                + " 2326 \"http://www.example.com/start.html\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\"");
    assertThat(f.error()).isNull();
    assertThat(f.target()).isEqualTo("/apache_pb.gif");
    assertThat(f.bytes()).isEqualTo(2326);
  }

  @Test
  void combined_escapedQuoteInUserAgent_andDashSize() {
    Fields f =
        parse(
            LogFormat.named("apache"),
            "203.0.113.9 - - [01/Dec/2026:07:59:01 +0100] \"HEAD /a\\\"b HTTP/1.1\" 304 -"
                + " \"-\" \"Mozilla \\\"quoted\\\" agent\"");
    assertThat(f.error()).isNull();
    assertThat(f.method()).isEqualTo("HEAD");
    assertThat(f.target()).isEqualTo("/a\\\"b");
    assertThat(f.status()).isEqualTo(304);
    assertThat(f.bytes()).isZero();
  }

  @Test
  void vhostCombined_debianApache() {
    Fields f =
        parse(
            LogFormat.named("vhost_combined"),
            "www.example.com:443 203.0.113.9 - - [01/Dec/2026:07:59:01 +0100] \"GET /robots.txt"
                + " HTTP/1.1\" 404 437 \"-\" \"Googlebot/2.1\"");
    assertThat(f.target()).isEqualTo("/robots.txt");
    assertThat(f.status()).isEqualTo(404);
    assertThat(f.time()).isEqualTo(Instant.parse("2026-12-01T06:59:01Z"));
  }

  @Test
  void brigadeEdge_accessLogWithCacheStatus() {
    LogFormat f = LogFormat.named("brigade");
    assertThat(f.hasCacheStatus()).isTrue();
    String base =
        "127.0.0.1 - - [24/Nov/2026:23:10:00 +0000] \"GET /news HTTP/1.1\" 200 1234 \"-\""
            + " \"curl/7.88\" 0.021 app1/http ";
    assertThat(parse(f, base + "hit 8f3a01").cache()).isEqualTo(ParsedLine.CACHE_HIT);
    assertThat(parse(f, base + "stale 8f3a02").cache()).isEqualTo(ParsedLine.CACHE_HIT);
    assertThat(parse(f, base + "miss 8f3a03").cache()).isEqualTo(ParsedLine.CACHE_MISS);
    assertThat(parse(f, base + "revalidated 8f3a04").cache()).isEqualTo(ParsedLine.CACHE_MISS);
    assertThat(parse(f, base + "pass 8f3a05").cache()).isEqualTo(ParsedLine.CACHE_PASS);
    assertThat(parse(f, base + "- 8f3a06").cache()).isEqualTo(ParsedLine.CACHE_UNKNOWN);
    assertThat(parse(f, base + "- 8f3a06").error()).isNull();
  }

  @Test
  void nginx_defaultCombined() {
    Fields f =
        parse(
            LogFormat.named("nginx"),
            "203.0.113.7 - - [01/Dec/2026:08:00:00 +0000] \"GET /index.html HTTP/2.0\" 200 615"
                + " \"-\" \"curl/8.5.0\"");
    assertThat(f.target()).isEqualTo("/index.html");
    assertThat(f.status()).isEqualTo(200);
  }

  @Test
  void nginx_logFormatWithUpstreamCacheStatus() {
    LogFormat f =
        LogFormat.of(
            "$remote_addr - $upstream_cache_status [$time_local] \"$request\" $status"
                + " $body_bytes_sent \"$http_referer\" \"$http_user_agent\"");
    Fields hit =
        parse(
            f,
            "198.51.100.4 - HIT [01/Dec/2026:08:00:01 +0000] \"GET /products/1 HTTP/1.1\" 200 5120"
                + " \"-\" \"Mozilla/5.0\"");
    assertThat(hit.cache()).isEqualTo(ParsedLine.CACHE_HIT);
    assertThat(hit.target()).isEqualTo("/products/1");
    for (String miss : new String[] {"MISS", "EXPIRED", "REVALIDATED"}) {
      assertThat(
              parse(
                      f,
                      "198.51.100.4 - "
                          + miss
                          + " [01/Dec/2026:08:00:01 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"x\"")
                  .cache())
          .as(miss)
          .isEqualTo(ParsedLine.CACHE_MISS);
    }
    assertThat(
            parse(
                    f,
                    "198.51.100.4 - UPDATING [01/Dec/2026:08:00:01 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"x\"")
                .cache())
        .isEqualTo(ParsedLine.CACHE_HIT);
    assertThat(
            parse(
                    f,
                    "198.51.100.4 - BYPASS [01/Dec/2026:08:00:01 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"x\"")
                .cache())
        .isEqualTo(ParsedLine.CACHE_PASS);
  }

  @Test
  void nginx_iso8601AndRequestTime() {
    LogFormat f =
        LogFormat.of(
            "$remote_addr [$time_iso8601] \"$request\" $status $bytes_sent $request_time"
                + " $upstream_cache_status");
    Fields x =
        parse(f, "::1 [2026-12-01T08:00:02+01:00] \"GET /a.css HTTP/1.1\" 200 700 0.000 STALE");
    assertThat(x.time()).isEqualTo(Instant.parse("2026-12-01T07:00:02Z"));
    assertThat(x.offset()).isEqualTo(3600);
    assertThat(x.cache()).isEqualTo(ParsedLine.CACHE_HIT);
  }

  @Test
  void nginx_msec() {
    Fields x =
        parse(
            LogFormat.of("$msec \"$request\" $status $body_bytes_sent"),
            "1764576000.123 \"GET / HTTP/1.1\" 200 12");
    assertThat(x.time()).isEqualTo(Instant.ofEpochSecond(1764576000L));
  }

  @Test
  void varnishncsa_defaultWithAbsoluteUrl() {
    Fields f =
        parse(
            LogFormat.named("varnishncsa"),
            "192.0.2.10 - - [01/Dec/2026:08:00:03 +0000] \"GET"
                + " http://www.example.com/products/2?x=1 HTTP/1.1\" 200 4096 \"-\" \"Mozilla/5.0\"");
    assertThat(f.target()).isEqualTo("/products/2?x=1");
  }

  @Test
  void varnishncsa_hitmissAndHandling() {
    LogFormat f =
        LogFormat.of(
            "%h %l %u %t \"%r\" %s %b \"%{Referer}i\" \"%{User-agent}i\" %{Varnish:hitmiss}x");
    String base =
        "192.0.2.10 - - [01/Dec/2026:08:00:03 +0000] \"GET http://shop/ HTTP/1.1\" 200 1 \"-\" \"M\" ";
    assertThat(parse(f, base + "hit").cache()).isEqualTo(ParsedLine.CACHE_HIT);
    assertThat(parse(f, base + "miss").cache()).isEqualTo(ParsedLine.CACHE_MISS);
    assertThat(parse(f, base + "miss").target()).isEqualTo("/");
    LogFormat h = LogFormat.of("%h %t \"%r\" %s %b %{Varnish:handling}x");
    String b2 = "192.0.2.10 [01/Dec/2026:08:00:03 +0000] \"GET / HTTP/1.1\" 200 1 ";
    assertThat(parse(h, b2 + "pass").cache()).isEqualTo(ParsedLine.CACHE_PASS);
    assertThat(parse(h, b2 + "pipe").cache()).isEqualTo(ParsedLine.CACHE_PASS);
    assertThat(parse(h, b2 + "synth").cache()).isEqualTo(ParsedLine.CACHE_HIT);
    assertThat(parse(h, b2 + "hitpass").cache()).isEqualTo(ParsedLine.CACHE_MISS);
  }

  @Test
  void apacheFormatString_withCookieAndMicroseconds() {
    LogFormat f = LogFormat.of("%h %l %u %t \"%r\" %>s %B %D \"%{Cookie}i\"");
    Fields x =
        parse(
            f,
            "10.1.1.1 - - [01/Dec/2026:08:00:04 +0000] \"POST /cart HTTP/1.1\" 302 0 5123"
                + " \"PHPSESSID=abc; _ga=1\"");
    assertThat(x.cookie()).isEqualTo("PHPSESSID=abc; _ga=1");
    assertThat(x.method()).isEqualTo("POST");
    assertThat(
            parse(f, "10.1.1.1 - - [01/Dec/2026:08:00:04 +0000] \"GET / HTTP/1.1\" 200 0 5 \"-\"")
                .cookie())
        .isNull();
  }

  @Test
  void requestLineMissing_orTruncated_keepsWhatIsThere() {
    LogFormat f = LogFormat.named("common");
    Fields dash = parse(f, "203.0.113.5 - - [01/Dec/2026:08:00:04 +0000] \"-\" 408 -");
    assertThat(dash.error()).isNull();
    assertThat(dash.method()).isEqualTo("-");
    assertThat(dash.target()).isEmpty();
    Fields http09 = parse(f, "203.0.113.5 - - [01/Dec/2026:08:00:04 +0000] \"GET /old\" 200 10");
    assertThat(http09.target()).isEqualTo("/old");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "bad month|1.2.3.4 - - [10/Foo/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 1|bad time (want 10/Oct/2000:13:55:36 -0700)",
        "hour 24|1.2.3.4 - - [10/Oct/2000:24:55:36 -0700] \"GET / HTTP/1.0\" 200 1|bad time (want 10/Oct/2000:13:55:36 -0700)",
        "no zone|1.2.3.4 - - [10/Oct/2000:13:55:36] \"GET / HTTP/1.0\" 200 1|bad time (want 10/Oct/2000:13:55:36 -0700)",
        "status letters|1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" OK 1|bad status",
        "status 4 digits|1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 2000 1|bad status",
        "size letters|1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 12k|bad size",
        "open quote|1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0 200 1|no closing quote",
        "extra field|1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 1 \"-\"|bad size",
      })
  void malformedCommonLines_sayWhatIsWrong(String what, String line, String reason) {
    assertThat(parse(LogFormat.named("common"), line).error()).isEqualTo(reason);
  }

  @Test
  void lineWithCarriageReturn_parses() {
    Fields f =
        parse(
            LogFormat.named("common"),
            "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 1\r");
    assertThat(f.error()).isNull();
    assertThat(f.bytes()).isEqualTo(1);
  }

  @Test
  void detection_picksTheMostSpecificFormatThatFits() {
    String combined =
        "127.0.0.1 - - [24/Nov/2026:23:10:00 +0000] \"GET /news HTTP/1.1\" 200 1234 \"-\" \"curl\"";
    assertThat(detect(combined + " 0.021 app1/http hit 8f3a")).isEqualTo("brigade");
    assertThat(detect(combined)).isEqualTo("combined");
    assertThat(detect("127.0.0.1 - - [24/Nov/2026:23:10:00 +0000] \"GET / HTTP/1.1\" 200 1"))
        .isEqualTo("common");
    assertThat(detect("shop:80 " + combined)).isEqualTo("vhost_combined");
    assertThat(TrafficAnalyzer.detect(new byte[] {'x', '\n'}, 2)).isNull();
  }

  private static String detect(String line) {
    byte[] b = (line + "\n" + line + "\n").getBytes(StandardCharsets.UTF_8);
    return TrafficAnalyzer.detect(b, b.length).name();
  }

  @Test
  void formatStrings_withoutTimeOrRequest_areRefused() {
    assertThatThrownBy(() -> LogFormat.of("%h \"%r\" %>s")).hasMessageContaining("no time");
    assertThatThrownBy(() -> LogFormat.of("%h %t %>s")).hasMessageContaining("no request");
    assertThatThrownBy(() -> LogFormat.of("%h%u %t \"%r\""))
        .hasMessageContaining("nothing between");
    assertThatThrownBy(() -> LogFormat.of("%{Referer %t \"%r\""))
        .hasMessageContaining("closing '}'");
    assertThatThrownBy(() -> LogFormat.named("iis")).hasMessageContaining("known: brigade");
  }
}
