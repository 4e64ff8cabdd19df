package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Limits with clear answers: slow bodies, large bodies, deep pipelines, bytes in flight. */
class LimitsTest {
  private static final Timeouts PATIENT =
      new Timeouts(
          Duration.ofSeconds(3),
          Duration.ofSeconds(120),
          Duration.ofSeconds(120),
          Duration.ofSeconds(120),
          Duration.ofSeconds(120));

  private static EdgeServer edge(TestOrigin origin, Timeouts t, Limits limits) {
    PoolConfig pool =
        EdgeFixture.onePool(
            "origin/http", origin.port(), new HealthSettings(8, 3, 0, 0, 0, Duration.ZERO));
    return EdgeServer.start(
        EdgeFixture.edgeConfig(pool, t, Optional.of(CacheSettings.DEFAULT)).withLimits(limits));
  }

  private static String exchange(EdgeServer edge, String raw, boolean slow) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), edge.address().getPort())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      if (slow) {
        for (int i = 0; i < 3; i++) {
          Thread.sleep(200);
          out.write('x'); // a byte now and then: never the whole body
          out.flush();
        }
      }
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (java.net.SocketException e) {
      return "reset";
    }
  }

  @Test
  void slowBody_isCutOffByTheBodyTimeout_with408() throws Exception {
    Timeouts t =
        new Timeouts(
            Duration.ofSeconds(3),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            Duration.ofSeconds(10),
            Duration.ofSeconds(60),
            Duration.ofSeconds(5),
            Duration.ofSeconds(1));
    try (TestOrigin origin = new TestOrigin();
        EdgeServer edge = edge(origin, t, Limits.DEFAULT)) {
      origin.replies.put("/upload", TestOrigin.Reply.ok("thanks").delayed(5000));
      long start = System.nanoTime();
      String reply =
          exchange(
              edge, "POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\nabc", true);
      assertThat(reply).startsWith("HTTP/1.1 408");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }
  }

  @Test
  void bodyLargerThanTheLimit_is413() throws Exception {
    try (TestOrigin origin = new TestOrigin();
        EdgeServer edge = edge(origin, Timeouts.DEFAULT, new Limits(100, 0, 1 << 20))) {
      String byLength =
          exchange(edge, "POST /u HTTP/1.1\r\nHost: a\r\nContent-Length: 101\r\n\r\n", false);
      assertThat(byLength).startsWith("HTTP/1.1 413");
      String chunked =
          exchange(
              edge,
              "POST /u HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n80\r\n"
                  + "y".repeat(128)
                  + "\r\n0\r\n\r\n",
              false);
      assertThat(chunked).startsWith("HTTP/1.1 413");
      assertThat(origin.count("/u")).isZero();
    }
  }

  /**
   * Regression: Netty's codec decoded every request of a read and failed past 128 unanswered ones
   * ("maxPipelineDepth exceeded"), which reset the connection; the framing now holds them back.
   */
  @Test
  void twoThousandPipelinedHitsBehindASlowRequest_allArriveInOrder() throws Exception {
    try (TestOrigin origin = new TestOrigin();
        EdgeServer edge = edge(origin, Timeouts.DEFAULT, Limits.DEFAULT);
        HttpClient client = HttpClient.newHttpClient()) {
      int urls = 20;
      for (int k = 0; k < urls; k++) {
        origin.replies.put(
            "/hit/" + k, TestOrigin.Reply.ok("[hit-" + k + "]", "Cache-Control", "max-age=600"));
        client.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + edge.address().getPort() + "/hit/" + k))
                .build(),
            HttpResponse.BodyHandlers.ofString());
      }
      origin.replies.put("/slow", TestOrigin.Reply.ok("[slow]").delayed(500));
      StringBuilder raw = new StringBuilder("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n");
      List<String> expected = new ArrayList<>(List.of("[slow]"));
      for (int i = 0; i < 2000; i++) {
        raw.append("GET /hit/").append(i % urls).append(" HTTP/1.1\r\nHost: a\r\n\r\n");
        expected.add("[hit-" + i % urls + "]");
      }
      raw.append("GET /hit/0 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
      expected.add("[hit-0]");
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), edge.address().getPort())) {
        s.setSoTimeout(30_000);
        Thread writer =
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        s.getOutputStream()
                            .write(raw.toString().getBytes(StandardCharsets.US_ASCII));
                      } catch (java.io.IOException e) {
                        // the reader fails the test
                      }
                    });
        InputStream in = s.getInputStream();
        String reply = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        writer.join(10_000);
        assertThat(reply.split("HTTP/1.1 200 OK", -1)).hasSize(2003);
        List<String> bodies =
            java.util.regex.Pattern.compile("\\[(hit-\\d+|slow)\\]")
                .matcher(reply)
                .results()
                .map(java.util.regex.MatchResult::group)
                .toList();
        assertThat(bodies).containsExactlyElementsOf(expected);
      }
    }
  }

  /** The framing holds back requests past the unanswered limit, and lets them on when answered. */
  @Test
  void framingHoldsRequestsBeyondTheUnansweredLimit_untilAnswered() {
    List<Boolean> holding = new ArrayList<>();
    RequestFraming framing =
        new RequestFraming(
            new RequestFraming.Listener() {
              @Override
              public void headStarted() {}

              @Override
              public void bodyBytes() {}

              @Override
              public void malformed(String reason) {
                throw new AssertionError(reason);
              }

              @Override
              public void holding(boolean held) {
                holding.add(held);
              }
            });
    io.netty.channel.embedded.EmbeddedChannel ch =
        new io.netty.channel.embedded.EmbeddedChannel(framing);
    String one = "GET /x HTTP/1.1\r\nHost: a\r\n\r\n";
    int total = RequestFraming.MAX_UNANSWERED + 100;
    ch.writeInbound(
        io.netty.buffer.Unpooled.copiedBuffer(one.repeat(total), StandardCharsets.US_ASCII));
    assertThat(passed(ch)).isEqualTo(one.length() * RequestFraming.MAX_UNANSWERED);
    assertThat(framing.holding()).isTrue();
    assertThat(holding).containsExactly(true);
    framing.answered();
    ch.runPendingTasks();
    assertThat(passed(ch)).isEqualTo(one.length());
    for (int i = 0; i < 99; i++) {
      framing.answered();
      ch.runPendingTasks();
    }
    assertThat(passed(ch)).isEqualTo(one.length() * 99);
    assertThat(framing.holding()).isFalse();
    assertThat(holding).endsWith(false);
    ch.finishAndReleaseAll();
  }

  private static int passed(io.netty.channel.embedded.EmbeddedChannel ch) {
    int n = 0;
    for (io.netty.buffer.ByteBuf b; (b = ch.readInbound()) != null; ) {
      n += b.readableBytes();
      b.release();
    }
    return n;
  }

  @Test
  void thousandConcurrentMissesOfOneMebibyte_stayWithinTheInFlightBudget() throws Exception {
    long budget = 16L << 20;
    try (TestOrigin origin = new TestOrigin();
        // the test is about the budget: timeouts long enough for a loaded 2-core machine, where
        // the 1,000th response may wait more than the default 30 s for its first byte
        EdgeServer edge = edge(origin, PATIENT, new Limits(1 << 20, 0, budget));
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        HttpClient client = HttpClient.newBuilder().executor(pool).build()) {
      String mib = "m".repeat(1 << 20);
      for (int i = 0; i < 1000; i++) {
        origin.replies.put("/big/" + i, TestOrigin.Reply.ok(mib, "Cache-Control", "max-age=60"));
      }
      List<Future<Integer>> all = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        String path = "/big/" + i;
        all.add(
            pool.submit(
                () ->
                    client
                        .send(
                            HttpRequest.newBuilder(
                                    URI.create(
                                        "http://127.0.0.1:" + edge.address().getPort() + path))
                                .timeout(Duration.ofSeconds(120))
                                .build(),
                            HttpResponse.BodyHandlers.ofString())
                        .statusCode()));
      }
      for (Future<Integer> f : all) {
        assertThat(f.get()).isEqualTo(200);
      }
      String metrics = edge.metrics();
      long high =
          Long.parseLong(
              metrics
                  .lines()
                  .filter(l -> l.startsWith("brigade_edge_inflight_bytes_max "))
                  .findFirst()
                  .orElseThrow()
                  .split(" ")[1]);
      assertThat(high).isPositive().isLessThanOrEqualTo(budget);
    }
  }
}
