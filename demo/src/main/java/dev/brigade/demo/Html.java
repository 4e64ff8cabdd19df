package dev.brigade.demo;

/** Escapes text for HTML element content and attribute values. */
final class Html {
  private Html() {}

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** A whole page with the demo's stylesheet. */
  static String page(String title, String kind, String body) {
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
        + escape(title)
        + "</title><link rel=\"stylesheet\" href=\"/static/style.css\"><script src=\"/static/app.js\"></script></head>\n<body>"
        + "<img src=\"/static/logo.svg\" alt=\"brigade\">\n<h1 class=\""
        + kind
        + "\">"
        + escape(title)
        + "</h1>\n"
        + body
        + "\n<footer>Brigade demo application: <a href=\"/\">home</a></footer></body></html>\n";
  }
}
