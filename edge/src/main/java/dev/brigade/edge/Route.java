package dev.brigade.edge;

import java.util.Locale;

/**
 * Sends matching requests to a pool: by {@code Host} header and/or path prefix. Routes are tried in
 * order; the first that matches wins.
 *
 * @param host the Host to match (without port), or empty for any
 * @param pathPrefix the path prefix to match, or empty for any
 * @param pool the pool's name
 */
public record Route(String host, String pathPrefix, String pool) {

  /** True when the request's host and path match. */
  public boolean matches(String requestHost, String path) {
    if (!host.isEmpty()) {
      String h = requestHost == null ? "" : requestHost.toLowerCase(Locale.ROOT);
      int colon = h.lastIndexOf(':');
      if (colon > 0 && h.indexOf(']') < colon) {
        h = h.substring(0, colon);
      }
      if (!h.equals(host)) {
        return false;
      }
    }
    return pathPrefix.isEmpty() || path.startsWith(pathPrefix);
  }
}
