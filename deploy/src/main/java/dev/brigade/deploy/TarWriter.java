package dev.brigade.deploy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a POSIX ustar archive (the format every {@code tar -x} reads): regular files with their
 * mode, and symlinks. Names longer than ustar's 100 (+155 prefix) bytes get a PAX {@code path}
 * header; links longer than 100 bytes a PAX {@code linkpath}.
 */
final class TarWriter implements AutoCloseable {
  private static final int BLOCK = 512;
  private final OutputStream out;
  private final long mtime;

  /**
   * @param mtime seconds since the epoch for every entry (the commit's time)
   */
  TarWriter(OutputStream out, long mtime) {
    this.out = out;
    this.mtime = mtime;
  }

  void file(String name, int mode, byte[] content) throws IOException {
    header(name, mode, content.length, '0', "");
    out.write(content);
    pad(content.length);
  }

  void symlink(String name, String target) throws IOException {
    header(name, 0777, 0, '2', target);
  }

  private void header(String name, int mode, long size, char type, String link) throws IOException {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    byte[] linkBytes = link.getBytes(StandardCharsets.UTF_8);
    String prefix = "";
    String shortName = name;
    if (nameBytes.length > 100) {
      int split = splitPoint(name);
      if (split > 0) {
        prefix = name.substring(0, split);
        shortName = name.substring(split + 1);
      } else {
        pax(name, linkBytes.length > 100 ? link : null);
        shortName = name.substring(name.length() - Math.min(name.length(), 90));
      }
    }
    if (linkBytes.length > 100 && prefix.isEmpty() && nameBytes.length <= 100) {
      pax(null, link);
    }
    byte[] h = new byte[BLOCK];
    put(h, 0, 100, shortName);
    octal(h, 100, 8, mode & 07777);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, size);
    octal(h, 136, 12, mtime);
    java.util.Arrays.fill(h, 148, 156, (byte) ' ');
    h[156] = (byte) type;
    put(h, 157, 100, link.length() > 100 ? link.substring(0, 100) : link);
    put(h, 257, 6, "ustar");
    put(h, 263, 2, "00");
    put(h, 265, 32, "root");
    put(h, 297, 32, "root");
    put(h, 345, 155, prefix);
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    octal(h, 148, 7, sum);
    out.write(h);
  }

  /** A PAX extended header carrying the full path and/or link target. */
  private void pax(String path, String link) throws IOException {
    StringBuilder records = new StringBuilder();
    if (path != null) {
      records.append(paxRecord("path", path));
    }
    if (link != null) {
      records.append(paxRecord("linkpath", link));
    }
    byte[] body = records.toString().getBytes(StandardCharsets.UTF_8);
    byte[] h = new byte[BLOCK];
    put(h, 0, 100, "././@PaxHeader");
    octal(h, 100, 8, 0644);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, body.length);
    octal(h, 136, 12, mtime);
    java.util.Arrays.fill(h, 148, 156, (byte) ' ');
    h[156] = (byte) 'x';
    put(h, 257, 6, "ustar");
    put(h, 263, 2, "00");
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    octal(h, 148, 7, sum);
    out.write(h);
    out.write(body);
    pad(body.length);
  }

  /** {@code "LEN key=value\n"}, where LEN counts the whole record including itself. */
  static String paxRecord(String key, String value) {
    int body = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8).length;
    int len = body + Integer.toString(body).length();
    if (Integer.toString(len).length() != Integer.toString(body).length()) {
      len++;
    }
    return len + " " + key + "=" + value + "\n";
  }

  /** Where to cut a long name into ustar's prefix (<= 155 bytes) and name (<= 100 bytes). */
  private static int splitPoint(String name) {
    for (int i = name.length() - 1; i > 0; i--) {
      if (name.charAt(i) == '/') {
        int prefixLen = name.substring(0, i).getBytes(StandardCharsets.UTF_8).length;
        int nameLen = name.substring(i + 1).getBytes(StandardCharsets.UTF_8).length;
        if (prefixLen <= 155 && nameLen <= 100 && nameLen > 0) {
          return i;
        }
        if (nameLen > 100) {
          return -1;
        }
      }
    }
    return -1;
  }

  private static void put(byte[] h, int at, int len, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(b, 0, h, at, Math.min(len, b.length));
  }

  private static void octal(byte[] h, int at, int len, long value) {
    String s = Long.toOctalString(value);
    String padded = "0".repeat(Math.max(0, len - 1 - s.length())) + s;
    put(h, at, len - 1, padded);
  }

  private void pad(long size) throws IOException {
    int rest = (int) (size % BLOCK);
    if (rest != 0) {
      out.write(new byte[BLOCK - rest]);
    }
  }

  /** Writes the two zero blocks that end an archive; does not close the stream. */
  @Override
  public void close() throws IOException {
    out.write(new byte[2 * BLOCK]);
    out.flush();
  }
}
