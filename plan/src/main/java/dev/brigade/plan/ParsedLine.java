package dev.brigade.plan;

/** One log line's fields as offsets into the read buffer: reused for every line, never copied. */
final class ParsedLine {
  static final int CACHE_UNKNOWN = 0;
  static final int CACHE_HIT = 1;
  static final int CACHE_MISS = 2;

  /** The cache did not handle it on purpose (pass, bypass, pipe): per user, hence red. */
  static final int CACHE_PASS = 3;

  long epochSecond;
  int offsetSeconds;
  boolean hasTime;
  int methodStart;
  int methodLen;
  int targetStart;
  int targetLen;
  int status;
  long bytes;
  int cache;
  int cookieStart;
  int cookieLen = -1;

  /** The last CLF time's minute and zone (its bytes 0-16 and 20-25) and that minute's epoch. */
  long cachedHead1;

  long cachedHead2;
  byte cachedMinute;
  long cachedZone;
  long cachedMinuteEpoch = Long.MIN_VALUE;
  int cachedOffset;

  /** Why the line was refused, or null when it parsed. */
  String error;

  void reset() {
    hasTime = false;
    methodLen = 0;
    targetLen = 0;
    status = 0;
    bytes = 0;
    cache = CACHE_UNKNOWN;
    cookieLen = -1;
    error = null;
  }
}
