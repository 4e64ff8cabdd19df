package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The cache's rules as pure functions of headers and a fixed clock: no sockets, no sleeps. */
class CachePolicyTest {
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  private static final CachePolicy POLICY = new CachePolicy(InstantSource.fixed(NOW));

  private static HttpHeaders headers(String spec) {
    HttpHeaders h = new DefaultHttpHeaders();
    if (spec != null && !spec.isBlank()) {
      for (String field : spec.split("\\|")) {
        int colon = field.indexOf(':');
        h.add(field.substring(0, colon).strip(), field.substring(colon + 1).strip());
      }
    }
    return h;
  }

  private static StoredResponse stored(String responseHeaders) {
    return POLICY.stored(
        200, headers(responseHeaders), new byte[10], headers("Host: a"), NOW, NOW, 1);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
      RFC 9110 5.6.7 IMF-fixdate           ; Sun, 06 Nov 1994 08:49:37 GMT ; 1994-11-06T08:49:37Z
      RFC 9110 5.6.7 one-digit day          ; Sun, 6 Nov 1994 08:49:37 GMT  ; 1994-11-06T08:49:37Z
      RFC 9110 5.6.7 RFC 850                ; Sunday, 06-Nov-94 08:49:37 GMT ; 1994-11-06T08:49:37Z
      RFC 9110 5.6.7 RFC 850 years ahead    ; Thursday, 24-Nov-50 08:49:37 GMT ; 2050-11-24T08:49:37Z
      RFC 9110 5.6.7 RFC 850 50-year rule   ; Friday, 24-Nov-90 08:49:37 GMT ; 1990-11-24T08:49:37Z
      RFC 9110 5.6.7 asctime                ; Sun Nov  6 08:49:37 1994      ; 1994-11-06T08:49:37Z
      RFC 9110 5.6.7 not a date             ; yesterday                     ;
      RFC 9110 5.6.7 not GMT                ; Sun, 06 Nov 1994 08:49:37 PST ;
      """)
  void dates_inAllThreeFormats(String rule, String value, String expected) {
    assertThat(HttpDates.parse(value, NOW))
        .as(rule)
        .isEqualTo(expected == null ? null : Instant.parse(expected));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
      RFC 9111 4.2.1 s-maxage first            ; Cache-Control: max-age=60, s-maxage=5 ; 5
      RFC 9111 4.2.1 max-age                    ; Cache-Control: max-age=60             ; 60
      RFC 9111 1.2.2 huge max-age capped 2^31   ; Cache-Control: max-age=99999999999999999999 ; 2147483648
      RFC 9111 1.2.2 invalid max-age is stale   ; Cache-Control: max-age=soon           ; 0
      RFC 9111 4.2.1 Expires minus Date         ; Date: Tue, 24 Nov 2026 12:00:00 GMT|Expires: Tue, 24 Nov 2026 12:10:00 GMT ; 600
      RFC 9111 5.3 invalid Expires is stale     ; Expires: 0                            ; 0
      RFC 9111 4.2.2 heuristic 10 % of age      ; Date: Tue, 24 Nov 2026 12:00:00 GMT|Last-Modified: Tue, 24 Nov 2026 11:00:00 GMT ; 360
      RFC 9213 2.2 targeted field wins          ; Cache-Control: max-age=60|CDN-Cache-Control: max-age=600 ; 600
      RFC 9213 2.1 invalid targeted field ignored ; Cache-Control: max-age=60|CDN-Cache-Control: max-age=600, Bad ; 60
      RFC 8941 4.2.2 trailing comma is invalid  ; Cache-Control: max-age=60|CDN-Cache-Control: max-age=600, ; 60
      """)
  void freshnessLifetime(String rule, String response, long lifetime) {
    assertThat(stored(response).lifetime()).as(rule).isEqualTo(lifetime);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
      RFC 9111 4.2.3 Age counts                 ; Age: 30                     ; 30
      RFC 9111 1.2.2 Age of 10+ digits is 2^31  ; Age: 99999999999            ; 2147483648
      RFC 9111 4.2.3 invalid Age ignored        ; Age: -5                     ; 0
      RFC 9111 4.2.3 apparent age from Date     ; Date: Tue, 24 Nov 2026 11:59:00 GMT ; 60
      """)
  void initialAge(String rule, String response, long age) {
    assertThat(stored(response).age(NOW)).as(rule).isEqualTo(age);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
      RFC 9111 3 no-store                        ; Cache-Control: no-store, max-age=60            ; no-store
      RFC 9111 3 private                         ; Cache-Control: private, max-age=60             ; private
      RFC 9111 4.1 Vary star                     ; Cache-Control: max-age=60|Vary: *              ; vary-star
      RFC 9111 4.1 Vary star among other names   ; Cache-Control: max-age=60|Vary: Accept, *      ; vary-star
      RFC 9111 7.3 Set-Cookie not shared         ; Cache-Control: public, s-maxage=60|Set-Cookie: a=b ; set-cookie
      RFC 9111 3 no freshness information        ; Content-Type: text/html                        ; no-freshness
      RFC 9111 3 max-age may be stored           ; Cache-Control: max-age=60                      ;
      """)
  void storability(String rule, String response, String why) {
    io.netty.handler.codec.http.HttpRequest get =
        new io.netty.handler.codec.http.DefaultHttpRequest(
            io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
            io.netty.handler.codec.http.HttpMethod.GET,
            "/");
    assertThat(CachePolicy.storable(get, 200, headers(response), false)).as(rule).isEqualTo(why);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
      RFC 9111 4.2.4 stale without permission        ; Cache-Control: max-age=10 ;            ; 0  ; false
      RFC 5861 3 within stale-while-revalidate       ; Cache-Control: max-age=10, stale-while-revalidate=60 ; ; 0 ; true
      RFC 9111 5.2.1.2 client max-stale              ; Cache-Control: max-age=10 ; max-stale=60 ; 0 ; true
      RFC 9111 5.2.1.2 client max-stale too short    ; Cache-Control: max-age=10 ; max-stale=5  ; 0 ; false
      RFC 9111 5.2.2.2 must-revalidate beats max-stale ; Cache-Control: max-age=10, must-revalidate ; max-stale ; 0 ; false
      RFC 9111 5.2.2.10 s-maxage implies proxy-revalidate ; Cache-Control: s-maxage=10 ; max-stale ; 0 ; false
      RFC 9111 4.2.4 explicit grace departs          ; Cache-Control: max-age=10 ;            ; 60 ; true
      """)
  void staleWhileConnected(
      String rule, String response, String requestCc, long graceSeconds, boolean allowed) {
    StoredResponse s = stored(response);
    Instant later = NOW.plusSeconds(30);
    CacheControl rq = CacheControl.parse(requestCc == null ? List.of() : List.of(requestCc));
    assertThat(CacheRules.staleAllowed(s, rq, later, Duration.ofSeconds(graceSeconds)))
        .as(rule)
        .isEqualTo(allowed);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
      RFC 5861 4 within stale-if-error               ; Cache-Control: max-age=10, stale-if-error=600 ; 0   ; true
      RFC 9111 4.2.4 disconnected window             ; Cache-Control: max-age=10                    ; 600 ; true
      RFC 9111 4.2.4 no window, no permission        ; Cache-Control: max-age=10                    ; 0   ; false
      RFC 9111 5.2.2.2 must-revalidate when disconnected ; Cache-Control: max-age=10, must-revalidate ; 600 ; false
      RFC 9111 5.2.2.10 s-maxage yields to stale-if-error ; Cache-Control: s-maxage=10, stale-if-error=600 ; 0 ; true
      """)
  void staleOnError(String rule, String response, long windowSeconds, boolean allowed) {
    StoredResponse s = stored(response);
    assertThat(
            CacheRules.staleOnErrorAllowed(
                s, NOW.plusSeconds(30), Duration.ofSeconds(windowSeconds)))
        .as(rule)
        .isEqualTo(allowed);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
      RFC 9110 14.1.2 first bytes        ; bytes=0-3   ;         ; 0-3
      RFC 9110 14.1.2 open range         ; bytes=4-    ;         ; 4-9
      RFC 9110 14.1.2 suffix             ; bytes=-2    ;         ; 8-9
      RFC 9110 14.1.2 last beyond length ; bytes=5-100 ;         ; 5-9
      RFC 9110 15.5.17 unsatisfiable     ; bytes=10-   ;         ; none
      RFC 9110 14.2 several ranges: all  ; bytes=0-1,3-4 ;       ; all
      RFC 9110 14.2 other unit: all      ; items=0-1   ;         ; all
      RFC 9110 13.1.5 If-Range mismatch  ; bytes=0-3   ; "other" ; all
      RFC 9110 13.1.5 If-Range match     ; bytes=0-3   ; "v1"    ; 0-3
      """)
  void rangeFromAStoredFullResponse(String rule, String range, String ifRange, String expected) {
    StoredResponse s = stored("Cache-Control: max-age=60|ETag: \"v1\"");
    HttpHeaders rq = headers("Range: " + range + (ifRange == null ? "" : "|If-Range: " + ifRange));
    long[] r = RangeRequest.of(rq, s, NOW);
    String got = r == null ? "all" : r.length == 0 ? "none" : r[0] + "-" + r[1];
    assertThat(got).as(rule).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = "=>",
      textBlock =
          """
      RFC 9211 2 our entry alone       =>                        => brigade; hit
      RFC 9211 2 appended after upstream => OriginCache; hit; ttl=5 => OriginCache; hit; ttl=5, brigade; hit
      """)
  void cacheStatus_appendsAfterUpstreamEntries(String rule, String upstream, String expected) {
    HttpHeaders h = new DefaultHttpHeaders();
    if (upstream != null) {
      h.set("Cache-Status", upstream);
    }
    CachePolicy.cacheStatus(h, "hit");
    assertThat(h.get("Cache-Status")).as(rule).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
      RFC 9111 4.3.4 304 Date and Age replace the old ones ; Date: Tue, 24 Nov 2026 12:00:00 GMT ; 0
      RFC 9111 4.3.4 304 without Date: received now         ;                                     ; 0
      """)
  void notModified_freshensWithItsOwnAge(String rule, String notModified, long age) {
    StoredResponse old =
        POLICY.stored(
            200,
            headers("CDN-Cache-Control: max-age=600|Date: Tue, 24 Nov 2026 10:00:00 GMT|Age: 50"),
            new byte[1],
            headers("Host: a"),
            NOW.minusSeconds(7200),
            NOW.minusSeconds(7200),
            1);
    StoredResponse r = POLICY.freshened(old, headers(notModified), headers("Host: a"), NOW, NOW, 1);
    assertThat(r.age(NOW)).as(rule).isEqualTo(age);
    assertThat(r.lifetime()).as("the targeted field still counts after a 304").isEqualTo(600);
    assertThat(CachePolicy.served(r, NOW).contains("CDN-Cache-Control"))
        .as("and is never served")
        .isFalse();
  }
}
