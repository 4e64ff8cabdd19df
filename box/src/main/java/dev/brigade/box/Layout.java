package dev.brigade.box;

import static dev.brigade.box.web.Html.escape;

import dev.brigade.box.auth.Principal;
import dev.brigade.box.web.BoxPage;
import java.util.List;

/** The page around every {@code Reply.page} fragment: navigation, CSRF token, scripts. */
final class Layout {
  private Layout() {}

  static String page(
      String title,
      String fragment,
      List<String> scripts,
      List<BoxPage> pages,
      String path,
      Principal who,
      String cluster) {
    StringBuilder b = new StringBuilder(fragment.length() + 2048);
    b.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<meta name=\"csrf-token\" content=\"")
        .append(escape(who.csrf()))
        .append("\"><title>")
        .append(escape(title))
        .append(" · ")
        .append(escape(cluster))
        .append(" · Brigade box</title>")
        .append("<link rel=\"stylesheet\" href=\"/static/box.css\">")
        .append("<script src=\"/static/box.js\" defer></script>");
    for (String s : scripts) {
      b.append("<script src=\"/static/")
          .append(escape(s.startsWith("/static/") ? s.substring(8) : s))
          .append("\" defer></script>");
    }
    b.append("</head><body><header class=\"top\"><a class=\"brand\" href=\"/\">Brigade · ")
        .append(escape(cluster))
        .append("</a><nav>");
    for (BoxPage p : pages) {
      if (p.title().isEmpty()) {
        continue;
      }
      boolean here =
          p.path().equals("/")
              ? path.equals("/")
              : path.equals(p.path()) || path.startsWith(p.path() + "/");
      b.append("<a href=\"")
          .append(escape(p.path()))
          .append(here ? "\" aria-current=\"page\">" : "\">")
          .append(escape(p.title()))
          .append("</a>");
    }
    b.append("</nav><form class=\"logout\" method=\"post\" action=\"/logout\">")
        .append("<input type=\"hidden\" name=\"csrf\" value=\"")
        .append(escape(who.csrf()))
        .append("\"><span class=\"who\">")
        .append(escape(who.user()))
        .append(" (")
        .append(who.role().name().toLowerCase(java.util.Locale.ROOT))
        .append(")</span> <button type=\"submit\">Sign out</button></form></header>\n<main>")
        .append(fragment)
        .append("</main></body></html>\n");
    return b.toString();
  }

  /** A page for someone not signed in (the login form, errors before sign-in). */
  static String bare(String title, String body) {
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>"
        + escape(title)
        + " · Brigade box</title><link rel=\"stylesheet\" href=\"/static/box.css\"></head>"
        + "<body class=\"bare\"><main>"
        + body
        + "</main></body></html>\n";
  }
}
