package dev.brigade.edge;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;

/**
 * The request a backend gets for a client's: hop-by-hop fields out, forwarding fields in, the
 * edge's own framing, the full GET for a coalesced fetch, a conditional for a stale copy.
 */
final class BackendRequest {
  private BackendRequest() {}

  /** The request as it goes to a backend: hop-by-hop fields out, forwarding fields in. */
  static HttpRequest of(Exchange e, InetSocketAddress client) {
    HttpRequest req = e.clientRequest;
    // The framing is the edge's own: what it decoded from the client, framed anew.
    boolean chunked = HttpUtil.isTransferEncodingChunked(req);
    boolean hasLength = req.headers().contains(HttpHeaderNames.CONTENT_LENGTH);
    long length = chunked ? -1 : HttpUtil.getContentLength(req, 0L);
    boolean expectContinue = e.hasBody && HttpUtil.is100ContinueExpected(req);
    HttpHeaders headers = inPlace(e) ? req.headers() : req.headers().copy();
    ForwardHeaders.removeHopByHop(headers);
    if (e.upgrade != null) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
      headers.set(HttpHeaderNames.UPGRADE, e.upgrade);
    }
    if (e.snap.cache() != null) {
      CacheRules.stripTrackingCookies(e.snap.cache(), headers);
    }
    ForwardHeaders.frame(headers, length, chunked || hasLength);
    ForwardHeaders.addForwarding(headers, client, e.scheme, e.requestId);
    headers.remove(HttpHeaderNames.EXPECT);
    if (expectContinue) {
      headers.set(HttpHeaderNames.EXPECT, HttpHeaderValues.CONTINUE);
    }
    HttpMethod method = req.method();
    if (e.leader) {
      // One fetch for everyone waiting: the whole response, whatever this client's view of it
      // (HEAD, a conditional, a range) is; that view is made from the full response.
      method = HttpMethod.GET;
      for (CharSequence f :
          new CharSequence[] {
            HttpHeaderNames.IF_NONE_MATCH,
            HttpHeaderNames.IF_MODIFIED_SINCE,
            HttpHeaderNames.IF_RANGE,
            HttpHeaderNames.RANGE
          }) {
        headers.remove(f);
      }
    }
    StoredResponse stale = e.stale;
    if (stale != null
        && !headers.contains(HttpHeaderNames.IF_NONE_MATCH)
        && !headers.contains(HttpHeaderNames.IF_MODIFIED_SINCE)) {
      // RFC 9111 section 4.3.1: revalidate the stored copy instead of fetching it again
      if (stale.etag() != null) {
        headers.set(HttpHeaderNames.IF_NONE_MATCH, stale.etag());
        e.revalidating = true;
      } else if (stale.headers().contains(HttpHeaderNames.LAST_MODIFIED)) {
        headers.set(
            HttpHeaderNames.IF_MODIFIED_SINCE, stale.headers().get(HttpHeaderNames.LAST_MODIFIED));
        e.revalidating = true;
      }
    }
    return new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, req.uri(), headers);
  }

  /**
   * True when the client's header set can be edited into the backend's instead of copied: a
   * pass-through without a cache (no variant, stored copy, coalesced fetch or refresh reads the
   * client's fields later). What still reads them keeps working: the keep-alive and body decisions
   * are made before ({@link Exchange#clientKeepAlive}, {@link Exchange#hasBody}), the access log
   * reads Referer and User-Agent (not edited), a 100 from the backend is forwarded when Expect
   * stays (it does when the request has a body), and a retry sends the same built request again.
   */
  static boolean inPlace(Exchange e) {
    return e.snap.cache() == null && !e.leader && e.stale == null;
  }
}
