package dev.brigade.box.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A page's answer. {@link #page} is an HTML fragment that the server wraps in the layout; the
 * others are sent as they are (the server adds the security headers to all).
 *
 * @param status the HTTP status
 * @param contentType the Content-Type
 * @param body the body (for {@link Kind#PAGE}, the fragment inside the layout's {@code <main>})
 * @param headers extra response headers (e.g. Location)
 * @param kind how the server sends it
 * @param title the page title for {@link Kind#PAGE}
 * @param scripts for {@link Kind#PAGE}: paths under {@code /static/} the layout loads, in order
 */
public record Reply(
    int status,
    String contentType,
    byte[] body,
    Map<String, String> headers,
    Kind kind,
    String title,
    List<String> scripts) {

  /** How the server sends a reply. */
  public enum Kind {
    PAGE,
    RAW
  }

  /** An HTML page: {@code fragment} inside the layout, with the page's own scripts. */
  public static Reply page(String title, String fragment, String... scripts) {
    return new Reply(
        200,
        "text/html; charset=utf-8",
        fragment.getBytes(StandardCharsets.UTF_8),
        Map.of(),
        Kind.PAGE,
        title,
        List.of(scripts));
  }

  /** A JSON body already written (use the box's one ObjectMapper for records). */
  public static Reply json(int status, String json) {
    return raw(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  /** An SVG picture. */
  public static Reply svg(String svg) {
    return raw(200, "image/svg+xml", svg.getBytes(StandardCharsets.UTF_8));
  }

  /** Any body as it is. */
  public static Reply raw(int status, String contentType, byte[] body) {
    return new Reply(status, contentType, body, Map.of(), Kind.RAW, "", List.of());
  }

  /** 303 See Other to {@code location} (after a form's POST). */
  public static Reply redirect(String location) {
    return new Reply(
        303, "text/plain", new byte[0], Map.of("Location", location), Kind.RAW, "", List.of());
  }
}
