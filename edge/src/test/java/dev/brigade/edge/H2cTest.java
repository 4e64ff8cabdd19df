package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code h2c: true}: HTTP/2 by prior knowledge on a plain listener, HTTP/1.1 beside it. */
class H2cTest {
  private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);
  private static final Path CURL = Path.of("/usr/bin/curl");

  private TestOrigin origin;
  private EdgeServer edge;

  @BeforeEach
  void start() throws Exception {
    origin = new TestOrigin();
    origin.replies.put("/h2c", TestOrigin.Reply.ok("clear\n", "Cache-Control", "max-age=60"));
    PoolConfig pool = EdgeFixture.onePool("origin/http", origin.port(), HealthSettings.DEFAULT);
    EdgeConfig base = EdgeFixture.edgeConfig(pool, Timeouts.DEFAULT, Optional.empty());
    edge = EdgeServer.start(base.withListeners(List.of(Listener.h2c(base.listen()))));
  }

  @AfterEach
  void stop() {
    edge.close();
    origin.close();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + edge.address().getPort() + path;
  }

  @Test
  void thePreface_getsTheEdgesSettings_andARequestOnAStreamIsAnswered() throws Exception {
    try (Socket s = new Socket()) {
      s.setSoTimeout(20_000);
      s.connect(edge.address(), 5_000);
      OutputStream out = s.getOutputStream();
      out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.write(H2Wire.frame(H2Wire.SETTINGS, 0, 0, new byte[0]));
      byte[] get = H2Wire.get("/h2c");
      get[1] = (byte) 0x86; // :scheme http
      out.write(H2Wire.frame(H2Wire.HEADERS, 0x5, 1, get));
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      boolean settings = false;
      int responseOn = -1;
      while (responseOn < 0) {
        int length = in.readUnsignedByte() << 16 | in.readUnsignedShort();
        int type = in.readUnsignedByte();
        in.readUnsignedByte();
        int stream = in.readInt();
        byte[] payload = in.readNBytes(length);
        settings |= type == H2Wire.SETTINGS && stream == 0;
        if (type == H2Wire.HEADERS) {
          responseOn = stream;
          assertThat(payload[0] & 0xff).as(":status 200, indexed").isEqualTo(0x88);
        }
      }
      assertThat(settings).isTrue();
      assertThat(responseOn).isEqualTo(1);
    }
    assertThat(origin.count("/h2c")).isEqualTo(1);
  }

  @Test
  void http11_isServedOnTheSameListener() throws Exception {
    HttpResponse<String> r =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                HttpRequest.newBuilder(URI.create(url("/h2c"))).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(r.body()).isEqualTo("clear\n");
  }

  @Test
  void curlWithPriorKnowledge_getsHttp2() throws Exception {
    boolean present = Files.isExecutable(CURL);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("curl missing under CI: install Debian package curl");
    }
    assumeTrue(present, "skipped: install Debian package curl");
    Process p =
        new ProcessBuilder(
                CURL.toString(),
                "--http2-prior-knowledge",
                "-s",
                "-D",
                "-",
                "-o",
                "/dev/null",
                url("/h2c"))
            .redirectErrorStream(true)
            .start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(out).startsWith("HTTP/2 200").doesNotContain("HTTP/1.1");
    assertThat(origin.count("/h2c")).isEqualTo(1);
  }
}
