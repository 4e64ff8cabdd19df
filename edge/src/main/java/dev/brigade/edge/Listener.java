package dev.brigade.edge;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * One socket the edge accepts clients on, and what it speaks there.
 *
 * @param address where it listens (port 0: a free one)
 * @param tls TLS termination, or empty for plain HTTP
 * @param http2 offers HTTP/2: by ALPN {@code h2} on a TLS listener; on a plain one ({@code h2c:
 *     true}) to clients that start with the HTTP/2 preface (prior knowledge, RFC 9113 3.3)
 * @param proxyProtocol every connection starts with a PROXY protocol v1 or v2 header, from a
 *     balancer in front, that gives the client's address
 * @param redirectToHttps when above 0, every request gets a 301 to {@code https://host:PORT/path}
 *     (443 is left out of the URL) and nothing is proxied
 * @param hsts the {@code Strict-Transport-Security} value sent on every response (RFC 6797), or
 *     empty for none
 */
public record Listener(
    InetSocketAddress address,
    Optional<TlsSettings> tls,
    boolean http2,
    boolean proxyProtocol,
    int redirectToHttps,
    String hsts) {

  public Listener {
    if (!hsts.isEmpty() && tls.isEmpty()) {
      throw new IllegalArgumentException(
          "Strict-Transport-Security needs TLS on listener " + address + " (RFC 6797 8.1)");
    }
  }

  /** Plain HTTP/1.1 on {@code address}. */
  public static Listener plain(InetSocketAddress address) {
    return new Listener(address, Optional.empty(), false, false, 0, "");
  }

  /** HTTPS on {@code address}, HTTP/1.1 and HTTP/2. */
  public static Listener https(InetSocketAddress address, TlsSettings tls) {
    return new Listener(address, Optional.of(tls), true, false, 0, "");
  }

  /** Plain HTTP/1.1 and HTTP/2 by prior knowledge (h2c) on {@code address}. */
  public static Listener h2c(InetSocketAddress address) {
    return new Listener(address, Optional.empty(), true, false, 0, "");
  }

  /** This listener sending {@code value} as Strict-Transport-Security. */
  public Listener withHsts(String value) {
    return new Listener(address, tls, http2, proxyProtocol, redirectToHttps, value);
  }

  /** This listener expecting a PROXY protocol header first on every connection. */
  public Listener withProxyProtocol() {
    return new Listener(address, tls, http2, true, redirectToHttps, hsts);
  }

  /** This listener only redirecting to HTTPS on {@code port}. */
  public Listener redirectingTo(int port) {
    return new Listener(address, tls, http2, proxyProtocol, port, hsts);
  }

  /** This listener with other TLS settings. */
  public Listener withTls(TlsSettings t) {
    return new Listener(address, Optional.of(t), http2, proxyProtocol, redirectToHttps, hsts);
  }

  /** {@code https} or {@code http}, for X-Forwarded-Proto and Forwarded. */
  public String scheme() {
    return tls.isPresent() ? "https" : "http";
  }
}
