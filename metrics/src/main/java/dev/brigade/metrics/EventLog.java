package dev.brigade.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The annotations of a store ({@code events.jsonl}, one JSON object a line, synced on every append:
 * events are rare and each one matters); a torn last line is ignored.
 */
final class EventLog implements AutoCloseable {
  static final String FILE = "events.jsonl";
  static final int MAX_LINE = 2048;
  static final int MAX_EVENTS = 1_000_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FileChannel out;

  private EventLog(FileChannel out) {
    this.out = out;
  }

  static EventLog openForAppend(Path dir) throws IOException {
    Files.createDirectories(dir);
    return new EventLog(
        FileChannel.open(
            dir.resolve(FILE),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND));
  }

  synchronized void append(Event e) throws IOException {
    ObjectNode o = JSON.createObjectNode();
    o.put("at", e.at().toString());
    o.put("kind", e.kind());
    o.put("text", e.text());
    e.host().ifPresent(h -> o.put("host", h));
    ByteBuffer b =
        ByteBuffer.wrap((JSON.writeValueAsString(o) + "\n").getBytes(StandardCharsets.UTF_8));
    while (b.hasRemaining()) {
      out.write(b);
    }
    out.force(false);
  }

  /** The events from {@code from} to {@code to}, in time order. */
  static List<Event> read(Path dir, Instant from, Instant to) throws IOException {
    Path file = dir.resolve(FILE);
    List<String> lines;
    try {
      if (Files.size(file) > (long) MAX_LINE * MAX_EVENTS) {
        throw new IOException(file + ": larger than " + MAX_EVENTS + " events");
      }
      String all = Files.readString(file, StandardCharsets.UTF_8);
      int end = all.lastIndexOf('\n');
      lines = end < 0 ? List.of() : List.of(all.substring(0, end).split("\n"));
    } catch (NoSuchFileException e) {
      return List.of();
    }
    List<Event> out = new ArrayList<>();
    int n = 0;
    for (String line : lines) {
      n++;
      if (line.length() > MAX_LINE) {
        throw new IOException(file + ":" + n + ": line longer than " + MAX_LINE + " characters");
      }
      Event e;
      try {
        JsonNode o = JSON.readTree(line);
        e =
            new Event(
                Instant.parse(o.path("at").asText()),
                o.path("kind").asText(),
                o.path("text").asText(),
                o.hasNonNull("host") ? Optional.of(o.get("host").asText()) : Optional.empty());
      } catch (IOException | RuntimeException ex) {
        throw new IOException(file + ":" + n + ": not an event: " + ex.getMessage(), ex);
      }
      if (!e.at().isBefore(from) && !e.at().isAfter(to)) {
        out.add(e);
      }
    }
    out.sort(java.util.Comparator.comparing(Event::at));
    return out;
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
