package dev.brigade.edge;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How a pool chooses a backend for a request. */
public enum Algorithm {
  /** Smooth weighted round robin, as nginx does it. */
  ROUND_ROBIN,
  /** Fewest requests in progress per unit of weight. */
  LEAST_CONN,
  /** Two random backends, the less loaded of the two (power of two choices). */
  P2C,
  /** Consistent hashing of the URL or a header on a ketama ring, the same on every edge node. */
  HASH;

  /** The name as written in a model: round-robin, least-conn, p2c, hash. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Every name a model may use. */
  public static List<String> ids() {
    return Arrays.stream(values()).map(Algorithm::id).toList();
  }

  /** The algorithm written as {@code id}. */
  public static Algorithm of(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
