package dev.brigade.edge;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Instant;
import java.util.List;

/**
 * A coalesced waiter's side of a {@link BusyObject}: the leader's response streams to this client
 * as it arrives from the backend, at this client's speed, whatever the leader's client does. One
 * per client connection, on its event loop.
 */
final class BusyReader {
  private final ClientConnection c;

  BusyReader(ClientConnection c) {
    this.c = c;
  }

  /**
   * A plain GET, the whole response: a HEAD, a conditional or a Range is answered from the stored
   * copy when the fetch ends instead.
   */
  static boolean streamable(Exchange e) {
    HttpRequest r = e.clientRequest;
    HttpHeaders h = r.headers();
    return r.method().equals(HttpMethod.GET)
        && !h.contains(HttpHeaderNames.RANGE)
        && !h.contains(HttpHeaderNames.IF_NONE_MATCH)
        && !h.contains(HttpHeaderNames.IF_MODIFIED_SINCE);
  }

  /**
   * The leader's response will be stored: stream it to {@code e} if it is this client's variant.
   */
  void start(Exchange e, BusyObject b) {
    if (e.state() != Exchange.State.WAITING || e != c.ex || b.isFailed()) {
      b.leave();
      return; // gone, answered, or the fetch ended already (the waiter is resumed instead)
    }
    List<String> vary = HttpCache.varyNames(b.headers());
    if (vary.contains("*")
        || !HttpCache.variant(vary, e.clientRequest.headers()).equals(b.variant)) {
      b.leave();
      return; // another variant: this one waits for the end and looks the store up
    }
    e.cancelTimer();
    Instant now = c.rt.policy.now();
    StoredResponse provisional =
        c.rt.policy.stored(
            b.head.status().code(),
            b.headers(),
            new byte[0],
            e.clientRequest.headers(),
            e.requestTime,
            now,
            0);
    HttpHeaders h = CachePolicy.served(provisional, now);
    CachePolicy.cacheStatus(
        h,
        e.forwardReason.replace("; detail=collapsed", "")
            + "; collapsed; ttl="
            + provisional.ttl(now));
    h.add(HttpHeaderNames.VIA, ForwardHeaders.VIA);
    h.remove(HttpHeaderNames.TRANSFER_ENCODING);
    e.status = b.head.status().code();
    e.cacheStatus = "hit";
    boolean noBody = e.status == 204 || e.status == 304;
    if (b.length >= 0) {
      h.set(HttpHeaderNames.CONTENT_LENGTH, b.length);
    } else if (!noBody) {
      h.remove(HttpHeaderNames.CONTENT_LENGTH);
      if (e.clientRequest.protocolVersion().isKeepAliveDefault()) {
        h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      } else {
        e.closeDelimited = true;
      }
    }
    ResponseHeaders.connection(e, h);
    e.to(Exchange.State.RESPONDING);
    e.streaming = b;
    e.streamed = 0;
    c.ctx.write(new DefaultHttpResponse(ResponseHeaders.version(e), b.head.status(), h));
    b.subscribe(c.ctx.channel().eventLoop(), () -> pump(e));
  }

  /** Writes what arrived since the last turn while the client takes it; ends with the object. */
  void pump(Exchange e) {
    BusyObject b = e.streaming;
    if (b == null || e != c.ex || e.done()) {
      return;
    }
    if (b.isFailed()) {
      // the fetch broke off: this response must look broken, never short
      stop(e);
      c.complete(e, null);
      c.closing = true;
      c.ctx.close();
      return;
    }
    boolean wrote = false;
    while (e.streamed < b.chunks() && c.ctx.channel().isWritable()) {
      byte[] chunk = b.chunk(e.streamed++);
      e.responseBytes += chunk.length;
      c.ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk)));
      wrote = true;
    }
    if (e.streamed == b.chunks() && b.isComplete()) {
      e.streaming = null;
      ChannelFuture last = c.ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
      last.addListener(written -> b.leave()); // the bytes were counted until written
      c.complete(e, last);
      return;
    }
    if (wrote) {
      c.ctx.flush();
    }
  }

  /**
   * {@code e} stops streaming (cut, or its client gone): the object's bytes are not its any more.
   */
  void stop(Exchange e) {
    BusyObject b = e.streaming;
    if (b != null) {
      e.streaming = null;
      b.leave();
    }
  }
}
