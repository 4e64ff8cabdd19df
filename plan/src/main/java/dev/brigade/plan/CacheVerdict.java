package dev.brigade.plan;

/**
 * A cache's verdict as the log spells it, reduced to hit or miss: Brigade's {@code hit stale
 * revalidated miss pass}, nginx's {@code $upstream_cache_status} ({@code HIT STALE UPDATING MISS
 * BYPASS EXPIRED REVALIDATED}) and Varnish's {@code hitmiss}/{@code handling} ({@code hit miss pass
 * pipe synth}). A revalidation counts as a miss: the request reached the application.
 */
final class CacheVerdict {
  private CacheVerdict() {}

  static int of(byte[] b, int s, int len) {
    if (len < 3) {
      return ParsedLine.CACHE_UNKNOWN;
    }
    int c0 = b[s] | 0x20;
    int c1 = b[s + 1] | 0x20;
    return switch (c0) {
      // hit; Varnish's hit-for-pass and hit-for-miss ("hitpass", "hitmiss") reach the backend
      case 'h' ->
          c1 != 'i'
              ? ParsedLine.CACHE_UNKNOWN
              : len == 3 ? ParsedLine.CACHE_HIT : ParsedLine.CACHE_MISS;
      case 's' ->
          c1 == 't' || c1 == 'y' ? ParsedLine.CACHE_HIT : ParsedLine.CACHE_UNKNOWN; // stale, synth
      case 'u' -> c1 == 'p' ? ParsedLine.CACHE_HIT : ParsedLine.CACHE_UNKNOWN; // updating
      case 'm', 'e', 'r' -> ParsedLine.CACHE_MISS; // miss, expired, revalidated
      case 'b', 'p' -> ParsedLine.CACHE_PASS; // bypass, pass, pipe
      default -> ParsedLine.CACHE_UNKNOWN;
    };
  }
}
