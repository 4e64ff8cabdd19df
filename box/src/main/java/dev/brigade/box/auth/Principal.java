package dev.brigade.box.auth;

import dev.brigade.box.web.Role;

/**
 * Who a request comes from.
 *
 * @param user the user's (or the token's) name
 * @param role what they may do
 * @param csrf the session's CSRF token; empty for a bearer token, which needs none
 * @param sessionHash the stored hash of the session id; empty for a bearer token
 */
public record Principal(String user, Role role, String csrf, String sessionHash) {
  /** Whether this came with a bearer token (a script), not a browser session. */
  public boolean viaToken() {
    return sessionHash.isEmpty();
  }

  @Override
  public String toString() {
    return "Principal[" + user + ", " + role + (viaToken() ? ", token" : "") + "]";
  }
}
