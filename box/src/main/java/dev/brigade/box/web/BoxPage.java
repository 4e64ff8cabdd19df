package dev.brigade.box.web;

/**
 * One part of the dashboard and its JSON API: it answers {@link #path()}, everything under it and
 * its other forms ({@code /graphs}, {@code /graphs/...}, {@code /graphs.svg}, {@code
 * /graphs.json}). Pages are found with {@link java.util.ServiceLoader} ({@code
 * META-INF/services/dev.brigade.box.web.BoxPage}) and need a public no-argument constructor;
 * everything they read comes through {@link Ask#box()}.
 *
 * <p>The server does the rest, the same for every page: it signs the user in, refuses a request
 * whose role is below {@link #needs(String)} (401/403), checks the CSRF token of every request that
 * is not GET or HEAD, wraps an HTML {@link Reply#page} in the layout (navigation, the CSRF token in
 * {@code <meta name="csrf-token">}, the page's scripts), and sets the security headers (a strict
 * Content-Security-Policy: scripts and styles only from the box itself, no inline script). So a
 * page never writes a {@code <script>} element with a body, and loads its JavaScript from {@code
 * /static/...} (resources under {@code dev/brigade/box/static/}).
 */
public interface BoxPage {
  /** The path the page answers, e.g. {@code /graphs}; also every path below it and {@code .EXT}. */
  String path();

  /** The label in the navigation; empty for pages not in it (APIs). */
  String title();

  /** The least role for a request with this method: READ for GET and HEAD, OPERATOR otherwise. */
  default Role needs(String method) {
    return method.equals("GET") || method.equals("HEAD") ? Role.READ : Role.OPERATOR;
  }

  /** Answers one request; the server turns an {@link IllegalArgumentException} into a 400. */
  Reply handle(Ask ask) throws Exception;
}
