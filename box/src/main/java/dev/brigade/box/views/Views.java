package dev.brigade.box.views;

/** What the views' pages share: where their static files are. */
final class Views {
  /**
   * The views' stylesheet; a {@code <link>} in the fragment, allowed by {@code style-src 'self'}.
   */
  static final String STYLESHEET = "<link rel=\"stylesheet\" href=\"/static/views/views.css\">\n";

  private Views() {}

  /** The path of one of the views' scripts. */
  static String script(String name) {
    return "/static/views/" + name;
  }
}
