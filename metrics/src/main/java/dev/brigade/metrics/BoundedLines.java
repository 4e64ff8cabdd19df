package dev.brigade.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads lines of outside input with limits on one line's length and on the total bytes, each error
 * a one-line message naming the peer and the line number.
 */
final class BoundedLines {
  private final InputStream in;
  private final String where;
  private final int maxLine;
  private final long maxBytes;
  private final byte[] buf;
  private long bytes;
  private int lineNo;

  BoundedLines(InputStream in, String where, int maxLine, long maxBytes) {
    this.in = in;
    this.where = where;
    this.maxLine = maxLine;
    this.maxBytes = maxBytes;
    this.buf = new byte[maxLine];
  }

  /** The next line without its {@code \n} (and {@code \r}), or null at the end of input. */
  String next() throws IOException {
    int n = 0;
    while (true) {
      int c = in.read();
      if (c < 0) {
        if (n == 0) {
          return null;
        }
        break;
      }
      if (++bytes > maxBytes) {
        throw new InputLimitException(where, "more than " + maxBytes + " bytes");
      }
      if (c == '\n') {
        break;
      }
      if (n == maxLine) {
        throw new InputLimitException(
            where + " line " + (lineNo + 1), "line longer than " + maxLine + " bytes");
      }
      buf[n++] = (byte) c;
    }
    lineNo++;
    if (n > 0 && buf[n - 1] == '\r') {
      n--;
    }
    return new String(buf, 0, n, StandardCharsets.UTF_8);
  }

  /** The number of the line last read. */
  int lineNo() {
    return lineNo;
  }

  /** Where this input comes from, with the current line, for messages. */
  String at() {
    return where + " line " + lineNo;
  }
}
