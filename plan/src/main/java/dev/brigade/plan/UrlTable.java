package dev.brigade.plan;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Requests per URL in bounded memory: an open-addressing table keyed by the path's bytes (no String
 * per line). When it fills up, the less requested half is dropped and the largest count dropped is
 * remembered as the possible undercount of any URL (batch Space-Saving), so the top URLs stay right
 * however many distinct URLs a log has.
 */
final class UrlTable {
  /** Longer paths are counted by their first bytes. */
  static final int MAX_KEY = 256;

  private final int capacity;
  private int[] slots;
  private byte[][] keys;
  private int[] hashes;
  private long[] counts;
  private long[] bytes;
  private int size;
  private long floor;

  UrlTable(int capacity) {
    this.capacity = capacity;
    slots = new int[Integer.highestOneBit(capacity * 2 - 1) << 1];
    keys = new byte[capacity][];
    hashes = new int[capacity];
    counts = new long[capacity];
    bytes = new long[capacity];
  }

  void add(byte[] b, int off, int len, long responseBytes) {
    if (len > MAX_KEY) {
      len = MAX_KEY;
    }
    int h = 0x811c9dc5;
    for (int i = 0; i < len; i++) {
      h = (h ^ b[off + i]) * 0x01000193;
    }
    h ^= h >>> 16;
    int mask = slots.length - 1;
    int i = h & mask;
    while (true) {
      int e = slots[i];
      if (e == 0) {
        break;
      }
      e--;
      if (hashes[e] == h && same(keys[e], b, off, len)) {
        counts[e]++;
        bytes[e] += responseBytes;
        return;
      }
      i = (i + 1) & mask;
    }
    if (size == capacity) {
      prune();
      add(b, off, len, responseBytes);
      return;
    }
    keys[size] = Arrays.copyOfRange(b, off, off + len);
    hashes[size] = h;
    counts[size] = 1;
    bytes[size] = responseBytes;
    slots[i] = ++size;
  }

  /** Paths are short: a plain loop beats Arrays.equals' vectorised mismatch here. */
  private static boolean same(byte[] key, byte[] b, int off, int len) {
    if (key.length != len) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (key[i] != b[off + i]) {
        return false;
      }
    }
    return true;
  }

  /** Drops the entries at or below the median count. */
  private void prune() {
    long[] sorted = Arrays.copyOf(counts, size);
    Arrays.sort(sorted);
    long threshold = sorted[size / 2];
    int kept = 0;
    for (int e = 0; e < size; e++) {
      if (counts[e] > threshold) {
        keys[kept] = keys[e];
        hashes[kept] = hashes[e];
        counts[kept] = counts[e];
        bytes[kept] = bytes[e];
        kept++;
      } else {
        floor = Math.max(floor, counts[e]);
      }
    }
    Arrays.fill(keys, kept, size, null);
    size = kept;
    Arrays.fill(slots, 0);
    int mask = slots.length - 1;
    for (int e = 0; e < size; e++) {
      int i = hashes[e] & mask;
      while (slots[i] != 0) {
        i = (i + 1) & mask;
      }
      slots[i] = e + 1;
    }
  }

  /** The largest count a dropped URL had: any URL may have been undercounted by this much. */
  long floor() {
    return floor;
  }

  /** Adds this table's counts into {@code into}: path to {requests, bytes}. */
  void drainInto(Map<String, long[]> into) {
    for (int e = 0; e < size; e++) {
      long[] v =
          into.computeIfAbsent(new String(keys[e], StandardCharsets.UTF_8), k -> new long[2]);
      v[0] += counts[e];
      v[1] += bytes[e];
    }
  }

  static Map<String, long[]> newMap() {
    return new HashMap<>();
  }
}
