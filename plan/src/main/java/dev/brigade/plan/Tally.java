package dev.brigade.plan;

import dev.brigade.traffic.HitClass;
import dev.brigade.traffic.HitClassifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one reader thread counts: requests and bytes per hour (with per-second detail), per hit
 * class, cache verdicts and top URLs. Each thread has its own, merged once at the end, so the hot
 * path takes no lock.
 */
final class Tally {
  /** Malformed lines kept as examples per thread (the report shows the first few overall). */
  static final int SAMPLES = 5;

  /** Hours with per-second counts (14 KB each); later hours keep hourly totals only. */
  static final int DETAILED_HOURS = 24 * 120;

  static final int CLASSES = 3;

  /** One UTC hour of traffic. */
  static final class Hour {
    final long hour;
    long requests;
    long bytes;
    final long[] classRequests = new long[CLASSES];
    int offsetSeconds;
    int[] perSecond;

    Hour(long hour, int offsetSeconds, boolean detailed) {
      this.hour = hour;
      this.offsetSeconds = offsetSeconds;
      perSecond = detailed ? new int[3600] : null;
    }
  }

  /** A line that did not parse, where it was. */
  record Sample(int unit, long line, String reason, String text) {}

  private final HitClassifier classifier;
  private final ByteSlice method = new ByteSlice();
  private final ByteSlice path = new ByteSlice();
  private final ByteSlice cookie = new ByteSlice();

  final Map<Long, Hour> hours = new HashMap<>();
  private Hour last;
  final long[] classRequests = new long[CLASSES];
  final long[] classBytes = new long[CLASSES];
  final long[] classHits = new long[CLASSES];
  final long[] classMisses = new long[CLASSES];
  final long[] statuses = new long[6];
  final UrlTable[] urls = new UrlTable[CLASSES];
  final List<Sample> samples = new ArrayList<>();
  long requests;
  long bytes;
  long malformed;
  long minEpoch = Long.MAX_VALUE;
  long maxEpoch = Long.MIN_VALUE;

  Tally(HitClassifier classifier, int urlCapacity) {
    this.classifier = classifier;
    for (int c = 0; c < CLASSES; c++) {
      urls[c] = new UrlTable(urlCapacity);
    }
  }

  void add(ParsedLine l, byte[] b) {
    long t = l.epochSecond;
    long h = Math.floorDiv(t, 3600);
    Hour hour = last;
    if (hour == null || hour.hour != h) {
      hour = hours.get(h);
      if (hour == null) {
        hour = new Hour(h, l.offsetSeconds, hours.size() < DETAILED_HOURS);
        hours.put(h, hour);
      }
      last = hour;
    }
    hour.requests++;
    hour.bytes += l.bytes;
    if (hour.perSecond != null) {
      hour.perSecond[(int) (t - h * 3600)]++;
    }
    minEpoch = Math.min(minEpoch, t);
    maxEpoch = Math.max(maxEpoch, t);
    int pathLen = l.targetLen;
    for (int i = 0; i < pathLen; i++) {
      if (b[l.targetStart + i] == '?') {
        pathLen = i;
        break;
      }
    }
    HitClass hc =
        classifier.classify(
            method.set(b, l.methodStart, l.methodLen),
            path.set(b, l.targetStart, pathLen),
            l.cookieLen < 0 ? null : cookie.set(b, l.cookieStart, l.cookieLen));
    // the cache's own pass verdict says red where the log does not carry the Cookie header
    int c = l.cache == ParsedLine.CACHE_PASS ? HitClass.RED.ordinal() : hc.ordinal();
    hour.classRequests[c]++;
    requests++;
    bytes += l.bytes;
    classRequests[c]++;
    classBytes[c] += l.bytes;
    if (l.cache == ParsedLine.CACHE_HIT) {
      classHits[c]++;
    } else if (l.cache >= ParsedLine.CACHE_MISS) {
      classMisses[c]++;
    }
    int s = l.status / 100;
    statuses[s >= 1 && s <= 5 ? s : 0]++;
    if (pathLen == 0) {
      urls[c].add(DASH, 0, 1, l.bytes);
    } else {
      urls[c].add(b, l.targetStart, pathLen, l.bytes);
    }
  }

  private static final byte[] DASH = {'-'};

  void malformed(int unit, long line, String reason, byte[] b, int start, int end) {
    malformed++;
    if (samples.size() < SAMPLES) {
      samples.add(new Sample(unit, line, reason, excerpt(b, start, end)));
    }
  }

  /** The line's first 120 bytes, control characters and quotes escaped, for one-line errors. */
  static String excerpt(byte[] b, int start, int end) {
    StringBuilder s = new StringBuilder();
    int stop = Math.min(end, start + 120);
    for (int i = start; i < stop; i++) {
      int c = b[i] & 0xff;
      if (c == '\n' || c == '\r') {
        break;
      }
      if (c < 0x20 || c >= 0x7f) {
        s.append(String.format("\\x%02x", c));
      } else {
        s.append((char) c);
      }
    }
    if (end - start > 120) {
      s.append("...");
    }
    return s.toString();
  }
}
