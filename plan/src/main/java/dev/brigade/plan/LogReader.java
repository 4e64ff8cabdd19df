package dev.brigade.plan;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Streams one unit of work (a whole file, a gzip file, or a byte range of a large plain file)
 * through a {@link LineParser} into a {@link Tally}, in a fixed 1 MiB buffer: memory does not grow
 * with the log. Lines longer than {@link #MAX_LINE} are counted as malformed and skipped.
 */
final class LogReader {
  static final int BUFFER = 1 << 20;
  static final int MAX_LINE = 64 << 10;

  /** A file, or the lines starting in {@code [start, end)} of a plain one. */
  record Unit(int index, int file, Path path, boolean gzip, long start, long end) {}

  /** What reading a unit found besides lines: how many, and a problem with the file itself. */
  record Outcome(long lines, String problem) {}

  private final byte[] buf = new byte[BUFFER];
  private final ParsedLine line = new ParsedLine();
  private final Tally tally;
  private final AtomicLong progress;
  private String damaged;

  LogReader(Tally tally, AtomicLong progress) {
    this.tally = tally;
    this.progress = progress;
  }

  Outcome read(Unit u, LineParser parser) throws IOException {
    damaged = null;
    if (u.gzip()) {
      try (InputStream in =
          new GZIPInputStream(new Counting(Files.newInputStream(u.path()), progress), 1 << 16)) {
        return run(u, parser, in, null);
      }
    }
    try (FileChannel ch = FileChannel.open(u.path(), StandardOpenOption.READ)) {
      return run(u, parser, null, ch);
    }
  }

  private Outcome run(Unit u, LineParser parser, InputStream in, FileChannel ch)
      throws IOException {
    long lines = 0;
    String problem = null;
    int len = 0;
    int pos = 0;
    boolean eof = false;
    boolean skipping = false;
    boolean skipToNewline = false;
    long bufStart = u.start(); // file offset of buf[0] (plain files)
    long end = u.end();
    if (ch != null) {
      long from = u.start() > 0 ? u.start() - 1 : 0;
      ch.position(from);
      bufStart = from;
      skipToNewline = u.start() > 0;
    }
    while (true) {
      if (!eof) {
        if (pos > 0) {
          System.arraycopy(buf, pos, buf, 0, len - pos);
          if (ch != null) {
            bufStart += pos;
          }
          len -= pos;
          pos = 0;
        }
        int n = fill(in, ch, len);
        if (damaged != null && problem == null) {
          problem = "gzip data ends early or is damaged (" + damaged + ")";
        }
        if (n < 0) {
          eof = true;
        } else {
          len += n;
        }
      }
      while (pos < len) {
        if (skipToNewline) {
          int nl = indexOf(buf, pos, len, (byte) '\n');
          if (nl < 0) {
            pos = len;
            break;
          }
          pos = nl + 1;
          skipToNewline = false;
          continue;
        }
        if (ch != null && bufStart + pos >= end) {
          return new Outcome(lines, problem);
        }
        if (skipping) {
          int nl = indexOf(buf, pos, len, (byte) '\n');
          if (nl < 0) {
            pos = len;
            break;
          }
          pos = nl + 1;
          skipping = false;
          continue;
        }
        if (buf[pos] == '\n') {
          lines++;
          pos++;
          continue;
        }
        int limit = Math.min(len, pos + MAX_LINE);
        int next = parser.parse(buf, pos, limit, eof && limit == len, line);
        if (next == LineParser.NEED_MORE) {
          if (limit - pos >= MAX_LINE) {
            lines++;
            tally.malformed(
                u.index(), lines, "line longer than " + (MAX_LINE >> 10) + " KiB", buf, pos, limit);
            skipping = true;
            pos = limit;
            continue;
          }
          break;
        }
        lines++;
        if (line.error != null) {
          tally.malformed(u.index(), lines, line.error, buf, pos, next);
        } else if (!line.hasTime) {
          tally.malformed(u.index(), lines, "no time", buf, pos, next);
        } else {
          tally.add(line, buf);
        }
        pos = next;
      }
      if (eof && (pos >= len || len == 0)) {
        return new Outcome(lines, problem);
      }
      if (eof) {
        // the parser wants more but there is none: the rest is one truncated line
        lines++;
        tally.malformed(u.index(), lines, "truncated line", buf, pos, len);
        return new Outcome(lines, problem);
      }
    }
  }

  private int fill(InputStream in, FileChannel ch, int len) throws IOException {
    if (ch != null) {
      int n = ch.read(ByteBuffer.wrap(buf, len, buf.length - len));
      if (n > 0) {
        progress.addAndGet(n);
      }
      return n;
    }
    if (damaged != null) {
      return -1;
    }
    int total = 0;
    while (len + total < buf.length) {
      int n;
      try {
        n = in.read(buf, len + total, buf.length - len - total);
      } catch (EOFException | ZipException e) {
        damaged = String.valueOf(e.getMessage());
        return total == 0 ? -1 : total;
      }
      if (n < 0) {
        return total == 0 ? -1 : total;
      }
      total += n;
      if (total >= BUFFER / 2) {
        break;
      }
    }
    return total;
  }

  private static int indexOf(byte[] b, int from, int to, byte v) {
    for (int i = from; i < to; i++) {
      if (b[i] == v) {
        return i;
      }
    }
    return -1;
  }

  /** Counts compressed bytes read, for the progress line. */
  private static final class Counting extends FilterInputStream {
    private final AtomicLong progress;

    Counting(InputStream in, AtomicLong progress) {
      super(in);
      this.progress = progress;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        progress.addAndGet(n);
      }
      return n;
    }
  }
}
