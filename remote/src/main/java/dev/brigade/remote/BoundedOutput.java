package dev.brigade.remote;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Keeps the first {@code limit} bytes written to it and counts the rest as dropped. */
final class BoundedOutput extends OutputStream {
  private final int limit;
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private boolean truncated;

  BoundedOutput(int limit) {
    this.limit = limit;
  }

  @Override
  public synchronized void write(int b) {
    if (kept.size() < limit) {
      kept.write(b);
    } else {
      truncated = true;
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    int room = limit - kept.size();
    if (len > room) {
      truncated = true;
    }
    kept.write(b, off, Math.min(len, room));
  }

  synchronized boolean truncated() {
    return truncated;
  }

  /** What was kept, as UTF-8 (a character cut at the limit becomes U+FFFD). */
  synchronized String text() {
    return kept.toString(StandardCharsets.UTF_8);
  }
}
