package dev.brigade.demo;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.brigade.traffic.HitClass;
import dev.brigade.traffic.HitClassifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Answers every request of one instance: green, yellow and red pages, health and errors. */
final class Pages implements HttpHandler {
  static final String SESSION_COOKIE = "BRIGADE_SESSION";
  static final int MAX_BODY = 8 * 1024;
  private static final Instant STARTED = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final Pattern PRODUCT = Pattern.compile("/products/([1-9][0-9]{0,5})");
  private static final Pattern SESSION =
      Pattern.compile("(?:^|;\\s*)" + SESSION_COOKIE + "=([^;]*)");

  private final DemoInstance instance;
  private final Sessions sessions;
  private final int maxAgeSeconds;
  private final AppMetrics metrics;
  private final FragmentCache fragments;
  private final SharedCarts carts;

  Pages(
      DemoInstance instance,
      Sessions sessions,
      int maxAgeSeconds,
      AppMetrics metrics,
      FragmentCache fragments,
      SharedCarts carts) {
    this.instance = instance;
    this.sessions = sessions;
    this.carts = carts;
    this.maxAgeSeconds = maxAgeSeconds;
    this.metrics = metrics;
    this.fragments = fragments;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    instance.counted();
    String path = ex.getRequestURI().getRawPath();
    String method = ex.getRequestMethod();
    boolean monitoring = path.equals("/health") || path.equals("/metrics");
    long start = System.nanoTime();
    try (ex) {
      route(ex, path, method);
    } finally {
      if (!monitoring) {
        // the same rules as the edge's: a session cookie or an unsafe method makes a hit red
        HitClass kind =
            HitClassifier.DEFAULT.classify(method, path, ex.getRequestHeaders().getFirst("Cookie"));
        metrics.request(kind, ex.getResponseCode(), System.nanoTime() - start);
      }
    }
  }

  private void route(HttpExchange ex, String path, String method) throws IOException {
    ex.getResponseHeaders().set("Server", "brigade-demo");
    ex.getResponseHeaders().set("X-Served-By", instance.name());
    if (path.equals("/metrics")) {
      if (!isGetOrHead(method)) {
        notAllowed(ex, "GET, HEAD");
        return;
      }
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      send(ex, 200, metrics.prometheus(fragments.enabled()).getBytes(StandardCharsets.UTF_8));
    } else if (path.equals("/login")) {
      if (!method.equals("POST")) {
        notAllowed(ex, "POST");
        return;
      }
      login(ex);
    } else if (path.equals("/health")) {
      if (!isGetOrHead(method)) {
        notAllowed(ex, "GET, HEAD");
        return;
      }
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      text(ex, instance.healthy() ? 200 : 503, instance.healthy() ? "OK\n" : "unhealthy\n");
    } else if (path.startsWith("/static/")) {
      staticFile(ex, path.substring("/static/".length()), method);
    } else if (path.equals("/cart") && method.equals("POST")) {
      addToCart(ex);
    } else if (path.equals("/account") || path.equals("/cart")) {
      if (!isGetOrHead(method)) {
        notAllowed(ex, path.equals("/cart") ? "GET, HEAD, POST" : "GET, HEAD");
        return;
      }
      red(ex, path);
    } else if (path.equals("/") || path.equals("/news") || PRODUCT.matcher(path).matches()) {
      if (!isGetOrHead(method)) {
        notAllowed(ex, "GET, HEAD");
        return;
      }
      yellow(ex, path);
    } else {
      html(
          ex,
          404,
          Html.page(
              "Not found", "red", "<p>Nothing at <code>" + Html.escape(path) + "</code>.</p>"));
    }
  }

  private static boolean isGetOrHead(String method) {
    return method.equals("GET") || method.equals("HEAD");
  }

  private void staticFile(HttpExchange ex, String name, String method) throws IOException {
    var file = StaticFiles.get(name);
    if (file.isEmpty()) {
      html(
          ex,
          404,
          Html.page(
              "Not found", "red", "<p>No static file <code>" + Html.escape(name) + "</code>.</p>"));
      return;
    }
    if (!isGetOrHead(method)) {
      notAllowed(ex, "GET, HEAD");
      return;
    }
    Headers h = ex.getResponseHeaders();
    h.set("Cache-Control", "public, max-age=86400");
    h.set("ETag", file.get().etag());
    h.set("Last-Modified", httpDate(STARTED));
    if (notModified(ex, file.get().etag())) {
      send(ex, 304, new byte[0]);
      return;
    }
    h.set("Content-Type", file.get().contentType());
    send(ex, 200, file.get().body());
  }

