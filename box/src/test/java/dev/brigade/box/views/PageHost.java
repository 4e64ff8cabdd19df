package dev.brigade.box.views;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.brigade.box.web.Ask;
import dev.brigade.box.web.BoxContext;
import dev.brigade.box.web.BoxPage;
import dev.brigade.box.web.Html;
import dev.brigade.box.web.Reply;
import dev.brigade.box.web.Role;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for the box's server in the views' browser tests: serves the given pages and {@code
 * /static/} over loopback as a signed-in operator with CSRF token {@code test}, wraps pages in a
 * minimal layout (the {@code csrf-token} meta tag, the navigation, the page's scripts) and sends
 * the same strict Content-Security-Policy. The real server replaces it at merge.
 */
final class PageHost implements AutoCloseable {
  static final String CSRF = "test";
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final List<BoxPage> pages;
  private final BoxContext box;

  PageHost(BoxContext box, List<BoxPage> pages) throws IOException {
    this.box = box;
    this.pages = List.copyOf(pages);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:PORT}. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      x.getResponseHeaders().set("Content-Security-Policy", CSP);
      x.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      String path = x.getRequestURI().getPath();
      if (path.startsWith("/static/")) {
        staticFile(x, path);
        return;
      }
      BoxPage page = pages.stream().filter(p -> matches(p.path(), path)).findFirst().orElse(null);
      if (page == null) {
        send(
            x,
            404,
            "text/plain; charset=utf-8",
            ("no page " + path + "\n").getBytes(StandardCharsets.UTF_8));
        return;
      }
      String method = x.getRequestMethod();
      byte[] body = x.getRequestBody().readNBytes(1 << 20);
      String type = x.getRequestHeaders().getFirst("Content-Type");
      Map<String, List<String>> form =
          type != null && type.startsWith("application/x-www-form-urlencoded")
              ? GraphRequest.decode(new String(body, StandardCharsets.UTF_8))
              : Map.of();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        String token = form.getOrDefault("csrf", List.of("")).getFirst();
        String header = x.getRequestHeaders().getFirst("X-CSRF-Token");
        if (!CSRF.equals(token) && !CSRF.equals(header)) {
          send(
              x,
              403,
              "text/plain; charset=utf-8",
              "CSRF token missing\n".getBytes(StandardCharsets.UTF_8));
          return;
        }
      }
      String raw = x.getRequestURI().getRawQuery();
      Ask ask =
          new Ask(
              method,
              path,
              raw == null ? Map.of() : GraphRequest.decode(raw),
              form,
              body,
              type == null ? "" : type,
              "operator",
              Role.OPERATOR,
              CSRF,
              box);
      Reply r;
      try {
        r = page.handle(ask);
      } catch (IllegalArgumentException e) {
        send(
            x,
            400,
            "text/plain; charset=utf-8",
            (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
        return;
      } catch (Exception e) {
        send(x, 500, "text/plain; charset=utf-8", (e + "\n").getBytes(StandardCharsets.UTF_8));
        return;
      }
      r.headers().forEach((k, v) -> x.getResponseHeaders().set(k, v));
      if (r.kind() == Reply.Kind.PAGE) {
        send(x, r.status(), r.contentType(), layout(r).getBytes(StandardCharsets.UTF_8));
      } else {
        send(x, r.status(), r.contentType(), r.body());
      }
    }
  }

  static boolean matches(String pagePath, String path) {
    return path.equals(pagePath)
        || path.startsWith(pagePath + "/")
        || path.startsWith(pagePath + ".");
  }

  private String layout(Reply r) {
    StringBuilder b = new StringBuilder();
    b.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"csrf-token\" content=\"")
        .append(CSRF)
        .append("\"><title>")
        .append(Html.escape(r.title()))
        .append(" \u2014 Brigade box</title>")
        .append("<link rel=\"stylesheet\" href=\"/static/pagehost.css\"></head><body><nav>")
        .append("<strong>Brigade box</strong>");
    for (BoxPage p : pages) {
      if (!p.title().isEmpty()) {
        b.append(" <a href=\"")
            .append(p.path())
            .append("\">")
            .append(Html.escape(p.title()))
            .append("</a>");
      }
    }
    b.append("</nav><main>").append(new String(r.body(), StandardCharsets.UTF_8)).append("</main>");
    for (String s : r.scripts()) {
      String src = s.startsWith("/static/") ? s : "/static/" + s;
      b.append("<script src=\"").append(Html.escape(src)).append("\"></script>");
    }
    return b.append("</body></html>").toString();
  }

  private static void staticFile(HttpExchange x, String path) throws IOException {
    String rest = path.substring("/static/".length());
    if (rest.contains("..") || rest.isEmpty()) {
      send(x, 404, "text/plain", new byte[0]);
      return;
    }
    try (InputStream in =
        PageHost.class.getClassLoader().getResourceAsStream("dev/brigade/box/static/" + rest)) {
      if (in == null) {
        send(x, 404, "text/plain", new byte[0]);
        return;
      }
      String type =
          rest.endsWith(".js")
              ? "text/javascript; charset=utf-8"
              : rest.endsWith(".css") ? "text/css; charset=utf-8" : "application/octet-stream";
      send(x, 200, type, in.readAllBytes());
    }
  }

  private static void send(HttpExchange x, int status, String type, byte[] body)
      throws IOException {
    x.getResponseHeaders().set("Content-Type", type);
    x.getResponseHeaders().set("Cache-Control", "no-store");
    if (status == 303 || x.getRequestMethod().equals("HEAD")) {
      x.sendResponseHeaders(status, -1);
      return;
    }
    x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      x.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
