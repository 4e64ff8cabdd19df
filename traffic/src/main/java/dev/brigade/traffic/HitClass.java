package dev.brigade.traffic;

/**
 * The seed's classes of hits ("Analyzing hit distribution"): which delivery method can serve a
 * request, from a CDN down to the application alone.
 */
public enum HitClass {
  /** Static files: a CDN or the reverse proxy cache serves them. */
  GREEN,
  /** Dynamic but the same for everyone: the reverse proxy cache can serve them. */
  YELLOW,
  /** Dynamic per user (a session) or unsafe (a POST): only the application can answer. */
  RED;

  /** The lower-case name, as reports and JSON spell it. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