  /**
   * Dynamic but cacheable: generated with the instance's latency (unless memcached has the
   * fragment), identical on every instance.
   */
  private void yellow(HttpExchange ex, String path) throws IOException {
    if (fails()) {
      html(
          ex,
          500,
          Html.page("Application error", "red", "<p>The application failed (simulated).</p>"));
      return;
    }
    String body =
        fragments.get(
            path,
            () -> {
              work();
              return yellowPage(path);
            });
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String etag = "\"y-" + StaticFiles.sha256(bytes).substring(0, 16) + "\"";
    Headers h = ex.getResponseHeaders();
    h.set("Cache-Control", "public, max-age=" + maxAgeSeconds);
    h.set("ETag", etag);
    h.set("Last-Modified", httpDate(STARTED));
    h.set("Vary", "Accept-Encoding");
    h.set("X-Rendered-At", Instant.now().toString());
    if (notModified(ex, etag)) {
      send(ex, 304, new byte[0]);
      return;
    }
    h.set("Content-Type", "text/html; charset=utf-8");
    send(ex, 200, bytes);
  }

  private static String yellowPage(String path) {
    Matcher product = PRODUCT.matcher(path);
    if (product.matches()) {
      int id = Integer.parseInt(product.group(1));
      return Html.page(
          "Product " + id,
          "yellow",
          "<p class=\"yellow\">A dynamic page that every visitor sees the same way: cacheable.</p>"
              + "<p>Product "
              + id
              + " costs "
              + (id % 97 + 3)
              + " euros. <a href=\"/products/"
              + (id + 1)
              + "\">next product</a></p>");
    }
    if (path.equals("/news")) {
      StringBuilder items = new StringBuilder("<ul>");
      for (int i = 1; i <= 10; i++) {
        items
            .append("<li><a href=\"/products/")
            .append(i)
            .append("\">Offer ")
            .append(i)
            .append("</a></li>");
      }
      return Html.page("News", "yellow", items.append("</ul>").toString());
    }
    return Html.page(
        "Brigade demo shop",
        "yellow",
        "<p>This site has the three kinds of hits of the talk Brigade comes from:</p>"
            + "<p class=\"green\">Green, static: <a href=\"/static/style.css\">style.css</a>,"
            + " <a href=\"/static/logo.svg\">logo.svg</a>, <a href=\"/static/download.bin\">download.bin</a>"
            + " (max-age one day).</p>"
            + "<p class=\"yellow\">Yellow, dynamic and cacheable: <a href=\"/news\">news</a>,"
            + " <a href=\"/products/1\">products</a> (generated, then max-age a few seconds).</p>"
            + "<p class=\"red\">Red, dynamic per user: <a href=\"/account\">account</a>,"
            + " <a href=\"/cart\">cart</a> (a session cookie, never cached).</p>");
  }

  /** Per user: a session cookie, never stored by a shared cache. */
  private void red(HttpExchange ex, String path) throws IOException {
    work();
    if (fails()) {
      html(
          ex,
          500,
          Html.page("Application error", "red", "<p>The application failed (simulated).</p>"));
      return;
    }
    String session = session(ex);
    ex.getResponseHeaders().set("Cache-Control", "private, no-store");
    String body;
    if (path.equals("/cart")) {
      List<String> cart = carts.cart(session);
      StringBuilder b =
          new StringBuilder("<p class=\"red\">Your cart, rendered for you by ")
              .append(Html.escape(instance.name()))
              .append(":</p><ul>");
      cart.forEach(item -> b.append("<li>").append(Html.escape(item)).append("</li>"));
      b.append(
          "</ul><form method=\"post\" action=\"/cart\"><input name=\"item\"> <button>Add</button></form>");
      body = Html.page("Your cart", "red", b.toString());
    } else {
      body =
          Html.page(
              "Your account",
              "red",
              "<p class=\"red\">Session <code>"
                  + Html.escape(session.substring(0, 8))
                  + "...</code>, rendered for you by "
                  + Html.escape(instance.name())
                  + ".</p>");
    }
    html(ex, 200, body);
  }

