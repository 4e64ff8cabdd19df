package dev.brigade.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code kill -9} while points are being flushed loses at most the points since the last flush
 * and never leaves a file that cannot be read.
 */
class StoreCrashTest {
  static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
  static final int SERIES = 200;

  @TempDir Path dir;

  /**
   * The child: records rounds of 200 series, 10 s apart on its own clock, with the background flush
   * every 50 ms; after every 10th round it flushes itself and prints the round.
   */
  public static void main(String[] args) throws Exception {
    TestClock clock = new TestClock(T0);
    MetricsSettings s =
        new MetricsSettings(
            java.util.Optional.empty(),
            RetentionLadder.DEFAULT,
            Duration.ofMillis(50),
            Duration.ofMinutes(3),
            Duration.ofSeconds(30),
            false,
            List.of());
    MetricsEngine m = MetricsEngine.open(s, clock, Path.of(args[0]));
    m.start();
    for (long round = 1; ; round++) {
      Instant at = T0.plusSeconds(10 * round);
      clock.set(at);
      List<Sample> samples = new ArrayList<>();
      for (int i = 0; i < SERIES; i++) {
        samples.add(Sample.gauge("s" + i, round + i, ""));
      }
      m.record("web1", "crash", samples, at);
      if (round % 10 == 0) {
        m.flush();
        System.out.println("flushed " + round);
        System.out.flush();
      }
    }
  }

  @Test
  void killNine_duringFlushes_losesAtMostTheUnflushedPoints_andNoFile() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    for (int attempt = 0; attempt < 3; attempt++) {
      Path dir = this.dir.resolve("attempt" + attempt);
      Process p =
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  StoreCrashTest.class.getName(),
                  dir.toString())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      AtomicLong reported = new AtomicLong();
      Thread readerThread =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try (BufferedReader r =
                        new BufferedReader(
                            new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                      String line;
                      while ((line = r.readLine()) != null) {
                        if (line.startsWith("flushed ")) {
                          reported.set(Long.parseLong(line.substring(8)));
                        }
                      }
                    } catch (java.io.IOException e) {
                      // the child died: that is the point
                    }
                  });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      long startedAt = reported.get();
      while (reported.get() < startedAt + 30 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(37L * (attempt + 1)); // somewhere inside a flush, differently each time
      p.destroyForcibly(); // SIGKILL
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
      readerThread.join(5000);
      long lastFlushed = reported.get();
      assertThat(lastFlushed).as("the child reported flushes").isGreaterThan(0);

      TestClock clock = new TestClock(T0.plusSeconds(10 * (lastFlushed + 1000)));
      try (MetricsEngine m = MetricsEngine.open(MetricsSettings.DEFAULT, clock, dir)) {
        assertThat(m.series()).hasSize(SERIES);
        assertThat(m.rolledBack()).hasSizeLessThanOrEqualTo(1);
        System.out.println("attempt " + attempt + ": rolled back " + m.rolledBack());
        for (SeriesInfo info : m.series()) {
          Instant flushedAt = T0.plusSeconds(10 * lastFlushed);
          SeriesData d =
              m.query(
                  new SeriesQuery(
                      info.id(), flushedAt.minusSeconds(30), flushedAt, 0, Consolidation.AVERAGE));
          int i = Integer.parseInt(info.id().label().substring(1));
          // everything the child said was flushed is there, value for value
          assertThat(d.values()[d.size() - 1])
              .as(info.id() + " after round " + lastFlushed + " in attempt " + attempt)
              .isEqualTo(lastFlushed + i);
          assertThat(d.values()[d.size() - 2]).isEqualTo(lastFlushed - 1 + i);
        }
        // and the store carries on
        // (the first value after a gap longer than the heartbeat only starts the series again)
        m.record("web1", "crash", List.of(Sample.gauge("s0", 6, "")), clock.instant());
        Instant later = clock.advance(Duration.ofSeconds(10));
        m.record("web1", "crash", List.of(Sample.gauge("s0", 7, "")), later);
        SeriesData d =
            m.query(
                new SeriesQuery(
                    SeriesId.parse("web1/crash/s0"),
                    later.minusSeconds(10),
                    later,
                    0,
                    Consolidation.AVERAGE));
        assertThat(d.values()[d.size() - 1]).isEqualTo(7);
      }
      try (Stream<Path> files = Files.walk(dir)) {
        assertThat(files.filter(f -> f.toString().endsWith(".rrd")).count()).isEqualTo(SERIES);
      }
    }
  }
}
