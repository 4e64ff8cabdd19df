package dev.brigade.edge;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Background refreshes of stored responses (grace, stale-while-revalidate, early refresh) while
 * clients get the stored copy. A refresh is an exchange of its own, detached from the start ({@link
 * Exchange.Audience#BACKGROUND}), and it leads the URL's fetch like a client miss would: requests
 * for the same URL wait on it (coalesced, streaming its answer as it arrives), and one already
 * fetching makes the refresh unnecessary. It runs on the connection of the client whose hit started
 * it and goes through {@link Upstream} as that request would: the same admission, pooled
 * connections, timeouts, retries, forwarding headers (that request's X-Forwarded-For, Forwarded and
 * Via chains, extended with that client) and metrics. A 304 freshens the stored headers (RFC 9111
 * section 4.3.4); a 5xx keeps the stale copy (RFC 5861 section 4); a valid answer that may not be
 * stored replaces it.
 */
final class Refresher {
  private static final List<String> FORWARDING_CHAIN =
      List.of("X-Forwarded-For", "Forwarded", "Via");

  final LongAdder refreshes = new LongAdder();
  private final HttpCache cache;

  Refresher(HttpCache cache) {
    this.cache = cache;
  }

  /**
   * Starts a refresh of {@code key} on {@code c}, the connection of {@code trigger} (the hit that
   * asks for it), unless a fetch of {@code key} is running already.
   */
  void refresh(ClientConnection c, Exchange trigger, String key, StoredResponse stored) {
    if (cache.joinOrLead(key) != null) {
      return;
    }
    // Only the Host and the fields the response varies on, as stored (never cookies or
    // credentials): the refresh asks for the same variant.
    HttpRequest req =
        new DefaultHttpRequest(
            HttpVersion.HTTP_1_1,
            HttpMethod.GET,
            key.substring(key.indexOf(' ') + 1),
            stored.refreshHeaders(key));
    // ... and the forwarding chain of the request whose hit started it, which the edge then
    // extends with that client as it would for the request itself
    for (String chain : FORWARDING_CHAIN) {
      if (trigger.clientRequest.headers().contains(chain)) {
        req.headers().set(chain, trigger.clientRequest.headers().getAll(chain));
      }
    }
    Exchange e =
        new Exchange(
            req,
            trigger.snap,
            trigger.pool,
            ForwardHeaders.requestId(EmptyHttpHeaders.INSTANCE),
            RequestRouter.hashKey(trigger.pool, req),
            null,
            true,
            false);
    e.detach(true);
    e.requestComplete = true;
    e.cacheKey = key;
    e.leader = true;
    e.stale = stored; // the request carries its validators (RFC 9111 section 4.3.1)
    e.requestTime = c.rt.policy.now();
    e.forwardReason = "fwd=stale; detail=refresh";
    c.upstream.dispatch(e);
  }
}
