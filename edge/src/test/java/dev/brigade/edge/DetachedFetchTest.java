package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A coalesced fetch outlives the client that started it: waiters get the whole response and the
 * store is filled, and the bytes waiters still stream stay in the in-flight budget until written.
 */
class DetachedFetchTest {
  static final int FIRST = 64 * 1024;

  /** /big: the head and the first 64 KiB at once, the rest when the gate opens. */
  static final class GatedOrigin implements AutoCloseable {
    final HttpServer server;
    final CountDownLatch gate = new CountDownLatch(1);
    final Semaphore arrived = new Semaphore(0);
    final AtomicInteger requests = new AtomicInteger();

    GatedOrigin(int total) throws IOException {
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
              x.getResponseHeaders().set("Cache-Control", "max-age=600");
              x.sendResponseHeaders(200, total);
              try (OutputStream out = x.getResponseBody()) {
                out.write(BusyObjectTest.body(0, FIRST));
                out.flush();
                gate.await(30, TimeUnit.SECONDS);
                out.write(BusyObjectTest.body(FIRST, total));
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

  static EdgeServer edge(GatedOrigin origin) {
    return EdgeServer.start(
        EdgeFixture.edgeConfig(
            SharedUpstreamTest.pool(
                origin.server.getAddress().getPort(), "/health", Duration.ofSeconds(5)),
            Timeouts.DEFAULT,
            Optional.of(
                new CacheSettings(
                    256L << 20,
                    32L << 20,
                    Duration.ZERO,
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(10),
                    "",
                    CacheSettings.DEFAULT.sessionCookies(),
                    CacheSettings.DEFAULT.trackingCookies()))));
  }

  static String expected(int from, int to) {
    return new String(BusyObjectTest.body(from, to), StandardCharsets.ISO_8859_1);
  }

  @Test
  void leaderClientGoneAfterTheHead_waitersGetTheWholeBody_andTheStoreIsFilled() throws Exception {
    int total = 512 * 1024;
    try (GatedOrigin origin = new GatedOrigin(total);
        EdgeServer edge = edge(origin);
        EdgeClientSocket leader = new EdgeClientSocket(edge.address().getPort());
        EdgeClientSocket a = new EdgeClientSocket(edge.address().getPort());
        EdgeClientSocket b = new EdgeClientSocket(edge.address().getPort())) {
      leader.send("/big");
      assertThat(origin.arrived.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
      a.send("/big");
      b.send("/big");
      SharedUpstreamTest.await(
          () -> SharedUpstreamTest.metric(edge, "brigade_edge_cache_coalesced_total") == 2);
      assertThat(leader.readHead().status()).isEqualTo(200);
      leader.socket.close(); // the client that started the fetch leaves after the head
      SharedUpstreamTest.await(
          () -> SharedUpstreamTest.metric(edge, "brigade_edge_open_connections") == 2);
      origin.gate.countDown();
      for (EdgeClientSocket w : new EdgeClientSocket[] {a, b}) {
        EdgeClientSocket.Response r = w.read();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().length()).isEqualTo(total);
        assertThat(r.body()).isEqualTo(expected(0, total));
      }
      EdgeClientSocket.Response later = a.get("/big");
      assertThat(later.headers().get("cache-status")).startsWith("brigade; hit");
      assertThat(later.body()).isEqualTo(expected(0, total));
      assertThat(origin.requests.get()).isEqualTo(1);
    }
  }

  @Test
  void aWaiterStillStreaming_keepsTheBytesInTheInFlightBudget_untilItWroteThem() throws Exception {
    int total = 8 << 20; // more than the waiter's socket buffers hold
    try (GatedOrigin origin = new GatedOrigin(total);
        EdgeServer edge = edge(origin);
        EdgeClientSocket leader = new EdgeClientSocket(edge.address().getPort());
        Socket slow = new Socket()) {
      leader.send("/big");
      assertThat(origin.arrived.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
      slow.setReceiveBufferSize(4096);
      slow.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), edge.address().getPort()));
      slow.getOutputStream()
          .write(
              ("GET /big HTTP/1.1\r\nHost: 127.0.0.1:" + edge.address().getPort() + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      SharedUpstreamTest.await(
          () -> SharedUpstreamTest.metric(edge, "brigade_edge_cache_coalesced_total") == 1);
      origin.gate.countDown();
      // the leader's whole response went out: its fetch is stored and its part is over
      assertThat(leader.read().body().length()).isEqualTo(total);
      assertThat(SharedUpstreamTest.metric(edge, "brigade_edge_inflight_bytes"))
          .as("the waiter has not read: the object's bytes are still counted")
          .isEqualTo(total);
      InputStream in = slow.getInputStream();
      slow.setSoTimeout(30_000);
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        head.append((char) in.read());
      }
      assertThat(in.readNBytes(total)).isEqualTo(BusyObjectTest.body(0, total));
      SharedUpstreamTest.await(
          () -> SharedUpstreamTest.metric(edge, "brigade_edge_inflight_bytes") == 0);
    }
  }

  @Test
  void theBudget_countsABusyObjectUntilItsLastReaderLeaves() {
    InFlight budget = new InFlight(1 << 20);
    Exchange leader =
        new Exchange(
            new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/x"),
            null,
            null,
            "id",
            "/x",
            null,
            true,
            false);
    BusyObject b =
        new BusyObject(
            new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK), 300, "", budget);
    assertThat(budget.tryReserve(leader, 300)).isTrue();
    b.join();
    b.join();
    b.append(new byte[300]);
    b.complete();
    b.keepCounted(leader.reserved); // the leader is done: the readers hold the bytes now
    assertThat(budget.used()).isEqualTo(300);
    b.leave();
    assertThat(budget.used()).as("one reader still writes").isEqualTo(300);
    b.leave();
    assertThat(budget.used()).isZero();
    b.join(); // a late reader: the object is counted again while it streams
    assertThat(budget.used()).isEqualTo(300);
    b.leave();
    assertThat(budget.used()).isZero();
  }
}