  private void addToCart(HttpExchange ex) throws IOException {
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      ex.getResponseHeaders().set("Connection", "close");
      html(
          ex,
          413,
          Html.page(
              "Too large",
              "red",
              "<p>A cart request may have at most " + MAX_BODY + " bytes.</p>"));
      return;
    }
    work();
    String session = session(ex);
    String item = "";
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
      if (pair.startsWith("item=")) {
        item = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8).strip();
      }
    }
    if (item.isEmpty() || item.length() > 200) {
      html(
          ex,
          400,
          Html.page(
              "Bad request", "red", "<p>Send <code>item=NAME</code> (1 to 200 characters).</p>"));
      return;
    }
    carts.add(session, item);
    ex.getResponseHeaders().set("Cache-Control", "private, no-store");
    ex.getResponseHeaders().set("Location", "/cart");
    send(ex, 303, new byte[0]);
  }

  /** A login: always a new session, announced with Set-Cookie; then to the account page. */
  private void login(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      if (in.readNBytes(MAX_BODY + 1).length > MAX_BODY) {
        ex.getResponseHeaders().set("Connection", "close");
        html(ex, 413, Html.page("Too large", "red", "<p>A login has at most 8 KiB.</p>"));
        return;
      }
    }
    work();
    newSession(ex);
    ex.getResponseHeaders().set("Cache-Control", "private, no-store");
    ex.getResponseHeaders().set("Location", "/account");
    send(ex, 303, new byte[0]);
  }

  /** The request's session, or a new one announced with Set-Cookie. */
  private String session(HttpExchange ex) {
    String cookies = String.join("; ", ex.getRequestHeaders().getOrDefault("Cookie", List.of()));
    Matcher m = SESSION.matcher(cookies);
    if (m.find() && Sessions.wellFormed(m.group(1))) {
      return m.group(1);
    }
    return newSession(ex);
  }

  private String newSession(HttpExchange ex) {
    String id = sessions.newId();
    metrics.sessionCreated();
    ex.getResponseHeaders()
        .add("Set-Cookie", SESSION_COOKIE + "=" + id + "; Path=/; HttpOnly; SameSite=Lax");
    return id;
  }

  private void work() {
    Duration latency = instance.latency();
    if (!latency.isZero()) {
      try {
        Thread.sleep(latency);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private boolean fails() {
    double rate = instance.failureRate();
    return rate > 0 && ThreadLocalRandom.current().nextDouble() < rate;
  }

  /** RFC 9110 section 13.1.2 (weak comparison for If-None-Match) and 13.1.3. */
  private static boolean notModified(HttpExchange ex, String etag) {
    Headers h = ex.getRequestHeaders();
    List<String> inm = h.get("If-None-Match");
    if (inm != null) {
      String mine = etag.startsWith("W/") ? etag.substring(2) : etag;
      for (String value : inm) {
        for (String tag : value.split(",")) {
          String t = tag.strip();
          if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(mine)) {
            return true;
          }
        }
      }
      return false;
    }
    String ims = h.getFirst("If-Modified-Since");
    if (ims != null) {
      try {
        Instant since =
            ZonedDateTime.parse(ims.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return !STARTED.isAfter(since);
      } catch (DateTimeParseException e) {
        return false; // an invalid date is ignored (RFC 9110 section 13.1.3)
      }
    }
    return false;
  }

  static String httpDate(Instant t) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(t.atZone(ZoneOffset.UTC));
  }

  private static void notAllowed(HttpExchange ex, String allow) throws IOException {
    ex.getResponseHeaders().set("Allow", allow);
    html(ex, 405, Html.page("Method not allowed", "red", "<p>Allowed here: " + allow + ".</p>"));
  }

  private static void text(HttpExchange ex, int status, String body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    send(ex, status, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void html(HttpExchange ex, int status, String body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    send(ex, status, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Date", httpDate(Instant.now()));
    boolean head = ex.getRequestMethod().equals("HEAD");
    if (status == 304 || head) {
      if (head && status != 304) {
        ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
      }
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
