package dev.brigade.traffic;

import java.util.List;

/**
 * Sorts a request into the seed's hit classes, by the rules the edge caches with: red when the
 * request is unsafe (not GET or HEAD) or carries a session cookie, green when the path names a
 * static file by its extension, yellow otherwise. Pure and allocation-free, so the log planner can
 * call it once per log line.
 *
 * <pre>{@code
 * HitClassifier rules = new HitClassifier(List.of("PHPSESSID", "SESS*"));
 * rules.classify("GET", "/style.css?v=3", null);       // GREEN
 * rules.classify("GET", "/cart", "PHPSESSID=ab12");    // RED
 * }</pre>
 *
 * @param sessionCookies cookie names, or prefixes ending in {@code *}, that make a request red
 */
public record HitClassifier(List<String> sessionCookies) {
  /** The edge's default session cookies (Brigade's own, PHP, Java servlets, Drupal). */
  public static final HitClassifier DEFAULT =
      new HitClassifier(List.of("BRIGADE_SESSION", "PHPSESSID", "JSESSIONID", "SESS*", "SSESS*"));

  /** File extensions served as static files (lower case), as the edge's cache has them. */
  private static final String[] STATIC = {
    "css", "js", "mjs", "png", "jpg", "jpeg", "gif", "svg", "ico", "webp", "avif", "woff", "woff2",
    "ttf", "otf", "eot", "pdf", "txt", "xml", "json", "map", "mp4", "webm", "mp3", "zip", "gz",
    "bin"
  };

  public HitClassifier {
    sessionCookies = List.copyOf(sessionCookies);
  }

  /**
   * The class of one request.
   *
   * @param method the request method; {@code null} or {@code "-"} when unknown (taken as GET)
   * @param path the request target, with or without its query
   * @param cookieHeader the {@code Cookie} header, or {@code null} when there is none
   */
  public HitClass classify(CharSequence method, CharSequence path, CharSequence cookieHeader) {
    if (method != null && !safe(method)) {
      return HitClass.RED;
    }
    if (cookieHeader != null && hasSessionCookie(cookieHeader)) {
      return HitClass.RED;
    }
    return isStatic(path) ? HitClass.GREEN : HitClass.YELLOW;
  }

  /** True when one of the cookies in a {@code Cookie} header is a session cookie. */
  public boolean hasSessionCookie(CharSequence header) {
    int n = header.length();
    int i = 0;
    while (i < n) {
      while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == ';')) {
        i++;
      }
      int start = i;
      while (i < n && header.charAt(i) != '=' && header.charAt(i) != ';') {
        i++;
      }
      int end = i;
      while (end > start && header.charAt(end - 1) == ' ') {
        end--;
      }
      if (end > start && isSession(header, start, end)) {
        return true;
      }
      while (i < n && header.charAt(i) != ';') {
        i++;
      }
    }
    return false;
  }

  private boolean isSession(CharSequence s, int start, int end) {
    for (String name : sessionCookies) {
      boolean prefix = name.endsWith("*");
      int len = prefix ? name.length() - 1 : name.length();
      if ((prefix ? end - start >= len : end - start == len) && regionEquals(s, start, name, len)) {
        return true;
      }
    }
    return false;
  }

  private static boolean regionEquals(CharSequence s, int start, String name, int len) {
    for (int k = 0; k < len; k++) {
      if (s.charAt(start + k) != name.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** GET and HEAD; an unknown method ({@code "-"}, empty) counts as safe. */
  private static boolean safe(CharSequence m) {
    int n = m.length();
    if (n == 3) {
      return m.charAt(0) == 'G' && m.charAt(1) == 'E' && m.charAt(2) == 'T';
    }
    if (n == 4) {
      return m.charAt(0) == 'H' && m.charAt(1) == 'E' && m.charAt(2) == 'A' && m.charAt(3) == 'D';
    }
    return n == 0 || n == 1 && m.charAt(0) == '-';
  }

  /** The last path segment (query cut off) ends in a static file extension, in any case. */
  static boolean isStatic(CharSequence path) {
    int end = path.length();
    for (int i = 0; i < end; i++) {
      char c = path.charAt(i);
      if (c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    int dot = -1;
    for (int i = end - 1; i >= 0; i--) {
      char c = path.charAt(i);
      if (c == '.') {
        dot = i;
        break;
      }
      if (c == '/') {
        return false;
      }
    }
    if (dot < 0) {
      return false;
    }
    int len = end - dot - 1;
    for (String ext : STATIC) {
      if (ext.length() == len && extensionEquals(path, dot + 1, ext)) {
        return true;
      }
    }
    return false;
  }

  private static boolean extensionEquals(CharSequence path, int start, String ext) {
    for (int k = 0; k < ext.length(); k++) {
      char c = path.charAt(start + k);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + 32);
      }
      if (c != ext.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}
