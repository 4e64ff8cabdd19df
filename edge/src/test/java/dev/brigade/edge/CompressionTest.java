package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * gzip in the cache over real sockets: a compressible response is stored gzipped once, served as
 * stored to clients that accept gzip and decoded for the others, from one stored object.
 */
class CompressionTest {
  private static final String TEXT = "Brigade compresses what it stores. ".repeat(60);
  private static int seq;

  private TestOrigin origin;
  private EdgeServer edge;
  private String path;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() throws IOException {
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
            CacheSettings.DEFAULT.sessionCookies(),
            CacheSettings.DEFAULT.trackingCookies());
    assertThat(cache.compression()).isEqualTo(Compression.DEFAULT);
    edge = EdgeServer.start(EdgeFixture.edgeConfig(pool, Timeouts.DEFAULT, Optional.of(cache)));
    path = "/c/" + (++seq);
  }

  @AfterEach
  void stop() {
    edge.close();
    origin.close();
    client.close();
  }

  private HttpResponse<byte[]> send(String method, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.address().getPort() + path))
            .timeout(Duration.ofSeconds(20))
            .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> get(String... headers) throws IOException, InterruptedException {
    return send("GET", headers);
  }

  private void text(String type, String body, String... more) {
    String[] h = new String[4 + more.length];
    h[0] = "Content-Type";
    h[1] = type;
    h[2] = "Cache-Control";
    h[3] = "public, max-age=60";
    System.arraycopy(more, 0, h, 4, more.length);
    origin.replies.put(path, TestOrigin.Reply.ok(body, h));
  }

  private static byte[] gunzip(byte[] b) throws IOException {
    try (var in = new GZIPInputStream(new ByteArrayInputStream(b))) {
      return in.readAllBytes();
    }
  }

  private static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var gz = new GZIPOutputStream(out)) {
      gz.write(b);
    }
    return out.toByteArray();
  }

  private static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  private long objects() {
    for (String line : edge.metrics().split("\n")) {
      if (line.startsWith("brigade_edge_cache_objects ")) {
        return (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1));
      }
    }
    throw new AssertionError("no brigade_edge_cache_objects in the metrics");
  }

  @Test
  void aCompressedObjectServedDecodedToAClientWithoutAcceptEncoding() throws Exception {
    text("text/html; charset=utf-8", TEXT, "ETag", "\"v1\"");
    HttpResponse<byte[]> miss = get("Accept-Encoding", "gzip, deflate");
    assertThat(header(miss, "Cache-Status")).contains("stored");
    assertThat(header(miss, "Vary")).isEqualToIgnoringCase("Accept-Encoding");

    HttpResponse<byte[]> zipped = get("Accept-Encoding", "gzip, deflate, br;q=0.5");
    assertThat(header(zipped, "Cache-Status")).startsWith("brigade; hit");
    assertThat(header(zipped, "Content-Encoding")).isEqualTo("gzip");
    assertThat(zipped.body().length).isLessThan(TEXT.length() / 4);
    assertThat(header(zipped, "Content-Length")).isEqualTo(zipped.body().length + "");
    assertThat(new String(gunzip(zipped.body()), StandardCharsets.UTF_8)).isEqualTo(TEXT);
    assertThat(header(zipped, "ETag")).isEqualTo("W/\"v1\"");
    assertThat(header(zipped, "Vary")).isEqualToIgnoringCase("Accept-Encoding");

    HttpResponse<byte[]> plain = get();
    assertThat(header(plain, "Cache-Status")).startsWith("brigade; hit");
    assertThat(header(plain, "Content-Encoding")).isNull();
    assertThat(new String(plain.body(), StandardCharsets.UTF_8)).isEqualTo(TEXT);
    assertThat(header(plain, "Content-Length")).isEqualTo(TEXT.length() + "");
    assertThat(header(plain, "ETag")).isEqualTo("\"v1\"");
    assertThat(header(plain, "Vary")).isEqualToIgnoringCase("Accept-Encoding");

    assertThat(origin.count(path)).isEqualTo(1);
    assertThat(objects()).isEqualTo(1);
  }

  @Test
  void gzipWithQZero_isNotSent_starWithQ_is() throws Exception {
    text("application/json", TEXT);
    get();
    HttpResponse<byte[]> refused = get("Accept-Encoding", "gzip;q=0, *;q=1");
    assertThat(header(refused, "Content-Encoding")).isNull();
    assertThat(new String(refused.body(), StandardCharsets.UTF_8)).isEqualTo(TEXT);
    HttpResponse<byte[]> identity = get("Accept-Encoding", "identity");
    assertThat(header(identity, "Content-Encoding")).isNull();
    HttpResponse<byte[]> star = get("Accept-Encoding", "*;q=0.3");
    assertThat(header(star, "Content-Encoding")).isEqualTo("gzip");
    assertThat(new String(gunzip(star.body()), StandardCharsets.UTF_8)).isEqualTo(TEXT);
    assertThat(origin.count(path)).isEqualTo(1);
  }

  @Test
  void originGzippedObject_storedAsIs_decodedForAnIdentityClient() throws Exception {
    byte[] zipped = gzip(TEXT.getBytes(StandardCharsets.UTF_8));
    text("text/css", "", "Content-Encoding", "gzip", "ETag", "\"o1\"", "Vary", "Accept-Encoding");
    origin.rawBodies.put(path, zipped);
    HttpResponse<byte[]> miss = get("Accept-Encoding", "gzip");
    assertThat(miss.body()).isEqualTo(zipped);

    HttpResponse<byte[]> hit = get("Accept-Encoding", "gzip");
    assertThat(header(hit, "Cache-Status")).startsWith("brigade; hit");
    assertThat(header(hit, "Content-Encoding")).isEqualTo("gzip");
    assertThat(hit.body()).isEqualTo(zipped);
    assertThat(header(hit, "ETag")).isEqualTo("\"o1\"");

    HttpResponse<byte[]> plain = get();
    assertThat(header(plain, "Cache-Status")).startsWith("brigade; hit");
    assertThat(header(plain, "Content-Encoding")).isNull();
    assertThat(new String(plain.body(), StandardCharsets.UTF_8)).isEqualTo(TEXT);
    assertThat(header(plain, "Content-Length")).isEqualTo(TEXT.length() + "");
    assertThat(header(plain, "ETag")).isEqualTo("W/\"o1\"");
    assertThat(origin.count(path)).isEqualTo(1);
    assertThat(objects()).isEqualTo(1);
  }

  @Test
  void noTransform_isStoredAndServedAsItCame() throws Exception {
    origin.replies.put(
        path,
        TestOrigin.Reply.ok(
            TEXT,
            "Content-Type",
            "text/plain",
            "Cache-Control",
            "public, max-age=60, no-transform"));
    get();
    HttpResponse<byte[]> hit = get("Accept-Encoding", "gzip");
    assertThat(header(hit, "Cache-Status")).startsWith("brigade; hit");
    assertThat(header(hit, "Content-Encoding")).isNull();
    assertThat(new String(hit.body(), StandardCharsets.UTF_8)).isEqualTo(TEXT);
  }

  @Test
  void imagesAndSmallBodies_areNotCompressed() throws Exception {
    text("image/png", TEXT);
    get();
    HttpResponse<byte[]> image = get("Accept-Encoding", "gzip");
    assertThat(header(image, "Cache-Status")).startsWith("brigade; hit");
    assertThat(header(image, "Content-Encoding")).isNull();
    assertThat(header(image, "Vary")).isNull();

    path = path + "-small";
    text("text/plain", "short text, under the minimum length\n");
    get();
    HttpResponse<byte[]> small = get("Accept-Encoding", "gzip");
    assertThat(header(small, "Cache-Status")).startsWith("brigade; hit");
    assertThat(header(small, "Content-Encoding")).isNull();
    assertThat(new String(small.body(), StandardCharsets.UTF_8))
        .isEqualTo("short text, under the minimum length\n");
  }

  @Test
  void head_announcesTheLengthOfTheFormTheClientGets() throws Exception {
    text("text/plain", TEXT);
    HttpResponse<byte[]> gz = get("Accept-Encoding", "gzip");
    gz = get("Accept-Encoding", "gzip");
    HttpResponse<byte[]> headGzip = send("HEAD", "Accept-Encoding", "gzip");
    assertThat(header(headGzip, "Content-Encoding")).isEqualTo("gzip");
    assertThat(header(headGzip, "Content-Length")).isEqualTo(gz.body().length + "");
    HttpResponse<byte[]> headPlain = send("HEAD");
    assertThat(header(headPlain, "Content-Encoding")).isNull();
    assertThat(header(headPlain, "Content-Length")).isEqualTo(TEXT.length() + "");
    assertThat(headPlain.body()).isEmpty();
    assertThat(origin.count(path)).isEqualTo(1);
  }

  @Test
  void rangeOfACompressedObject_isARangeOfTheIdentityForm() throws Exception {
    text("text/plain", TEXT, "ETag", "\"r1\"");
    get();
    HttpResponse<byte[]> r = get("Accept-Encoding", "gzip", "Range", "bytes=10-19");
    assertThat(r.statusCode()).isEqualTo(206);
    assertThat(header(r, "Content-Encoding")).isNull();
    assertThat(header(r, "Content-Range")).isEqualTo("bytes 10-19/" + TEXT.length());
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(TEXT.substring(10, 20));
    HttpResponse<byte[]> ifRange =
        get("Accept-Encoding", "gzip", "Range", "bytes=-5", "If-Range", "\"r1\"");
    assertThat(ifRange.statusCode()).isEqualTo(206);
    assertThat(new String(ifRange.body(), StandardCharsets.UTF_8))
        .isEqualTo(TEXT.substring(TEXT.length() - 5));
  }

  @Test
  void originVaryAcceptEncoding_doesNotSplitTheOneStoredObject() throws Exception {
    text("text/plain", TEXT, "Vary", "Accept-Encoding");
    get("Accept-Encoding", "gzip");
    HttpResponse<byte[]> plain = get();
    HttpResponse<byte[]> br = get("Accept-Encoding", "br");
    HttpResponse<byte[]> zipped = get("Accept-Encoding", "gzip");
    assertThat(header(plain, "Cache-Status")).startsWith("brigade; hit");
    assertThat(header(br, "Cache-Status")).startsWith("brigade; hit");
    assertThat(header(br, "Content-Encoding")).isNull();
    assertThat(header(zipped, "Content-Encoding")).isEqualTo("gzip");
    assertThat(header(zipped, "Vary")).isEqualToIgnoringCase("Accept-Encoding");
    assertThat(origin.count(path)).isEqualTo(1);
    assertThat(objects()).isEqualTo(1);
  }

  @Test
  void conditionalWithTheWeakGzipEtag_isNotModified() throws Exception {
    text("text/plain", TEXT, "ETag", "\"v7\"");
    get();
    HttpResponse<byte[]> r = get("Accept-Encoding", "gzip", "If-None-Match", "W/\"v7\"");
    assertThat(r.statusCode()).isEqualTo(304);
    assertThat(header(r, "ETag")).isEqualTo("W/\"v7\"");
    assertThat(r.body()).isEmpty();
  }
}
