package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The stampede guard's busy object (Varnish's): the waiters of a coalesced miss get the response as
 * it arrives from the backend, at the backend's speed, whatever the first client reads.
 */
class BusyObjectTest {
  static final int FIRST = 1 << 20;
  static final int TOTAL = 4 << 20;

  /** Sends the head and the first MiB of /big, then the rest only when the gate opens. */
  static final class HalfwayOrigin implements AutoCloseable {
    final HttpServer server;
    final CountDownLatch gate = new CountDownLatch(1);
    final Semaphore arrived = new Semaphore(0);
    final AtomicInteger requests = new AtomicInteger();

    HalfwayOrigin() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.createContext(
          "/",
          x -> {
            try (x) {
              if (!x.getRequestURI().getPath().equals("/big")) {
                x.sendResponseHeaders(200, -1); // a health probe
                return;
              }
              requests.incrementAndGet();
              arrived.release();
              x.getResponseHeaders().set("Cache-Control", "max-age=60");
              x.sendResponseHeaders(200, TOTAL);
              try (OutputStream out = x.getResponseBody()) {
                out.write(body(0, FIRST));
                out.flush();
                gate.await(30, TimeUnit.SECONDS);
                out.write(body(FIRST, TOTAL));
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      server.start();
    }

    @Override
    public void close() {
      gate.countDown();
      server.stop(0);
    }
  }

  static byte[] body(int from, int to) {
    byte[] b = new byte[to - from];
    for (int i = from; i < to; i++) {
      b[i - from] = (byte) ('a' + i % 26);
    }
    return b;
  }

  @Test
  void slowReadingFirstClient_doesNotDelayTheOthersOfACoalescedFetch() throws Exception {
    try (HalfwayOrigin origin = new HalfwayOrigin();
        EdgeServer edge =
            EdgeServer.start(
                EdgeFixture.edgeConfig(
                    EdgeFixture.onePool(
                        "origin/http",
                        origin.server.getAddress().getPort(),
                        new HealthSettings(8, 3, 0, 0, 0, Duration.ZERO)),
                    Timeouts.DEFAULT,
                    Optional.of(
                        new CacheSettings(
                            256L << 20,
                            16L << 20, // the object fits
                            Duration.ZERO,
                            Duration.ofSeconds(30),
                            Duration.ofSeconds(10),
                            "",
                            CacheSettings.DEFAULT.sessionCookies(),
                            CacheSettings.DEFAULT.trackingCookies()))));
        Socket slow = new Socket()) {
      HttpClient client = HttpClient.newHttpClient();
      try {
        check(origin, edge, client, slow);
      } finally {
        client.shutdownNow(); // a failed check leaves bodies unread: never wait for them
      }
    }
  }

  private static void check(HalfwayOrigin origin, EdgeServer edge, HttpClient client, Socket slow)
      throws Exception {
    {
      // The first client asks and then reads nothing: a small window, never drained.
      slow.setReceiveBufferSize(4096);
      slow.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), edge.address().getPort()));
      slow.getOutputStream()
          .write(
              ("GET /big HTTP/1.1\r\nHost: 127.0.0.1:" + edge.address().getPort() + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII)); // the waiters' Host: one cache key
      assertThat(origin.arrived.tryAcquire(20, TimeUnit.SECONDS)).isTrue();

      List<CompletableFuture<HttpResponse<InputStream>>> waiters = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        waiters.add(
            client.sendAsync(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + edge.address().getPort() + "/big"))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream()));
      }
      // While the backend still holds back all but the first MiB, every waiter has the head and
      // that first MiB: the response streams to them as it arrives.
      List<InputStream> bodies = new ArrayList<>();
      for (CompletableFuture<HttpResponse<InputStream>> w : waiters) {
        HttpResponse<InputStream> r = w.get(20, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Status").orElse("")).contains("collapsed");
        byte[] first = r.body().readNBytes(FIRST);
        assertThat(first).isEqualTo(body(0, FIRST));
        bodies.add(r.body());
      }
      assertThat(origin.requests.get()).isEqualTo(1);

      origin.gate.countDown();
      for (InputStream in : bodies) {
        byte[] rest = in.readAllBytes();
        assertThat(rest.length).isEqualTo(TOTAL - FIRST);
        assertThat(Arrays.equals(rest, body(FIRST, TOTAL))).isTrue();
      }
      // The fast waiters are done; the first client has read nothing yet, and still gets it all.
      InputStream in = slow.getInputStream();
      slow.setSoTimeout(30_000);
      byte[] all = readResponse(in);
      assertThat(Arrays.equals(all, body(0, TOTAL))).isTrue();
      assertThat(origin.requests.get()).isEqualTo(1);
    }
  }

  private static byte[] readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed in the head: " + head);
      }
      head.append((char) b);
    }
    assertThat(head.toString())
        .startsWith("HTTP/1.1 200")
        .containsIgnoringCase("content-length: " + TOTAL);
    return in.readNBytes(TOTAL);
  }
}
