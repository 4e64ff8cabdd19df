package dev.brigade.deploy;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean ...?" for names the model refers to (roles, stages). */
final class Names {
  private Names() {}

  /** A hint naming the closest of {@code known}, or listing them. */
  static String hint(String given, Collection<String> known) {
    Optional<String> best = closest(given, known);
    if (best.isPresent()) {
      return "did you mean '" + best.get() + "'?";
    }
    return known.isEmpty() ? "the model defines none" : "known: " + String.join(", ", known);
  }

  /**
   * The known name {@code given} abbreviates, or the one within edit distance 2 (or a third of the
   * length) of it.
   */
  static Optional<String> closest(String given, Collection<String> known) {
    String lower = given.toLowerCase(java.util.Locale.ROOT);
    if (lower.length() >= 3) {
      for (String k : known) {
        if (k.toLowerCase(java.util.Locale.ROOT).startsWith(lower)) {
          return Optional.of(k); // an abbreviation: prod for production
        }
      }
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d =
          distance(given.toLowerCase(java.util.Locale.ROOT), k.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    int limit = Math.max(2, given.length() / 3);
    return best != null && bestDistance <= limit ? Optional.of(best) : Optional.empty();
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
