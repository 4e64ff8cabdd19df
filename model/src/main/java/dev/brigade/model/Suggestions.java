package dev.brigade.model;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** Finds the known word a user probably meant, for {@code did you mean ...?} hints. */
final class Suggestions {
  private Suggestions() {}

  /** The closest candidate within a typo's distance of {@code word}, if any. */
  static Optional<String> closest(String word, Collection<String> candidates) {
    String lower = word.toLowerCase(java.util.Locale.ROOT);
    int limit = Math.max(1, Math.min(3, word.length() / 3));
    return candidates.stream()
        .filter(c -> distance(lower, c.toLowerCase(java.util.Locale.ROOT)) <= limit)
        .min(
            Comparator.comparingInt(
                    (String c) -> distance(lower, c.toLowerCase(java.util.Locale.ROOT)))
                .thenComparing(Comparator.naturalOrder()));
  }

  /** A hint naming the closest candidate, or one listing the choices when there are few. */
  static String hint(String word, Collection<String> candidates) {
    Optional<String> best = closest(word, candidates);
    if (best.isPresent()) {
      return "did you mean '" + best.get() + "'?";
    }
    if (candidates.isEmpty()) {
      return "";
    }
    if (candidates.size() <= 8) {
      return "expected one of: " + String.join(", ", candidates.stream().sorted().toList());
    }
    return "";
  }

  /** Optimal string alignment distance: edits, including swapping two neighbouring letters. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          v = Math.min(v, d[i - 2][j - 2] + 1);
        }
        d[i][j] = v;
      }
    }
    return d[a.length()][b.length()];
  }

  /** A value cut to a length that fits in an error line, with control characters made visible. */
  static String shorten(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < 40; i++) {
      char c = s.charAt(i);
      b.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return b.length() < s.length() ? b + "..." : b.toString();
  }
}
