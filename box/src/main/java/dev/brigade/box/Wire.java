package dev.brigade.box;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reading requests (with limits) and writing answers with the box's security headers. */
final class Wire {
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
  static final int MAX_QUERY = 8 * 1024;
  static final int MAX_FIELDS = 20_000;

  private Wire() {}

  /** The headers every answer carries. */
  static void securityHeaders(HttpExchange x) {
    var h = x.getResponseHeaders();
    h.set("Content-Security-Policy", CSP);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Referrer-Policy", "same-origin");
    h.set("X-Frame-Options", "DENY");
    h.set("Cross-Origin-Opener-Policy", "same-origin");
  }

  /** Sends a whole body (none for HEAD). */
  static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
    if (type != null) {
      x.getResponseHeaders().set("Content-Type", type);
    }
    if (!x.getResponseHeaders().containsKey("Cache-Control")) {
      x.getResponseHeaders().set("Cache-Control", "no-store");
    }
    boolean head = x.getRequestMethod().equals("HEAD");
    if (status == 204 || status == 304) {
      x.sendResponseHeaders(status, -1);
      return;
    }
    x.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = x.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** Reads at most {@code limit} bytes of body; a longer one is a {@link TooLarge}. */
  static byte[] body(HttpExchange x, int limit) throws IOException {
    String length = x.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      long n;
      try {
        n = Long.parseLong(length.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Content-Length is not a number");
      }
      if (n > limit) {
        throw new TooLarge(limit);
      }
    }
    byte[] b = x.getRequestBody().readNBytes(limit + 1);
    if (b.length > limit) {
      throw new TooLarge(limit);
    }
    return b;
  }

  /** A body past the limit: 413. */
  static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge(int limit) {
      super("the body is larger than " + limit + " bytes");
    }
  }

  /** Decodes {@code a=1&b=2} (form or query), every value of each name in order. */
  static Map<String, List<String>> decode(String s) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (s == null || s.isEmpty()) {
      return out;
    }
    int fields = 0;
    for (String pair : s.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      if (++fields > MAX_FIELDS) {
        throw new IllegalArgumentException("more than " + MAX_FIELDS + " fields");
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        out.computeIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), n -> new ArrayList<>())
            .add(URLDecoder.decode(v, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("malformed %-escape in '" + k + "'");
      }
    }
    return out;
  }

  /** The query of the request, with its size limit. */
  static Map<String, List<String>> query(HttpExchange x) {
    String q = x.getRequestURI().getRawQuery();
    if (q != null && q.length() > MAX_QUERY) {
      throw new IllegalArgumentException("the query is longer than " + MAX_QUERY + " characters");
    }
    return decode(q);
  }

  /** A cookie's value. */
  static Optional<String> cookie(HttpExchange x, String name) {
    for (String header : x.getRequestHeaders().getOrDefault("Cookie", List.of())) {
      for (String part : header.split(";")) {
        String p = part.strip();
        if (p.startsWith(name + "=")) {
          String v = p.substring(name.length() + 1);
          // RFC 6265 section 4.1.1 allows the value in double quotes (Java's client sends them)
          return Optional.of(
              v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")
                  ? v.substring(1, v.length() - 1)
                  : v);
        }
      }
    }
    return Optional.empty();
  }

  /** A {@code Set-Cookie} value: HttpOnly, SameSite=Strict, Path=/, Secure over TLS. */
  static String setCookie(String name, String value, long maxAgeSeconds, boolean secure) {
    return name
        + "="
        + value
        + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
        + maxAgeSeconds
        + (secure ? "; Secure" : "");
  }

  /** The client's address, for rate limits and the session record. */
  static String client(HttpExchange x) {
    return x.getRemoteAddress().getAddress().getHostAddress();
  }

  /** Whether the request wants JSON: the API, an Accept of JSON, or a JSON body. */
  static boolean wantsJson(HttpExchange x, String path) {
    if (path.startsWith("/api/") || path.equals("/api") || path.endsWith(".json")) {
      return true;
    }
    String accept = Optional.ofNullable(x.getRequestHeaders().getFirst("Accept")).orElse("");
    return accept.contains("json") && !accept.contains("text/html");
  }

  /** RFC 9457 problem details. */
  static void problem(HttpExchange x, int status, String title, String detail, String field)
      throws IOException {
    var p = new LinkedHashMap<String, Object>();
    p.put("type", "about:blank");
    p.put("title", title);
    p.put("status", status);
    p.put("detail", detail);
    p.put("instance", x.getRequestURI().getRawPath());
    if (field != null) {
      p.put("field", field);
    }
    byte[] body = (BoxJson.write(p) + "\n").getBytes(StandardCharsets.UTF_8);
    send(x, status, "application/problem+json", body);
  }

  /** The reason phrase of a status, as a problem's title. */
  static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "Content Too Large";
      case 429 -> "Too Many Requests";
      case 503 -> "Service Unavailable";
      default -> status >= 500 ? "Internal Server Error" : "Error";
    };
  }
}
