package dev.brigade.metrics;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The list of series in a store with their units and kinds ({@code series.tsv}, one line each),
 * appended before a series' first file is created, so a file always has its entry; a line torn by a
 * crash has no newline and is ignored.
 */
final class SeriesCatalog implements AutoCloseable {
  static final String FILE = "series.tsv";
  static final int MAX_LINE = 1024;
  static final int MAX_SERIES = 2_000_000;

  private final FileChannel out;

  private SeriesCatalog(FileChannel out) {
    this.out = out;
  }

  /** Opens the catalog for appending, creating the directory and file. */
  static SeriesCatalog openForAppend(Path dir) throws IOException {
    Files.createDirectories(dir);
    return new SeriesCatalog(
        FileChannel.open(
            dir.resolve(FILE),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND));
  }

  /** Reads every complete entry; a malformed line is a one-line error naming the line. */
  static Map<SeriesId, SeriesInfo> read(Path dir) throws IOException {
    Map<SeriesId, SeriesInfo> out = new LinkedHashMap<>();
    Path file = dir.resolve(FILE);
    byte[] all;
    try {
      all = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return out;
    }
    int end = all.length;
    while (end > 0 && all[end - 1] != '\n') {
      end--; // a torn last line
    }
    try (BufferedReader r =
        new BufferedReader(
            new java.io.StringReader(new String(all, 0, end, StandardCharsets.UTF_8)))) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.length() > MAX_LINE || n > MAX_SERIES) {
          throw new IOException(
              file + ":" + n + ": line longer than " + MAX_LINE + " or too many series");
        }
        String[] f = line.split("\t", -1);
        try {
          SeriesId id = SeriesId.parse(f[0]);
          Kind kind = Kind.parse(f[2]).orElseThrow();
          out.put(id, new SeriesInfo(id, f[1], kind));
        } catch (RuntimeException e) {
          throw new IOException(file + ":" + n + ": not SERIES<TAB>UNIT<TAB>KIND", e);
        }
      }
    }
    return out;
  }

  /** Appends an entry. */
  synchronized void append(SeriesInfo info) throws IOException {
    String line = info.id() + "\t" + info.unit().replaceAll("[\\t\\n]", " ") + "\t" + info.kind();
    ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
    while (b.hasRemaining()) {
      out.write(b);
    }
  }

  /** Syncs the appended entries to disk. */
  synchronized void sync() throws IOException {
    out.force(false);
  }

  @Override
  public synchronized void close() throws IOException {
    out.force(false);
    out.close();
  }
}
