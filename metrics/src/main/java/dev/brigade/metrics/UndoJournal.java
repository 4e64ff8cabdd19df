package dev.brigade.metrics;

import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The old bytes of every place an RRD update is about to overwrite, so that an update cut short by
 * a {@code kill -9} can be rolled back when the store opens again. An RRD4J update writes the data
 * source, each archive's state and rows, and the header's last-update time in separate places; cut
 * in between, the file still opens but its rows are stamped one step off. With this, a file is
 * always as it was after a whole update.
 *
 * <p>The journal is a memory-mapped file, like the RRD files: each undo record is stored (with a
 * store-store fence) before the bytes it saves are overwritten, and a killed process's stores stay
 * in the page cache in that order. Layout: {@code int magic, int open, int pathBytes, int records,
 * int used, path (1024 bytes), records (long offset, int length, old bytes)...}.
 */
final class UndoJournal implements AutoCloseable {
  static final String FILE = "undo.journal";
  static final int CAPACITY = 8 << 20;

  /** Past this much use, the store commits after the current update and begins again. */
  static final int SOFT_LIMIT = CAPACITY - (512 << 10);

  private static final int MAGIC = 0x42524a31; // "BRJ1"
  private static final int OPEN = 4;
  private static final int PATH_BYTES = 8;
  private static final int RECORDS = 12;
  private static final int USED = 16;
  private static final int PATH = 20;
  private static final int FIRST = PATH + 1024;

  private final FileChannel channel;
  private final MappedByteBuffer map;
  private final OffsetSet saved = new OffsetSet();
  private boolean open;
  private int used;
  private int records;

  private UndoJournal(FileChannel channel, MappedByteBuffer map) {
    this.channel = channel;
    this.map = map;
  }

  /**
   * Opens the store's journal; when it holds an update that did not finish, rolls the file back
   * first and answers which file that was.
   */
  static UndoJournal open(Path dir, List<Path> rolledBack) throws IOException {
    Files.createDirectories(dir);
    FileChannel ch =
        FileChannel.open(
            dir.resolve(FILE),
            StandardOpenOption.CREATE,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE);
    MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, 0, CAPACITY);
    UndoJournal j = new UndoJournal(ch, m);
    if (m.getInt(0) == MAGIC && m.getInt(OPEN) == 1) {
      rolledBack.add(j.rollBack());
    }
    m.putInt(OPEN, 0);
    m.putInt(0, MAGIC);
    return j;
  }

  /** Starts saving undo records for writes to {@code file}. */
  void begin(Path file) {
    byte[] p = file.toString().getBytes(StandardCharsets.UTF_8);
    if (p.length > 1024) {
      throw new IllegalArgumentException("path longer than 1024 bytes: " + file);
    }
    map.put(PATH, p);
    map.putInt(PATH_BYTES, p.length);
    map.putInt(RECORDS, 0);
    map.putInt(USED, FIRST);
    used = FIRST;
    records = 0;
    saved.clear();
    VarHandle.storeStoreFence();
    map.putInt(OPEN, 1);
    VarHandle.storeStoreFence();
    open = true;
  }

  /** Saves the {@code length} bytes at {@code offset} of {@code target}, before they change. */
  void save(ByteBuffer target, long offset, int length) {
    if (!open) {
      return;
    }
    // a place saved since begin() already holds its oldest bytes: an update rewrites the same
    // few dozen state fields every time
    if (length < 64 && !saved.add(offset * 64 + length)) {
      return;
    }
    if (used + 12 + length > CAPACITY) {
      throw new IllegalStateException("undo journal full: one update wrote more than 8 MiB");
    }
    map.putLong(used, offset);
    map.putInt(used + 8, length);
    int at = (int) offset;
    boolean sameOrder = target.order() == map.order();
    switch (length) { // the usual sizes without the bulk copy's checks
      case 8 -> {
        long v = target.getLong(at);
        map.putLong(used + 12, sameOrder ? v : Long.reverseBytes(v));
      }
      case 4 -> {
        int v = target.getInt(at);
        map.putInt(used + 12, sameOrder ? v : Integer.reverseBytes(v));
      }
      default -> map.put(used + 12, target, at, length);
    }
    used += 12 + length;
    records++;
    VarHandle.storeStoreFence();
    map.putInt(USED, used);
    map.putInt(RECORDS, records);
    VarHandle.storeStoreFence(); // the record is in place before the caller overwrites the bytes
  }

  /** Whether the journal is close enough to full that the current file should commit. */
  boolean nearlyFull() {
    return used > SOFT_LIMIT;
  }

  /** The writes since {@link #begin} are complete: the file needs no roll-back. */
  void commit() {
    VarHandle.storeStoreFence();
    map.putInt(OPEN, 0);
    open = false;
  }

  private Path rollBack() throws IOException {
    byte[] p = new byte[map.getInt(PATH_BYTES)];
    map.get(PATH, p);
    Path file = Path.of(new String(p, StandardCharsets.UTF_8));
    int n = map.getInt(RECORDS);
    int end = map.getInt(USED);
    List<int[]> at = new ArrayList<>();
    for (int pos = FIRST, i = 0; i < n && pos < end; i++) {
      int len = map.getInt(pos + 8);
      at.add(new int[] {pos, len});
      pos += 12 + len;
    }
    try (FileChannel f =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      MappedByteBuffer target = f.map(FileChannel.MapMode.READ_WRITE, 0, f.size());
      // newest first, so the oldest saved bytes of a place written twice win
      for (int i = at.size() - 1; i >= 0; i--) {
        int pos = at.get(i)[0];
        long offset = map.getLong(pos);
        target.put((int) offset, map, pos + 12, at.get(i)[1]);
      }
      target.force();
    }
    return file;
  }

  @Override
  public void close() throws IOException {
    map.force();
    channel.close();
  }

  /** A set of longs, cleared per transaction without reallocating (open addressing). */
  static final class OffsetSet {
    private long[] keys = new long[256];
    private int size;

    /** Adds {@code k} (never -1); false when it was there. */
    boolean add(long k) {
      if (size * 2 >= keys.length) {
        long[] old = keys;
        keys = new long[old.length * 2];
        java.util.Arrays.fill(keys, -1);
        size = 0;
        for (long o : old) {
          if (o != -1) {
            add(o);
          }
        }
      }
      int mask = keys.length - 1;
      int i = (int) (k ^ (k >>> 29)) * 0x9E3779B9 & mask;
      while (keys[i] != -1) {
        if (keys[i] == k) {
          return false;
        }
        i = (i + 1) & mask;
      }
      keys[i] = k;
      size++;
      return true;
    }

    void clear() {
      if (size > 0) {
        java.util.Arrays.fill(keys, -1);
        size = 0;
      }
    }

    OffsetSet() {
      java.util.Arrays.fill(keys, -1);
    }
  }
}
