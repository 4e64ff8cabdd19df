package dev.brigade.plan;

import java.nio.charset.StandardCharsets;

/** A window on bytes seen as Latin-1 characters, so the shared classifier reads log bytes. */
final class ByteSlice implements CharSequence {
  private byte[] buf;
  private int off;
  private int len;

  ByteSlice set(byte[] buf, int off, int len) {
    this.buf = buf;
    this.off = off;
    this.len = len;
    return this;
  }

  @Override
  public int length() {
    return len;
  }

  @Override
  public char charAt(int index) {
    return (char) (buf[off + index] & 0xff);
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return toString().substring(start, end);
  }

  @Override
  public String toString() {
    return new String(buf, off, len, StandardCharsets.UTF_8);
  }
}
