package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brigade.demo.DemoApp;
import dev.brigade.demo.DemoOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Reloads, affinity and backups: the parts of balancing that depend on configuration. */
class EdgeReloadTest {
  private static String request(Socket s, String path) throws Exception {
    OutputStream out = s.getOutputStream();
    out.write(("GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new AssertionError("connection closed after: " + head);
      }
      head.append((char) c);
    }
    int length = 0;
    String servedBy = "";
    for (String line : head.toString().split("\r\n")) {
      String lower = line.toLowerCase(java.util.Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).strip());
      } else if (lower.startsWith("x-served-by:")) {
        servedBy = line.substring(12).strip();
      }
    }
    in.readNBytes(length);
    return servedBy;
  }

  @Test
  void reload_swapsPoolsWithoutDroppingClientConnections() throws Exception {
    DemoApp app =
        DemoApp.start(
            new DemoOptions(3, "127.0.0.1", List.of(), Duration.ZERO, 0, Map.of(), Map.of(), 10));
    EdgeConfig all =
        EdgeFixture.config(
            app, Algorithm.ROUND_ROBIN, HealthSettings.DEFAULT, Timeouts.DEFAULT, "", List.of());
    PoolConfig p = all.pools().getFirst();
    EdgeConfig onlyThird =
        new EdgeConfig(
            all.node(),
            all.listen(),
            all.admin(),
            all.adminToken(),
            all.timeouts(),
            Optional.empty(),
            List.of(
                new PoolConfig(
                    p.name(),
                    p.algorithm(),
                    p.hashKey(),
                    p.affinityCookie(),
                    List.of(p.backends().get(2)),
                    p.healthPath(),
                    p.expectStatus(),
                    p.probeInterval(),
                    p.probeTimeout(),
                    p.health())),
            all.routes());
    AtomicReference<EdgeConfig> next = new AtomicReference<>(onlyThird);
    try (app;
        EdgeServer edge = EdgeServer.start(all, () -> Optional.of(next.get()));
        Socket s = new Socket(InetAddress.getLoopbackAddress(), edge.address().getPort())) {
      s.setSoTimeout(10_000);
      Set<String> before = new HashSet<>();
      for (int i = 0; i < 3; i++) {
        before.add(request(s, "/news"));
      }
      assertThat(before).containsExactlyInAnyOrder("app1", "app2", "app3");

      var client = java.net.http.HttpClient.newHttpClient();
      var reload =
          client.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(
                          "http://127.0.0.1:" + edge.adminAddress().getPort() + "/reload"))
                  .header("Authorization", "Bearer " + EdgeFixture.TOKEN)
                  .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(reload.statusCode()).isEqualTo(200);
      assertThat(reload.body()).contains("1 pools, 1 backends");

      for (int i = 0; i < 4; i++) {
        assertThat(request(s, "/news"))
            .as("same client connection after the reload")
            .isEqualTo("app3");
      }
    }
  }

  @Test
  void cookieAffinity_keepsAClientOnItsBackend() throws Exception {
    DemoApp app =
        DemoApp.start(
            new DemoOptions(3, "127.0.0.1", List.of(), Duration.ZERO, 0, Map.of(), Map.of(), 10));
    try (app;
        EdgeServer edge =
            EdgeServer.start(
                EdgeFixture.config(
                    app,
                    Algorithm.ROUND_ROBIN,
                    HealthSettings.DEFAULT,
                    Timeouts.DEFAULT,
                    "BRIGADE_BACKEND",
                    List.of()));
        var client = java.net.http.HttpClient.newHttpClient()) {
      var uri = java.net.URI.create("http://127.0.0.1:" + edge.address().getPort() + "/news");
      var first =
          client.send(
              java.net.http.HttpRequest.newBuilder(uri).build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
      assertThat(cookie).startsWith("BRIGADE_BACKEND=").contains("HttpOnly");
      String pinned = first.headers().firstValue("X-Served-By").orElseThrow();
      String value = cookie.substring(0, cookie.indexOf(';'));
      for (int i = 0; i < 6; i++) {
        var r =
            client.send(
                java.net.http.HttpRequest.newBuilder(uri).header("Cookie", value).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.headers().firstValue("X-Served-By")).hasValue(pinned);
        assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
      }
    }
  }

  @Test
  void backup_servesOnlyWhenEveryPrimaryIsDown() throws Exception {
    DemoApp app =
        DemoApp.start(
            new DemoOptions(3, "127.0.0.1", List.of(), Duration.ZERO, 0, Map.of(), Map.of(), 10));
    try (app;
        EdgeServer edge =
            EdgeServer.start(
                EdgeFixture.config(
                    app,
                    Algorithm.ROUND_ROBIN,
                    HealthSettings.DEFAULT,
                    Timeouts.DEFAULT,
                    "",
                    List.of("app3")));
        var client = java.net.http.HttpClient.newHttpClient()) {
      var uri = java.net.URI.create("http://127.0.0.1:" + edge.address().getPort() + "/news");
      Set<String> served = new HashSet<>();
      for (int i = 0; i < 8; i++) {
        served.add(
            client
                .send(
                    java.net.http.HttpRequest.newBuilder(uri).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString())
                .headers()
                .firstValue("X-Served-By")
                .orElseThrow());
      }
      assertThat(served).containsExactlyInAnyOrder("app1", "app2");
      edge.setState("app", "app1/http", BackendState.MAINT);
      edge.setState("app", "app2/http", BackendState.MAINT);
      assertThat(
              client
                  .send(
                      java.net.http.HttpRequest.newBuilder(uri).build(),
                      java.net.http.HttpResponse.BodyHandlers.ofString())
                  .headers()
                  .firstValue("X-Served-By"))
          .hasValue("app3");
    }
  }

  @Test
  void largeUploadAndDownload_streamThroughWithExpectContinue() throws Exception {
    long size = 64L * 1024 * 1024;
    try (java.net.ServerSocket server =
        new java.net.ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Thread backend =
          Thread.ofVirtual()
              .start(
                  () -> {
                    // The pool's TCP health probe connects too (its first probe comes at a random
                    // point of the interval, so now and then before the upload): a connection that
                    // ends before a request head is a probe, and the upload's comes after it.
                    Socket c = null;
                    StringBuilder head = null;
                    try {
                      while (head == null) {
                        Socket next = server.accept();
                        head = requestHead(next.getInputStream());
                        if (head == null) {
                          next.close();
                        } else {
                          c = next;
                        }
                      }
                    } catch (java.io.IOException e) {
                      return;
                    }
                    Socket upload = c;
                    try (upload) {
                      InputStream in = upload.getInputStream();
                      OutputStream out = upload.getOutputStream();
                      if (head.toString()
                          .toLowerCase(java.util.Locale.ROOT)
                          .contains("expect: 100-continue")) {
                        out.write(
                            "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                      }
                      long got = 0;
                      byte[] buf = new byte[65536];
                      while (got < size) {
                        int n = in.read(buf);
                        if (n < 0) {
                          break;
                        }
                        got += n;
                      }
                      byte[] body = Long.toString(got).getBytes(StandardCharsets.US_ASCII);
                      out.write(
                          ("HTTP/1.1 200 OK\r\nContent-Length: "
                                  + (size + body.length)
                                  + "\r\n\r\n")
                              .getBytes(StandardCharsets.US_ASCII));
                      byte[] chunk = new byte[65536];
                      for (long sent = 0; sent < size; sent += chunk.length) {
                        out.write(chunk);
                      }
                      out.write(body);
                      out.flush();
                    } catch (java.io.IOException e) {
                      // the test fails on the client side
                    }
                  });
      PoolConfig pool =
          new PoolConfig(
              "app",
              Algorithm.ROUND_ROBIN,
              "url",
              "",
              List.of(new BackendConfig("sink/http", "127.0.0.1", server.getLocalPort(), 1, false)),
              "",
              200,
              Duration.ofSeconds(60),
              Duration.ofSeconds(1),
              HealthSettings.DEFAULT);
      try (EdgeServer edge =
              EdgeServer.start(
                  new EdgeConfig(
                      "e",
                      new InetSocketAddress("127.0.0.1", 0),
                      new InetSocketAddress("127.0.0.1", 0),
                      "",
                      Timeouts.DEFAULT,
                      Optional.empty(),
                      List.of(pool),
                      List.of(new Route("", "", "app"))));
          var client = java.net.http.HttpClient.newHttpClient()) {
        var r =
            client.send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://127.0.0.1:" + edge.address().getPort() + "/upload"))
                    .expectContinue(true)
                    .timeout(Duration.ofSeconds(120))
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.fromPublisher(
                            java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                                () ->
                                    new java.io.InputStream() {
                                      long left = size;

                                      @Override
                                      public int read() {
                                        return left-- > 0 ? 'u' : -1;
                                      }

                                      @Override
                                      public int read(byte[] b, int off, int len) {
                                        if (left <= 0) {
                                          return -1;
                                        }
                                        int n = (int) Math.min(len, left);
                                        java.util.Arrays.fill(b, off, off + n, (byte) 'u');
                                        left -= n;
                                        return n;
                                      }
                                    }),
                            size))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        long total = 0;
        byte[] last = new byte[0];
        try (InputStream in = r.body()) {
          byte[] buf = new byte[65536];
          int n;
          while ((n = in.read(buf)) > 0) {
            total += n;
            last = java.util.Arrays.copyOf(buf, n);
          }
        }
        assertThat(total).isEqualTo(size + Long.toString(size).length());
        assertThat(new String(last, StandardCharsets.US_ASCII)).endsWith(Long.toString(size));
      }
      backend.join(10_000);
    }
  }

  /** A request head read to its blank line, or null when the connection ended before one. */
  private static StringBuilder requestHead(InputStream in) throws java.io.IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int ch = in.read();
      if (ch < 0) {
        return null;
      }
      head.append((char) ch);
    }
    return head;
  }
}
