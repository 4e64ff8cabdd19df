package dev.brigade.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code kill -9} in the middle of writing never leaves a store that cannot be read. */
class StoreCrashTest {
  @TempDir Path dir;

  /** The child process: writes states and events as fast as it can until it is killed. */
  public static void main(String[] args) throws Exception {
    try (MonitorStore store = MonitorStore.open(Path.of(args[0]))) {
      System.out.println("writing");
      System.out.flush();
      for (long round = 0; ; round++) {
        List<MonitorStore.Saved> states = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          states.add(saved("web" + i + "/http", round));
        }
        store.save(
            states,
            List.of(
                new MonitorStore.Event(Instant.now(), "web1/http", "HARD CRITICAL", "r" + round)));
      }
    }
  }

  static MonitorStore.Saved saved(String id, long round) {
    CheckState.Snapshot s =
        new CheckState.Snapshot(
            round % 2 == 0 ? Status.OK : Status.CRITICAL,
            CheckState.Type.HARD,
            1,
            List.of(Status.OK, Status.CRITICAL),
            false,
            false,
            false,
            Optional.empty(),
            (int) (round % 1000),
            Optional.empty(),
            List.of("ops"),
            List.of());
    return new MonitorStore.Saved(
        id,
        s,
        Optional.of(Instant.now()),
        Optional.empty(),
        "round " + round,
        Optional.empty(),
        Optional.empty());
  }

  @Test
  void killNine_whileWriting_leavesAReadableStore() throws Exception {
    Path file = dir.resolve("monitor.db");
    String java = ProcessHandle.current().info().command().orElse("java");
    for (int attempt = 0; attempt < 3; attempt++) {
      Process p =
          new ProcessBuilder(
                  java,
                  "--enable-native-access=ALL-UNNAMED",
                  "-cp",
                  System.getProperty("java.class.path"),
                  StoreCrashTest.class.getName(),
                  file.toString())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String first = new String(p.getInputStream().readNBytes(8));
      assertThat(first).startsWith("writing");
      Thread.sleep(700 + 300L * attempt);
      p.destroyForcibly(); // SIGKILL
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();

      try (MonitorStore store = MonitorStore.open(file)) {
        assertThat(store.load()).containsKey("web199/http").hasSizeGreaterThanOrEqualTo(200);
        assertThat(store.events(5)).isNotEmpty();
        store.save(List.of(saved("after/crash", 1)), List.of());
        assertThat(store.load()).containsKey("after/crash");
      }
      try (var c = DriverManager.getConnection("jdbc:sqlite:" + file);
          ResultSet rs = c.createStatement().executeQuery("PRAGMA integrity_check")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("ok");
      }
    }
    assertThat(Files.size(file)).isPositive();
  }
}
