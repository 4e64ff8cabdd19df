package dev.brigade.metrics;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.rrd4j.core.ByteBufferBackend;
import org.rrd4j.core.RrdBackend;
import org.rrd4j.core.RrdBackendAnnotation;
import org.rrd4j.core.RrdFileBackendFactory;

/**
 * An RRD4J file backend over a memory-mapped file (as RRD4J's NIO backend) that saves the old bytes
 * of every write in the store's {@link UndoJournal} first.
 */
final class JournaledBackend extends ByteBufferBackend {
  private final FileChannel channel;
  private final boolean readOnly;
  private final UndoJournal journal;
  private MappedByteBuffer map;

  JournaledBackend(String path, boolean readOnly, UndoJournal journal) throws IOException {
    super(path);
    this.readOnly = readOnly;
    this.journal = journal;
    this.channel =
        readOnly
            ? FileChannel.open(Path.of(path), StandardOpenOption.READ)
            : FileChannel.open(
                Path.of(path),
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE);
    long size = channel.size();
    if (size > 0) {
      mapFile(size);
    }
  }

  private void mapFile(long size) throws IOException {
    map =
        channel.map(
            readOnly ? FileChannel.MapMode.READ_ONLY : FileChannel.MapMode.READ_WRITE, 0, size);
    setByteBuffer(map);
  }

  private void save(long offset, int length) {
    if (journal != null && map != null) {
      journal.save(map, offset, length);
    }
  }

  @Override
  protected synchronized void write(long offset, byte[] b) throws IOException {
    save(offset, b.length);
    super.write(offset, b);
  }

  @Override
  protected void writeShort(long offset, short value) throws IOException {
    save(offset, 2);
    super.writeShort(offset, value);
  }

  @Override
  protected void writeInt(long offset, int value) throws IOException {
    save(offset, 4);
    super.writeInt(offset, value);
  }

  @Override
  protected void writeLong(long offset, long value) throws IOException {
    save(offset, 8);
    super.writeLong(offset, value);
  }

  @Override
  protected void writeDouble(long offset, double value) throws IOException {
    save(offset, 8);
    super.writeDouble(offset, value);
  }

  @Override
  protected void writeDouble(long offset, double value, int count) throws IOException {
    save(offset, 8 * count);
    super.writeDouble(offset, value, count);
  }

  @Override
  protected void writeDouble(long offset, double[] values) throws IOException {
    save(offset, 8 * values.length);
    super.writeDouble(offset, values);
  }

  @Override
  protected void writeString(long offset, String value, int length) throws IOException {
    save(offset, 2 * length);
    super.writeString(offset, value, length);
  }

  @Override
  protected synchronized void setLength(long length) throws IOException {
    if (readOnly) {
      throw new IOException("read-only: " + getPath());
    }
    channel.truncate(length);
    if (channel.size() < length) {
      channel.write(java.nio.ByteBuffer.wrap(new byte[1]), length - 1);
    }
    mapFile(length);
  }

  @Override
  public synchronized long getLength() throws IOException {
    return channel.size();
  }

  @Override
  protected synchronized void close() throws IOException {
    if (map != null && !readOnly) {
      map.force();
    }
    super.close();
    channel.close();
  }

  /** Opens {@link JournaledBackend}s; one per store, sharing its journal. */
  @RrdBackendAnnotation(name = "BRIGADE", shouldValidateHeader = true)
  static final class Factory extends RrdFileBackendFactory {
    private final UndoJournal journal;

    Factory(UndoJournal journal) {
      this.journal = journal;
    }

    @Override
    protected RrdBackend open(String path, boolean readOnly) throws IOException {
      return new JournaledBackend(path, readOnly, readOnly ? null : journal);
    }
  }
}
