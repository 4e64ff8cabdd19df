package dev.brigade.edge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * A consistent-hashing ring laid out as libketama does: each server gets {@code 40 * weight} MD5
 * digests of {@code "address:port-i"}, each digest giving 4 points; a key goes to the first point
 * at or after the MD5 of the key, wrapping around. Every edge node builds the same ring from the
 * same model, so a key maps to the same backend from all of them, and removing one backend moves
 * only the keys that were on it.
 */
final class KetamaRing {
  private final long[] points;
  private final Backend[] owners;

  KetamaRing(List<Backend> backends) {
    int total = 0;
    for (Backend b : backends) {
      total += 160 * b.config.weight();
    }
    long[] p = new long[total];
    Backend[] o = new Backend[total];
    int n = 0;
    for (Backend b : backends) {
      String name = b.config.address() + ":" + b.config.port();
      for (int i = 0; i < 40 * b.config.weight(); i++) {
        byte[] d = md5(name + "-" + i);
        for (int h = 0; h < 4; h++) {
          p[n] = point(d, h);
          o[n] = b;
          n++;
        }
      }
    }
    Integer[] order = new Integer[total];
    for (int i = 0; i < total; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(p[a], p[b]));
    points = new long[total];
    owners = new Backend[total];
    for (int i = 0; i < total; i++) {
      points[i] = p[order[i]];
      owners[i] = o[order[i]];
    }
  }

  /** The owner of {@code key}, skipping points of backends not in {@code allowed}; null if none. */
  Backend lookup(String key, List<Backend> allowed) {
    if (points.length == 0) {
      return null;
    }
    long h = point(md5(key), 0);
    int i = Arrays.binarySearch(points, h);
    if (i < 0) {
      i = -i - 1;
    }
    for (int step = 0; step < points.length; step++) {
      Backend b = owners[(i + step) % points.length];
      if (allowed.contains(b)) {
        return b;
      }
    }
    return null;
  }

  /** Point {@code h} (0 to 3) of a digest: 4 bytes read little-endian, unsigned. */
  static long point(byte[] d, int h) {
    return ((long) (d[3 + h * 4] & 0xFF) << 24)
        | ((long) (d[2 + h * 4] & 0xFF) << 16)
        | ((long) (d[1 + h * 4] & 0xFF) << 8)
        | (d[h * 4] & 0xFF);
  }

  static byte[] md5(String s) {
    try {
      return MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every JDK", e);
    }
  }
}
