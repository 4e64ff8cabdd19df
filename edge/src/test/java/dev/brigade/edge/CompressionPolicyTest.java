package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The compression rules as pure functions: Accept-Encoding, what is compressed, which form a client
 * gets, the compact stored form. No sockets.
 */
class CompressionPolicyTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final CachePolicy POLICY = new CachePolicy(InstantSource.fixed(NOW));
  private static final byte[] TEXT =
      "compressible text, compressible text. ".repeat(40).getBytes(StandardCharsets.UTF_8);

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

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(
      delimiter = '>',
      textBlock =
          """
      gzip > true
      GZIP > true
      x-gzip > true
      gzip, deflate, br > true
      br;q=1.0, gzip;q=0.8 > true
      gzip;q=0 > false
      gzip;q=0.000 > false
      gzip ; q=0 , * > false
      *;q=0.5 > true
      *;q=0 > false
      identity > false
      br > false
      deflate, br > false
      gzip;q=2 > false
      gzip;q=abc > false
      gzip;q=0.5;level=1 > true
      gzip;Q=0.001 > true
      '' > false
      """)
  void acceptEncoding_gzipWithQValues_rfc9110_12_5_3(String field, boolean gzip) {
    assertThat(AcceptEncoding.gzip(List.of(field))).as(field).isEqualTo(gzip);
  }

  @Test
  void acceptEncoding_severalLinesAndTheSizeLimit() {
    assertThat(AcceptEncoding.gzip(List.of("br", "gzip"))).isTrue();
    assertThat(AcceptEncoding.gzip(List.of("*", "gzip;q=0"))).isFalse();
    assertThat(AcceptEncoding.gzip(List.of())).isFalse();
    String huge = "x-custom, ".repeat(500) + "gzip";
    assertThat(huge.length()).isGreaterThan(AcceptEncoding.MAX_LENGTH);
    assertThat(AcceptEncoding.gzip(List.of(huge))).isFalse();
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @CsvSource(
      delimiter = '>',
      textBlock =
          """
      Content-Type: text/html; charset=utf-8 > 1000 > true
      Content-Type: TEXT/CSS > 1000 > true
      Content-Type: application/json > 1000 > true
      Content-Type: application/javascript > 1000 > true
      Content-Type: image/svg+xml > 1000 > true
      Content-Type: image/png > 1000 > false
      Content-Type: application/octet-stream > 1000 > false
      Content-Type: text/plain > 255  > false
      Content-Type: text/plain > 256  > true
      Content-Type: text/plain|Content-Encoding: gzip > 1000 > false
      Content-Type: text/plain|Content-Encoding: identity > 1000 > true
      Content-Type: text/plain|Cache-Control: no-transform > 1000 > false
      Content-Type: text/plain|Cache-Control: public, No-Transform > 1000 > false
      Cache-Control: max-age=60 > 1000 > false
      """)
  void whatTheEdgeCompresses(String response, int length, boolean compresses) {
    assertThat(Compression.DEFAULT.compresses(200, headers(response), length))
        .isEqualTo(compresses);
    assertThat(Compression.OFF.compresses(200, headers(response), length)).isFalse();
  }

  @Test
  void statusesWithoutABody_andConfiguredTypes() {
    HttpHeaders h = headers("Content-Type: text/plain");
    assertThat(Compression.DEFAULT.compresses(204, h, 1000)).isFalse();
    assertThat(Compression.DEFAULT.compresses(206, h, 1000)).isFalse();
    assertThat(Compression.DEFAULT.compresses(404, h, 1000)).isTrue();
    Compression onlyJson = new Compression(true, 6, 10, List.of("Application/JSON"));
    assertThat(onlyJson.compresses(200, h, 1000)).isFalse();
    assertThat(onlyJson.compresses(200, headers("Content-Type: application/json"), 20)).isTrue();
  }

  @Test
  void gzipRoundTrip_andTheDecodeLimit() {
    byte[] gz = Compression.gzip(TEXT, 5);
    assertThat(gz.length).isLessThan(TEXT.length / 4);
    assertThat(Compression.gunzip(gz, 0, gz.length, TEXT.length)).isEqualTo(TEXT);
    assertThat(Compression.gunzip(gz, 0, gz.length, TEXT.length - 1)).isNull();
    assertThat(Compression.gunzip(TEXT, 0, TEXT.length, 1 << 20)).isNull();
    assertThat(Compression.gunzip(gz, 0, gz.length / 2, 1 << 20)).isNull();
  }

  @Test
  void storedGzip_decodedToItsKnownLength_withNamesAndExtrasInTheHeader() {
    byte[] gz = Compression.gzip(TEXT, 5);
    assertThat(Compression.decodeStored(gz, TEXT.length)).isEqualTo(TEXT);
    assertThat(Compression.decodeStored(gz, TEXT.length + 1)).isNull();
    byte[] extra = {4, 0, 'a', 'b', 'c', 'd'};
    byte[] name = {'p', '.', 'h', 't', 'm', 'l', 0};
    byte[] named = new byte[gz.length + extra.length + name.length];
    System.arraycopy(gz, 0, named, 0, 10);
    named[3] = (byte) (4 | 8);
    System.arraycopy(extra, 0, named, 10, extra.length);
    System.arraycopy(name, 0, named, 10 + extra.length, name.length);
    System.arraycopy(gz, 10, named, 10 + extra.length + name.length, gz.length - 10);
    assertThat(Compression.decodeStored(named, TEXT.length)).isEqualTo(TEXT);
    assertThat(Compression.gunzip(named, 0, named.length, 1 << 20)).isEqualTo(TEXT);
    assertThat(Compression.decodeStored(TEXT, TEXT.length)).isNull();
    assertThat(Compression.decodeStored(Arrays.copyOf(gz, 12), TEXT.length)).isNull();
  }

  @Test
  void varyAndWeakEtags() {
    HttpHeaders h = headers("Vary: Origin");
    Compression.vary(h);
    Compression.vary(h);
    assertThat(h.getAll("Vary")).containsExactly("Origin", "Accept-Encoding");
    HttpHeaders star = headers("Vary: *");
    Compression.vary(star);
    assertThat(star.getAll("Vary")).containsExactly("*");
    assertThat(Compression.weak("\"a\"")).isEqualTo("W/\"a\"");
    assertThat(Compression.weak("W/\"a\"")).isEqualTo("W/\"a\"");
  }

  private static StoredResponse fill(String response, byte[] body, String request) {
    return POLICY.stored(
        Compression.DEFAULT, 1 << 20, 200, headers(response), body, headers(request), NOW, NOW, 3);
  }

  @Test
  void storedOnceGzipped_servedGzipOrDecoded_rangesOfTheIdentityForm() {
    StoredResponse s =
        fill("Content-Type: text/plain|ETag: \"e\"|Vary: Accept-Encoding", TEXT, "Host: a");
    assertThat(s.encoding()).isEqualTo(StoredResponse.EDGE_GZIP);
    assertThat(s.identityLength()).isEqualTo(TEXT.length);
    assertThat(s.body().length).isLessThan(TEXT.length);
    assertThat(s.variant()).isEmpty(); // Accept-Encoding does not split it
    assertThat(s.etag()).isEqualTo("\"e\"");
    assertThat(s.header("content-encoding")).isNull();

    ServedForm gz = ServedForm.of(s, headers("Accept-Encoding: gzip"), false);
    assertThat(gz.gzip()).isTrue();
    assertThat(gz.body()).isSameAs(s.body());
    assertThat(gz.ranges()).isFalse();
    HttpHeaders out = s.headers();
    gz.apply(out, s);
    assertThat(out.get("Content-Encoding")).isEqualTo("gzip");
    assertThat(out.get("ETag")).isEqualTo("W/\"e\"");
    assertThat(out.getAll("Vary")).containsExactly("Accept-Encoding");

    ServedForm plain = ServedForm.of(s, headers("Accept-Encoding: gzip;q=0"), false);
    assertThat(plain.gzip()).isFalse();
    assertThat(plain.body()).isEqualTo(TEXT);
    out = s.headers();
    plain.apply(out, s);
    assertThat(out.get("ETag")).isEqualTo("\"e\"");
    assertThat(out.contains("Content-Encoding")).isFalse();

    ServedForm range = ServedForm.of(s, headers("Accept-Encoding: gzip|Range: bytes=0-1"), false);
    assertThat(range.gzip()).isFalse();
    assertThat(range.ranges()).isTrue();
    assertThat(RangeRequest.of(headers("Range: bytes=-3"), s, range.length(), NOW))
        .containsExactly(TEXT.length - 3, TEXT.length - 1);

    ServedForm head = ServedForm.of(s, headers(""), true);
    assertThat(head.body()).isNull();
    assertThat(head.length()).isEqualTo(TEXT.length);
  }

  @Test
  void originGzip_checkedWhenStored_decodedForOthers_andOtherEncodingsKeepTheirVariants() {
    byte[] gz = Compression.gzip(TEXT, 9);
    StoredResponse s =
        fill(
            "Content-Type: text/plain|Content-Encoding: gzip|ETag: \"o\"|Vary: accept-encoding",
            gz,
            "Accept-Encoding: gzip");
    assertThat(s.encoding()).isEqualTo(StoredResponse.ORIGIN_GZIP);
    assertThat(s.identityLength()).isEqualTo(TEXT.length);
    assertThat(s.variant()).isEmpty();
    ServedForm plain = ServedForm.of(s, headers(""), false);
    assertThat(plain.body()).isEqualTo(TEXT);
    HttpHeaders out = s.headers();
    plain.apply(out, s);
    assertThat(out.contains("Content-Encoding")).isFalse();
    assertThat(out.get("ETag")).isEqualTo("W/\"o\"");
    assertThat(plain.ranges()).isFalse();
    ServedForm asIs = ServedForm.of(s, headers("Accept-Encoding: gzip"), false);
    out = s.headers();
    asIs.apply(out, s);
    assertThat(out.get("Content-Encoding")).isEqualTo("gzip");
    assertThat(asIs.body()).isSameAs(gz);

    StoredResponse broken =
        fill("Content-Type: text/plain|Content-Encoding: gzip|Vary: Accept-Encoding", TEXT, "");
    assertThat(broken.encoding()).isEqualTo(StoredResponse.OTHER);
    assertThat(broken.variant()).isEqualTo("accept-encoding=identity\n");
    StoredResponse br =
        fill(
            "Content-Type: text/plain|Content-Encoding: br|Vary: Accept-Encoding",
            TEXT,
            "Accept-Encoding: br, gzip");
    assertThat(br.encoding()).isEqualTo(StoredResponse.OTHER);
    assertThat(br.variant()).isEqualTo("accept-encoding=br\n");
    assertThat(HttpCache.keyVary(List.of("accept-encoding", "origin"), br.encoding()))
        .containsExactly("accept-encoding", "origin");
    assertThat(HttpCache.keyVary(List.of("accept-encoding", "origin"), s.encoding()))
        .containsExactly("origin");
  }

  @Test
  void theCompactForm_keepsEveryHeaderInOrder_andRefreshesWithHostAndVaryFieldsOnly() {
    StoredResponse s =
        fill(
            "Content-Type: image/png|Set-Cookie: x=1|X-A: 1|X-A: 2|Cache-Control: max-age=9|"
                + "Surrogate-Key: t1 t2|Vary: Origin, Cookie|"
                + "Last-Modified: Sun, 06 Nov 1994 08:49:37 GMT",
            new byte[512],
            "Host: Shop.Example|Origin: https://a|Cookie: s=secret|Authorization: Basic x");
    assertThat(s.encoding()).isEqualTo(StoredResponse.IDENTITY);
    HttpHeaders back = s.headers();
    assertThat(back.getAll("X-A")).containsExactly("1", "2");
    assertThat(back.get("content-type")).isEqualTo("image/png");
    assertThat(back.contains("Date")).isTrue();
    assertThat(back.contains("Set-Cookie")).isFalse();
    assertThat(s.header("LAST-MODIFIED")).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    assertThat(s.header("X-Missing")).isNull();
    assertThat(s.tags()).containsExactly("t1", "t2");
    assertThat(s.tagged("t2")).isTrue();
    assertThat(s.lifetime()).isEqualTo(9);
    assertThat(s.responseTime()).isEqualTo(NOW);
    assertThat(s.fetchMillis()).isEqualTo(3);
    HttpHeaders refresh = s.refreshHeaders("shop.example /p?x=1");
    assertThat(refresh.get("Host")).isEqualTo("shop.example");
    assertThat(refresh.get("Origin")).isEqualTo("https://a");
    assertThat(refresh.contains("Cookie")).isFalse();
    assertThat(refresh.contains("Authorization")).isFalse();
    assertThat(Arrays.asList(refresh.names().toArray())).hasSize(2);
  }

  @Test
  void weight_countsTheHeadAndBodyArraysAndASmallFixedPart() {
    StoredResponse s =
        fill("Content-Type: image/png|Cache-Control: max-age=60", new byte[512], "Host: a");
    int head = 0;
    for (var e : s.headers()) {
      head += e.getKey().length() + 2 + e.getValue().length() + 2;
    }
    assertThat(s.weight()).isBetween(512 + head, 512 + head + 160);
  }
}
