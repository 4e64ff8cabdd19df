package dev.brigade.box;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.brigade.box.auth.LoginThrottle;
import dev.brigade.box.auth.Principal;
import dev.brigade.box.auth.Sessions;
import dev.brigade.box.store.BoxStore;
import dev.brigade.box.web.Ask;
import dev.brigade.box.web.BoxContext;
import dev.brigade.box.web.BoxPage;
import dev.brigade.box.web.FieldProblem;
import dev.brigade.box.web.Reply;
import dev.brigade.box.web.Role;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The box's web server: every {@link BoxPage} found by {@link ServiceLoader} (and any given in the
 * options), each behind the same pipeline: security headers, static files, sign-in (session cookie,
 * or a bearer token for scripts), the page's role, the CSRF check of every change, the body limit,
 * the layout around HTML fragments, and RFC 9457 problem details for API errors. It also serves
 * {@code /login}, {@code /logout} and the live {@code /api/stream}.
 *
 * <pre>{@code
 * try (BoxServer s = BoxServer.start(box, BoxServer.Options.loopback(store, users))) {
 *   System.out.println(s.url());
 * }
 * }</pre>
 */
public final class BoxServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BoxServer.class);

  /**
   * How the server runs.
   *
   * @param listen the address (port 0 for a free one)
   * @param tls HTTPS when present
   * @param store sessions and tokens
   * @param users who may sign in
   * @param tokens bearer tokens for scripts
   * @param idle a session's idle lifetime
   * @param absolute a session's whole lifetime
   * @param feed the state changes for {@code /api/stream} (also the monitor's listener)
   * @param extraPages pages on top of those the service loader finds (tests)
   * @param maxBody the largest request body
   */
  public record Options(
      InetSocketAddress listen,
      Optional<SSLContext> tls,
      BoxStore store,
      List<BoxSettings.User> users,
      List<BoxSettings.ApiToken> tokens,
      Duration idle,
      Duration absolute,
      LiveFeed feed,
      List<BoxPage> extraPages,
      int maxBody) {
    /** A free loopback port, plain HTTP, these users, the default lifetimes, a new feed. */
    public static Options loopback(BoxStore store, List<BoxSettings.User> users) {
      return new Options(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
          Optional.empty(),
          store,
          users,
          List.of(),
          BoxSettings.DEFAULT.idle(),
          BoxSettings.DEFAULT.absolute(),
          new LiveFeed(),
          List.of(),
          BoxJson.MAX_BODY);
    }

    public Options withListen(InetSocketAddress a) {
      return new Options(a, tls, store, users, tokens, idle, absolute, feed, extraPages, maxBody);
    }

    public Options withTls(SSLContext t) {
      return new Options(
          listen, Optional.of(t), store, users, tokens, idle, absolute, feed, extraPages, maxBody);
    }

    public Options withTokens(List<BoxSettings.ApiToken> t) {
      return new Options(listen, tls, store, users, t, idle, absolute, feed, extraPages, maxBody);
    }

    public Options withFeed(LiveFeed f) {
      return new Options(listen, tls, store, users, tokens, idle, absolute, f, extraPages, maxBody);
    }

    public Options withLifetimes(Duration i, Duration a) {
      return new Options(listen, tls, store, users, tokens, i, a, feed, extraPages, maxBody);
    }

    public Options withPages(List<BoxPage> p) {
      return new Options(listen, tls, store, users, tokens, idle, absolute, feed, p, maxBody);
    }
  }

  private final BoxContext box;
  private final Options options;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final List<BoxPage> pages;
  private final List<BoxPage> byLength;
  private final Sessions sessions;
  private final LoginPage login;
  private final StaticFiles statics = new StaticFiles();
  private final EventStream stream;

  private BoxServer(BoxContext box, Options options) throws IOException, SQLException {
    this.box = new FeedingContext(box, options.feed());
    this.options = options;
    List<BoxPage> all = new ArrayList<>();
    ServiceLoader.load(BoxPage.class).forEach(all::add);
    all.addAll(options.extraPages());
    this.pages = List.copyOf(all);
    this.byLength =
        all.stream().sorted(Comparator.comparingInt((BoxPage p) -> -p.path().length())).toList();
    options.store().replaceTokens(options.tokens());
    this.sessions =
        new Sessions(
            options.store(), options.users(), box.clock(), options.idle(), options.absolute());
    this.login =
        new LoginPage(sessions, LoginThrottle.standard(box.clock()), options.tls().isPresent());
    this.stream = new EventStream(options.feed(), this.box);
    if (options.tls().isPresent()) {
      HttpsServer s = HttpsServer.create(options.listen(), 128);
      s.setHttpsConfigurator(new HttpsConfigurator(options.tls().get()));
      this.server = s;
    } else {
      this.server = HttpServer.create(options.listen(), 128);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /** Starts serving {@code box} as {@code options} say. */
  public static BoxServer start(BoxContext box, Options options) throws IOException, SQLException {
    BoxServer s = new BoxServer(box, options);
    s.server.start();
    sessionsExpire(s);
    return s;
  }

  private static void sessionsExpire(BoxServer s) {
    try {
      int n = s.sessions.expire();
      if (n > 0) {
        log.info("box: {} expired sessions removed", n);
      }
    } catch (SQLException e) {
      log.warn("box: cannot remove expired sessions: {}", e.getMessage());
    }
  }

  /** Where it listens. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** The dashboard's URL. */
  public String url() {
    InetSocketAddress a = address();
    String host = a.getAddress().getHostAddress();
    host = host.contains(":") ? "[" + host + "]" : host;
    return (options.tls().isPresent() ? "https" : "http") + "://" + host + ":" + a.getPort() + "/";
  }

  /** Every page mounted, in navigation order. */
  public List<BoxPage> pages() {
    return pages;
  }

  private void handle(HttpExchange x) {
    try (x) {
      Wire.securityHeaders(x);
      answer(x);
    } catch (IOException e) {
      log.debug(
          "box: {} {}: {}", x.getRequestMethod(), x.getRequestURI().getRawPath(), e.toString());
    } catch (RuntimeException | SQLException e) {
      log.error("box: {} {} failed", x.getRequestMethod(), x.getRequestURI().getRawPath(), e);
      try {
        Wire.problem(x, 500, "Internal Server Error", "internal error; see the box's log", null);
      } catch (IOException | RuntimeException ignored) {
        // the answer had started
      }
    }
  }

  private void answer(HttpExchange x) throws IOException, SQLException {
    String method = x.getRequestMethod();
    String path = x.getRequestURI().getPath();
    if (path == null || path.contains("\0") || path.contains("/../") || path.endsWith("/..")) {
      Wire.problem(x, 400, "Bad Request", "bad path", null);
      return;
    }
    boolean json = Wire.wantsJson(x, path);
    try {
      if (path.startsWith("/static/")) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
          refuse(x, json, 405, "static files are read with GET");
          return;
        }
        statics.serve(x, path.substring(8));
        return;
      }
      if (path.equals("/login")) {
        if (method.equals("POST")) {
          login.post(x, sameOrigin(x));
        } else {
          login.show(
              x,
              LoginPage.safeNext(Wire.query(x).getOrDefault("next", List.of("/")).getFirst()),
              "",
              200);
        }
        return;
      }
      Optional<Principal> who = authenticate(x);
      if (who.isEmpty()) {
        if (!json && (method.equals("GET") || method.equals("HEAD"))) {
          String raw = x.getRequestURI().getRawPath();
          String q = x.getRequestURI().getRawQuery();
          x.getResponseHeaders()
              .set(
                  "Location",
                  "/login?next="
                      + java.net.URLEncoder.encode(
                          q == null ? raw : raw + "?" + q, StandardCharsets.UTF_8));
          Wire.send(x, 303, null, new byte[0]);
        } else {
          x.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"brigade box\"");
          refuse(x, true, 401, "sign in, or send Authorization: Bearer TOKEN");
        }
        return;
      }
      Principal p = who.get();
      boolean change = !method.equals("GET") && !method.equals("HEAD");
      byte[] body = change ? Wire.body(x, options.maxBody()) : new byte[0];
      String type = Optional.ofNullable(x.getRequestHeaders().getFirst("Content-Type")).orElse("");
      Map<String, List<String>> form =
          type.startsWith("application/x-www-form-urlencoded")
              ? Wire.decode(new String(body, StandardCharsets.UTF_8))
              : Map.of();
      if (change && !p.viaToken()) {
        if (!sameOrigin(x)) {
          refuse(x, json, 403, "cross-site request refused (Origin is not this box)");
          return;
        }
        String given =
            Optional.ofNullable(x.getRequestHeaders().getFirst("X-CSRF-Token"))
                .orElseGet(() -> form.getOrDefault("csrf", List.of("")).getFirst());
        if (!MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), p.csrf().getBytes(StandardCharsets.UTF_8))) {
          refuse(x, json, 403, "missing or wrong CSRF token; reload the page");
          return;
        }
      }
      if (path.equals("/logout")) {
        if (!change) {
          refuse(x, json, 405, "sign out with POST");
          return;
        }
        sessions.logout(p);
        login.loggedOut(x);
        return;
      }
      if (path.equals("/api/stream")) {
        if (change) {
          refuse(x, json, 405, "the stream is read with GET");
          return;
        }
        stream.serve(x);
        return;
      }
      BoxPage page = route(path);
      if (page == null) {
        refuse(x, json, 404, "no page at " + path);
        return;
      }
      Role needed = page.needs(method);
      if (!p.role().allows(needed)) {
        refuse(
            x,
            json,
            403,
            "this needs the " + needed.name().toLowerCase(java.util.Locale.ROOT) + " role");
        return;
      }
      Ask ask =
          new Ask(method, path, Wire.query(x), form, body, type, p.user(), p.role(), p.csrf(), box);
      Reply r;
      try {
        r = page.handle(ask);
      } catch (FieldProblem e) {
        Wire.problem(x, 400, "Bad Request", e.getMessage(), e.field());
        return;
      } catch (IllegalArgumentException e) {
        refuse(x, json, 400, e.getMessage());
        return;
      } catch (IllegalStateException e) {
        refuse(x, json, 409, e.getMessage());
        return;
      } catch (IOException | SQLException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      reply(x, r, path, p);
    } catch (Wire.TooLarge e) {
      refuse(x, json, 413, e.getMessage());
    } catch (IllegalArgumentException e) {
      refuse(x, json, 400, e.getMessage());
    }
  }

  private void reply(HttpExchange x, Reply r, String path, Principal p) throws IOException {
    r.headers().forEach((k, v) -> x.getResponseHeaders().set(k, v));
    if (r.kind() == Reply.Kind.PAGE) {
      String html =
          Layout.page(
              r.title(),
              new String(r.body(), StandardCharsets.UTF_8),
              r.scripts(),
              pages,
              path,
              p,
              box.cluster().name());
      Wire.send(x, r.status(), r.contentType(), html.getBytes(StandardCharsets.UTF_8));
    } else {
      Wire.send(x, r.status(), r.contentType(), r.body());
    }
  }

  private BoxPage route(String path) {
    for (BoxPage p : byLength) {
      String at = p.path();
      // a page answers its path, what is below it, and its other forms (/cluster.svg, .json)
      if (at.equals("/")
          ? path.equals("/")
          : path.equals(at) || path.startsWith(at + "/") || path.startsWith(at + ".")) {
        return p;
      }
    }
    return null;
  }

  private Optional<Principal> authenticate(HttpExchange x) throws SQLException {
    String auth = x.getRequestHeaders().getFirst("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return sessions.token(auth.substring(7).strip());
    }
    Optional<String> cookie = Wire.cookie(x, LoginPage.SESSION_COOKIE);
    return cookie.isEmpty() ? Optional.empty() : sessions.session(cookie.get());
  }

  /**
   * Whether a change comes from the box's own pages: the Origin (or, without one, the Referer) is
   * this box, and the browser does not call the request cross-site (Fetch Metadata).
   */
  private static boolean sameOrigin(HttpExchange x) {
    String site = x.getRequestHeaders().getFirst("Sec-Fetch-Site");
    if ("cross-site".equals(site) || "same-site".equals(site)) {
      return false;
    }
    String origin = x.getRequestHeaders().getFirst("Origin");
    if (origin == null) {
      origin = x.getRequestHeaders().getFirst("Referer");
    }
    if (origin == null) {
      return true; // not a browser's form or fetch (curl with a session cookie and the token)
    }
    String host = x.getRequestHeaders().getFirst("Host");
    try {
      URI u = URI.create(origin);
      String authority = u.getRawAuthority();
      return host != null && authority != null && authority.equalsIgnoreCase(host);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void refuse(HttpExchange x, boolean json, int status, String detail)
      throws IOException {
    if (json) {
      if (status == 429 && !x.getResponseHeaders().containsKey("Retry-After")) {
        x.getResponseHeaders().set("Retry-After", "60");
      }
      Wire.problem(x, status, Wire.title(status), detail, null);
      return;
    }
    String html =
        Layout.bare(
            Wire.title(status),
            "<h1>"
                + status
                + " "
                + Wire.title(status)
                + "</h1><p class=\"error\">"
                + dev.brigade.box.web.Html.escape(detail)
                + "</p><p><a href=\"/\">Back to the problems</a></p>");
    Wire.send(x, status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
