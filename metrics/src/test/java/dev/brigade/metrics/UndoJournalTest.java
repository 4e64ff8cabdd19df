package dev.brigade.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UndoJournalTest {
  @TempDir Path dir;

  /** Overwrites bytes 10..13 and then 12..19 of a 64-byte file of 'a's, journaling both. */
  private Path writeTwice(boolean commit) throws Exception {
    Path file = dir.resolve("x.rrd");
    Files.write(file, "a".repeat(64).getBytes());
    List<Path> rolled = new ArrayList<>();
    UndoJournal j = UndoJournal.open(dir, rolled);
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, 0, 64);
      j.begin(file);
      j.save(m, 10, 4);
      m.put(10, "bbbb".getBytes());
      j.save(m, 12, 8);
      m.put(12, "cccccccc".getBytes());
      if (commit) {
        j.commit();
      }
      m.force();
    }
    j.close(); // as a killed process leaves it: the open flag stays set without commit
    return file;
  }

  @Test
  void anUpdateCutShort_isRolledBackWhenTheJournalOpens() throws Exception {
    Path file = writeTwice(false);
    assertThat(Files.readString(file)).contains("bbcccccccc");
    List<Path> rolled = new ArrayList<>();
    UndoJournal.open(dir, rolled).close();
    assertThat(rolled).containsExactly(file);
    assertThat(Files.readString(file)).isEqualTo("a".repeat(64));
  }

  @Test
  void aCommittedUpdate_staysAsWritten() throws Exception {
    Path file = writeTwice(true);
    List<Path> rolled = new ArrayList<>();
    UndoJournal.open(dir, rolled).close();
    assertThat(rolled).isEmpty();
    assertThat(Files.readString(file)).isEqualTo("a".repeat(10) + "bbcccccccc" + "a".repeat(44));
  }

  @Test
  void aPlaceWrittenTwice_rollsBackToItsOldestBytes() throws Exception {
    Path file = dir.resolve("y.rrd");
    Files.write(file, new byte[16]);
    UndoJournal j = UndoJournal.open(dir, new ArrayList<>());
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, 0, 16);
      j.begin(file);
      for (long v = 1; v <= 3; v++) { // three updates of one 8-byte field, one 4-byte field
        j.save(m, 0, 8);
        m.putLong(0, v);
        j.save(m, 8, 4);
        m.putInt(8, (int) v);
      }
      m.force();
    }
    j.close();
    List<Path> rolled = new ArrayList<>();
    UndoJournal.open(dir, rolled).close();
    assertThat(rolled).containsExactly(file);
    assertThat(Files.readAllBytes(file)).containsOnly(0);
  }
}
