package dev.brigade.model;

import java.nio.file.Path;

/**
 * A place in a model file, 1-based, printed as {@code file:line:column} like a compiler does.
 *
 * @param file the file as the user named it (relative when they gave a relative path)
 * @param line line number, starting at 1
 * @param column column number, starting at 1
 */
public record Location(Path file, int line, int column) implements Comparable<Location> {

  /** A location for problems that concern a whole file. */
  public static Location of(Path file) {
    return new Location(file, 1, 1);
  }

  @Override
  public int compareTo(Location o) {
    int c = file.toString().compareTo(o.file.toString());
    if (c != 0) {
      return c;
    }
    c = Integer.compare(line, o.line);
    return c != 0 ? c : Integer.compare(column, o.column);
  }

  /** The position without the file, as {@code line:column}. */
  public String position() {
    return line + ":" + column;
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
