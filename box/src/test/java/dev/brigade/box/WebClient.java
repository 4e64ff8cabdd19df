package dev.brigade.box;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser-like HTTP client for the box's tests: keeps cookies, signs in, knows the CSRF token.
 */
final class WebClient {
  private static final Pattern CSRF =
      Pattern.compile("name=\"(?:csrf-token|csrf)\" (?:content|value)=\"([^\"]+)\"");
  final String base;
  final HttpClient http;
  String csrf = "";

  WebClient(String base) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.http =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Signs in; the status of the login POST (303 when it worked). */
  int login(String user, String password) throws Exception {
    String form = get("/login").body();
    String token = token(form);
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", base)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "csrf="
                            + enc(token)
                            + "&user="
                            + enc(user)
                            + "&password="
                            + enc(password)
                            + "&next=%2F")));
    if (r.statusCode() == 303) {
      csrf = token(get("/").body());
    }
    return r.statusCode();
  }

  static String token(String html) {
    Matcher m = CSRF.matcher(html);
    return m.find() ? m.group(1) : "";
  }

  HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  HttpResponse<String> getJson(String path) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/json").GET());
  }

  /** A form POST with this session's CSRF token and the box's own Origin. */
  HttpResponse<String> postForm(String path, String form) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Origin", base)
            .POST(HttpRequest.BodyPublishers.ofString("csrf=" + enc(csrf) + "&" + form)));
  }

  /** A JSON POST with the CSRF header. */
  HttpResponse<String> postJson(String path, String json) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .header("X-CSRF-Token", csrf)
            .header("Origin", base)
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
