package dev.brigade.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrafficAnalyzerTest {
  @TempDir Path dir;

  private static final Instant MARCH = Instant.parse("2026-03-01T00:00:00Z");

  /** Daily peak at 20:00 of 1000 + 10 x day; otherwise 100 an hour; day 15 has a freak 03:00. */
  private static int month(Instant hour) {
    ZonedDateTime t = hour.atZone(SyntheticLog.UTC);
    int day = t.getDayOfMonth();
    if (day == 15 && t.getHour() == 3) {
      return 5000;
    }
    return t.getHour() == 20 ? 1000 + 10 * day : 100;
  }

  private TrafficReport analyze(TrafficAnalyzer.Options o, Path... files) throws IOException {
    return new TrafficAnalyzer(o).analyze(List.of(files), new AtomicLong());
  }

  @Test
  void plantedMonth_typicalPeakIsThe95thPercentileDay_notTheFreakSpike() throws IOException {
    Path log = dir.resolve("access.log");
    SyntheticLog gen = new SyntheticLog();
    Instant typicalHour = Instant.parse("2026-03-30T20:00:00Z");
    try (Writer w = SyntheticLog.plain(log)) {
      gen.write(
          w, MARCH, 30 * 24, SyntheticLog.UTC, TrafficAnalyzerTest::month, false, typicalHour, 40);
    }

    TrafficReport r = analyze(TrafficAnalyzer.Options.DEFAULT, log);

    assertThat(r.formats()).containsValue("combined");
    assertThat(r.requests()).isEqualTo(gen.lines).isEqualTo(r.lines());
    assertThat(r.malformed()).isZero();
    assertThat(r.days()).isEqualTo(30);
    assertThat(r.hours()).hasSize(30 * 24);
    assertThat(r.absolutePeak().start()).isEqualTo("2026-03-15T03:00Z");
    assertThat(r.absolutePeak().requests()).isEqualTo(5000);
    // 30 daily peaks; the 95th percentile (nearest rank 29 of 30) is day 30's 20:00, not day 15's
    assertThat(r.typicalPeak().start()).isEqualTo("2026-03-30T20:00Z");
    assertThat(r.typicalPeak().weekday()).isEqualTo("Mon");
    assertThat(r.typicalPeak().requests()).isEqualTo(1300 + 40);
    assertThat(r.typicalPeak().perSecond()).isCloseTo(1340 / 3600.0, within(1e-9));
    assertThat(r.typicalPeak().peakSecond()).isEqualTo(gen.peakSecond(typicalHour)).isEqualTo(41);
    assertThat(r.typicalPeak().peakMinutePerSecond()).isGreaterThan(40 / 60.0);
    // the weekday-hour profile peaks at 20:00 on every weekday
    for (List<Double> day : r.weekdayHours()) {
      assertThat(day.indexOf(day.stream().max(Double::compare).orElseThrow())).isIn(3, 20);
    }
    assertThat(r.weekdayHours().get(0).get(20)).isGreaterThan(1000.0);
  }

  @Test
  void knownClassMix_isCountedAndMeasuredHitRatesComeFromTheBrigadeLog() throws IOException {
    Path log = dir.resolve("edge.log");
    SyntheticLog gen = new SyntheticLog();
    try (Writer w = SyntheticLog.plain(log)) {
      gen.write(w, MARCH, 6, SyntheticLog.UTC, h -> 600, true, null, 0);
    }

    TrafficReport r = analyze(TrafficAnalyzer.Options.DEFAULT, log);

    assertThat(r.formats()).containsValue("brigade");
    assertThat(r.requests()).isEqualTo(3600);
    assertThat(r.classes().get("green").requests()).isEqualTo(1800);
    assertThat(r.classes().get("yellow").requests()).isEqualTo(1080);
    assertThat(r.classes().get("red").requests()).isEqualTo(720);
    assertThat(r.cacheableShare()).isCloseTo(0.8, within(1e-9));
    assertThat(r.classes().get("green").measuredHitRate()).isCloseTo(0.9, within(1e-9));
    assertThat(r.classes().get("yellow").measuredHitRate()).isCloseTo(2 / 3.0, within(1e-9));
    assertThat(r.classes().get("red").measuredHitRate()).isEqualTo(0.0);
    assertThat(r.classes().get("red").top())
        .containsExactly(new TrafficReport.UrlCount("/cart", 720, r.classes().get("red").bytes()));
    assertThat(r.classes().get("yellow").top()).hasSize(7);
    assertThat(r.classes().get("yellow").top().getFirst().path()).startsWith("/products/");
  }

  @Test
  void cachesPassVerdict_makesAGetRed_asTheEdgeDecidedOnItsSessionCookie() throws IOException {
    Path log = dir.resolve("edge.log");
    String head = "10.0.0.1 - - [01/Mar/2026:10:00:00 +0000] \"GET /account HTTP/1.1\" 200 10";
    Files.writeString(
        log,
        head
            + " \"-\" \"curl\" 0.020 app1/http pass r1\n"
            + head
            + " \"-\" \"curl\" 0.020 app1/http miss r2\n");
    TrafficReport r = analyze(TrafficAnalyzer.Options.DEFAULT, log);
    assertThat(r.classes().get("red").requests()).isEqualTo(1);
    assertThat(r.classes().get("yellow").requests()).isEqualTo(1);
    assertThat(r.classes().get("red").cacheMisses()).isEqualTo(1);
  }

  @Test
  void combinedLog_hasNoMeasuredHitRate() throws IOException {
    Path log = dir.resolve("access.log");
    try (Writer w = SyntheticLog.plain(log)) {
      new SyntheticLog().write(w, MARCH, 2, SyntheticLog.UTC, h -> 100, false, null, 0);
    }
    TrafficReport r = analyze(TrafficAnalyzer.Options.DEFAULT, log);
    assertThat(r.classes().get("green").measuredHitRate()).isNull();
  }

  @Test
  void gzipAndPlain_giveTheSameReport() throws IOException {
    Path plain = dir.resolve("a.log");
    Path gz = dir.resolve("a.log.gz");
    try (Writer w = SyntheticLog.plain(plain);
        Writer g = SyntheticLog.gzip(gz)) {
      new SyntheticLog()
          .write(w, MARCH, 48, SyntheticLog.UTC, TrafficAnalyzerTest::month, true, null, 0);
      new SyntheticLog()
          .write(g, MARCH, 48, SyntheticLog.UTC, TrafficAnalyzerTest::month, true, null, 0);
    }
    TrafficReport a = analyze(TrafficAnalyzer.Options.DEFAULT, plain);
    TrafficReport b = analyze(TrafficAnalyzer.Options.DEFAULT, gz);
    assertThat(b.requests()).isEqualTo(a.requests()).isPositive();
    assertThat(b.hours()).isEqualTo(a.hours());
    assertThat(b.classes()).isEqualTo(a.classes());
    assertThat(b.typicalPeak()).isEqualTo(a.typicalPeak());
  }

  @Test
  void manyFilesInAnyOrder_andSplitRanges_addUpLikeOneFile() throws IOException {
    Path whole = dir.resolve("whole.log");
    try (Writer w = SyntheticLog.plain(whole)) {
      new SyntheticLog()
          .write(w, MARCH, 72, SyntheticLog.UTC, TrafficAnalyzerTest::month, true, null, 0);
    }
    List<String> lines = Files.readAllLines(whole);
    lines.add(1234, "garbage line one");
    lines.add(5000, "10.0.0.1 - - [01/Mar/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 2x0 5");
    Files.write(whole, lines);
    int third = lines.size() / 3;
    Path p1 = dir.resolve("part1.log");
    Path p2 = dir.resolve("part2.log.gz");
    Path p3 = dir.resolve("part3.log");
    Files.write(p1, lines.subList(0, third));
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(p2))) {
      o.write(
          (String.join("\n", lines.subList(third, 2 * third)) + "\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    Files.write(p3, lines.subList(2 * third, lines.size()));

    TrafficReport one = analyze(TrafficAnalyzer.Options.DEFAULT.withThreads(1), whole);
    TrafficReport split =
        new TrafficAnalyzer(TrafficAnalyzer.Options.DEFAULT.withThreads(3), 64 << 10)
            .analyze(List.of(whole), new AtomicLong());
    TrafficReport parts = analyze(TrafficAnalyzer.Options.DEFAULT.withThreads(2), p3, p1, p2);

    for (TrafficReport r : List.of(split, parts)) {
      assertThat(r.requests()).isEqualTo(one.requests());
      assertThat(r.malformed()).isEqualTo(2);
      assertThat(r.hours()).isEqualTo(one.hours());
      assertThat(r.classes()).isEqualTo(one.classes());
      assertThat(r.typicalPeak()).isEqualTo(one.typicalPeak());
    }
    assertThat(one.malformedExamples())
        .extracting(m -> m.file() + ":" + m.line() + ": " + m.reason())
        .containsExactly(whole + ":1235: expected ' [' at column 17", whole + ":5001: bad status");
    assertThat(split.malformedExamples()).isEqualTo(one.malformedExamples());
  }

  @Test
  void malformedAndTruncatedLines_areCountedWithFileAndLine_neverFatal() throws IOException {
    Path log = dir.resolve("bad.log");
    String ok = SyntheticLog.line(MARCH, SyntheticLog.UTC, 5, false, "-", "1");
    Files.writeString(
        log,
        ok
            + "\n"
            + "\n" // blank lines are not malformed
            + "not a log line at all\n"
            + ok.replace("\"GET", "GET")
            + "\n"
            + ok.replace("01/Mar/2026", "32/Mar/2026")
            + "\n"
            + "x".repeat(70_000)
            + "\n"
            + ok
            + "\n"
            + ok.substring(0, 40)); // the last line cut off mid-write
    TrafficReport r =
        analyze(TrafficAnalyzer.Options.DEFAULT.withFormat(LogFormat.named("combined")), log);

    assertThat(r.requests()).isEqualTo(2);
    assertThat(r.malformed()).isEqualTo(5);
    assertThat(r.lines()).isEqualTo(8);
    assertThat(r.malformedExamples())
        .extracting(m -> m.line() + " " + m.reason())
        .containsExactly(
            "3 expected ' [' at column 11",
            "4 expected '] \"' at column 43",
            "5 bad time (want 10/Oct/2000:13:55:36 -0700)",
            "6 line longer than 64 KiB",
            "8 truncated line");
    assertThat(r.malformedExamples().get(3).text()).hasSizeLessThan(130);
  }

  @Test
  void truncatedGzip_keepsItsLinesAndSaysSo() throws IOException {
    Path gz = dir.resolve("cut.log.gz");
    try (Writer g = SyntheticLog.gzip(gz)) {
      new SyntheticLog().write(g, MARCH, 24, SyntheticLog.UTC, h -> 2000, false, null, 0);
    }
    byte[] all = Files.readAllBytes(gz);
    Files.write(gz, java.util.Arrays.copyOf(all, all.length / 2));

    TrafficReport r = analyze(TrafficAnalyzer.Options.DEFAULT, gz);

    assertThat(r.requests()).isBetween(1000L, 47_999L);
    assertThat(r.problems()).singleElement().asString().startsWith(gz + ": gzip data ends early");
  }

  @Test
  void unknownFormat_isAProblemOfThatFile_andOtherFilesStillCount() throws IOException {
    Path junk = dir.resolve("junk.log");
    Files.writeString(junk, "hello\nworld\n");
    Path log = dir.resolve("access.log");
    try (Writer w = SyntheticLog.plain(log)) {
      new SyntheticLog().write(w, MARCH, 1, SyntheticLog.UTC, h -> 10, false, null, 0);
    }
    TrafficReport r = analyze(TrafficAnalyzer.Options.DEFAULT, junk, log);
    assertThat(r.requests()).isEqualTo(10);
    assertThat(r.problems())
        .singleElement()
        .asString()
        .startsWith(junk + ": not in a known log format");
  }

  @Test
  void dstChange_dayHas23Hours_andTheEveningPeakStaysAt20Local() throws IOException {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    // 2026-03-29 02:00 CET becomes 03:00 CEST; the log is written in local time with its offset
    Instant from = Instant.parse("2026-03-26T23:00:00Z"); // 27 March 00:00 local
    SyntheticLog.HourPlan evening = h -> h.atZone(berlin).getHour() == 20 ? 1000 : 100;
    Path local = dir.resolve("local.log");
    Path utc = dir.resolve("utc.log");
    try (Writer w = SyntheticLog.plain(local);
        Writer u = SyntheticLog.plain(utc)) {
      new SyntheticLog().write(w, from, 5 * 24 - 1, berlin, evening, false, null, 0);
      new SyntheticLog().write(u, from, 5 * 24 - 1, SyntheticLog.UTC, evening, false, null, 0);
    }

    TrafficReport asLogged = analyze(TrafficAnalyzer.Options.DEFAULT, local);
    TrafficReport zoned = analyze(TrafficAnalyzer.Options.DEFAULT.withZone(berlin), utc);

    for (TrafficReport r : List.of(asLogged, zoned)) {
      assertThat(r.hours()).hasSize(5 * 24 - 1);
      assertThat(r.days()).isEqualTo(5);
      assertThat(r.hours().stream().filter(h -> h.start().startsWith("2026-03-29"))).hasSize(23);
      assertThat(r.hours())
          .extracting(TrafficReport.HourCount::start)
          .contains("2026-03-29T01:00+01:00", "2026-03-29T03:00+02:00")
          .doesNotContain("2026-03-29T02:00+01:00", "2026-03-29T02:00+02:00");
      assertThat(r.first()).isEqualTo("2026-03-27T00:00+01:00");
      // five equal daily peaks: the 95th percentile is the last of them, after the change
      assertThat(r.typicalPeak().start()).isEqualTo("2026-03-31T20:00+02:00");
      // the evening peak is at 20:00 local on the Saturday before and the Sunday after the change
      assertThat(r.weekdayHours().get(5).get(20)).isEqualTo(1000.0);
      assertThat(r.weekdayHours().get(6).get(20)).isEqualTo(1000.0);
      assertThat(r.weekdayHours().get(6).get(19)).isEqualTo(100.0);
      assertThat(r.weekdayHours().get(6).get(2)).isEqualTo(0.0);
    }
    assertThat(zoned.hours()).isEqualTo(asLogged.hours());
  }
}
