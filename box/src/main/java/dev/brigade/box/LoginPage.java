package dev.brigade.box;

import static dev.brigade.box.web.Html.escape;

import com.sun.net.httpserver.HttpExchange;
import dev.brigade.box.auth.LoginThrottle;
import dev.brigade.box.auth.Sessions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /login}: the sign-in form and its POST. Before there is a session, the form's CSRF token
 * is a random value also set as a cookie (double submit), and the Origin must be the box's own;
 * failed logins are limited per user and per address ({@link LoginThrottle}: 429 with Retry-After).
 */
final class LoginPage {
  static final String SESSION_COOKIE = "brigade_session";
  private static final String LOGIN_COOKIE = "brigade_login";
  private final Sessions sessions;
  private final LoginThrottle throttle;
  private final boolean secure;

  LoginPage(Sessions sessions, LoginThrottle throttle, boolean secure) {
    this.sessions = sessions;
    this.throttle = throttle;
    this.secure = secure;
  }

  void show(HttpExchange x, String next, String error, int status) throws IOException {
    // keep the form's token when the browser already has one (a second tab, a favicon request
    // redirected here), so that an open form stays valid
    String token =
        Wire.cookie(x, LOGIN_COOKIE)
            .filter(t -> t.matches("[A-Za-z0-9_-]{43}"))
            .orElseGet(Sessions::randomToken);
    x.getResponseHeaders().add("Set-Cookie", Wire.setCookie(LOGIN_COOKIE, token, 600, secure));
    String body =
        "<form class=\"login\" method=\"post\" action=\"/login\"><h1>Brigade box</h1>"
            + (error.isEmpty() ? "" : "<p class=\"error\" role=\"alert\">" + escape(error) + "</p>")
            + "<input type=\"hidden\" name=\"csrf\" value=\""
            + escape(token)
            + "\"><input type=\"hidden\" name=\"next\" value=\""
            + escape(next)
            + "\"><label>User <input name=\"user\" id=\"user\" autocomplete=\"username\""
            + " required maxlength=\"64\" autofocus></label>"
            + "<label>Password <input name=\"password\" id=\"password\" type=\"password\""
            + " autocomplete=\"current-password\" required maxlength=\"1024\"></label>"
            + "<button type=\"submit\" id=\"login\">Sign in</button></form>";
    Wire.send(
        x,
        status,
        "text/html; charset=utf-8",
        Layout.bare("Sign in", body).getBytes(StandardCharsets.UTF_8));
  }

  void post(HttpExchange x, boolean sameOrigin) throws IOException, SQLException {
    Map<String, List<String>> form =
        Wire.decode(new String(Wire.body(x, 8 * 1024), StandardCharsets.UTF_8));
    String next = safeNext(first(form, "next"));
    String given = first(form, "csrf");
    String cookie = Wire.cookie(x, LOGIN_COOKIE).orElse("");
    if (!sameOrigin
        || cookie.isEmpty()
        || !MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), cookie.getBytes(StandardCharsets.UTF_8))) {
      show(x, next, "The form expired; please sign in again.", 403);
      return;
    }
    String user = first(form, "user");
    String address = Wire.client(x);
    Optional<Duration> wait = throttle.retryAfter(user, address);
    if (wait.isPresent()) {
      long s = Math.max(1, wait.get().toSeconds());
      x.getResponseHeaders().set("Retry-After", Long.toString(s));
      show(x, next, "Too many failed sign-ins; try again in " + s + " seconds.", 429);
      return;
    }
    char[] password = first(form, "password").toCharArray();
    Optional<String> session = sessions.login(user, password, address);
    java.util.Arrays.fill(password, '\0');
    if (session.isEmpty()) {
      throttle.failed(user, address);
      show(x, next, "Wrong user name or password.", 401);
      return;
    }
    throttle.succeeded(user);
    x.getResponseHeaders()
        .add(
            "Set-Cookie",
            Wire.setCookie(SESSION_COOKIE, session.get(), sessions.absolute().toSeconds(), secure));
    x.getResponseHeaders().add("Set-Cookie", Wire.setCookie(LOGIN_COOKIE, "", 0, secure));
    x.getResponseHeaders().set("Location", next);
    Wire.send(x, 303, null, new byte[0]);
  }

  void loggedOut(HttpExchange x) throws IOException {
    x.getResponseHeaders().add("Set-Cookie", Wire.setCookie(SESSION_COOKIE, "", 0, secure));
    x.getResponseHeaders().set("Location", "/login");
    Wire.send(x, 303, null, new byte[0]);
  }

  /**
   * A local path to go to after sign-in; anything else (another site, {@code //x}) is {@code /}.
   */
  static String safeNext(String next) {
    return next.startsWith("/")
            && !next.startsWith("//")
            && !next.startsWith("/\\")
            && next.length() < 2048
            && next.chars().noneMatch(c -> c < 0x21)
        ? next
        : "/";
  }

  private static String first(Map<String, List<String>> form, String name) {
    List<String> v = form.get(name);
    return v == null || v.isEmpty() ? "" : v.getFirst();
  }
}
