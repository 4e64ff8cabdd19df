package dev.brigade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class PlanCommandTest {
  static final String MODEL = "../examples/production.yml";
  static final DateTimeFormatter CLF =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

  @TempDir static Path dir;
  static Path first;
  static Path second;

  /**
   * March 2026 from both edge nodes' access logs (the second half gzipped): 50 requests an hour,
   * 1,000 + 10 x day at 20:00, a freak 6,000 at 04:00 on the 10th; half green, 30% yellow, 20% red;
   * green hits 90%, yellow 2 in 3.
   */
  @BeforeAll
  static void month() throws IOException {
    first = dir.resolve("access.log");
    second = dir.resolve("access.log.1.gz");
    try (Writer a = Files.newBufferedWriter(first);
        Writer b =
            new OutputStreamWriter(
                new GZIPOutputStream(Files.newOutputStream(second)), StandardCharsets.UTF_8)) {
      int i = 0;
      Instant start = Instant.parse("2026-03-01T00:00:00Z");
      for (int h = 0; h < 31 * 24; h++) {
        ZonedDateTime t = start.plusSeconds(3600L * h).atZone(ZoneOffset.UTC);
        int n =
            t.getDayOfMonth() == 10 && t.getHour() == 4
                ? 6000
                : t.getHour() == 20 ? 1000 + 10 * t.getDayOfMonth() : 50;
        Writer w = t.getDayOfMonth() <= 15 ? a : b;
        for (int k = 0; k < n; k++, i++) {
          w.write(line(t.plusSeconds((long) k * 3600 / n), i));
        }
      }
      a.write("this line is not a log line\n");
    }
  }

  private static String line(ZonedDateTime t, int i) {
    int c = i % 10;
    String req = c < 5 ? "GET /static/site.css" : c < 8 ? "GET /products/" + i % 20 : "POST /cart";
    String cache =
        c < 5 ? (i % 20 == 0 ? "miss" : "hit") : c < 8 ? (i % 3 == 0 ? "miss" : "hit") : "pass";
    return "10.0.0."
        + (i % 200)
        + " - - ["
        + CLF.format(t)
        + "] \""
        + req
        + " HTTP/1.1\" 200 "
        + (200 + i % 500)
        + " \"-\" \"Mozilla/5.0 <script>\" 0.010 app1/http "
        + cache
        + " r"
        + i
        + "\n";
  }

  @Test
  void month_printsTypicalPeak_hitDistribution_andServersPerLayer() {
    CliRun run = CliRun.of("plan", "-c", MODEL, first.toString(), second.toString());

    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("Read 2 files (brigade)")
        .contains("1 malformed")
        .contains(first + ":")
        .contains("this line is not a log line")
        .containsPattern("absolute peak +Tue 2026-03-10T04:00Z +6,000")
        // 31 daily peaks: nearest rank 30 of 31 is the 31st's 1,310, not the freak 6,000
        .containsPattern("typical peak \\(p95\\) +Tue 2026-03-31T20:00Z +1,310")
        .contains("design load:")
        .containsPattern("green +[0-9,]+ +50\\.0%.* 90\\.0% of")
        .containsPattern("yellow +[0-9,]+ +30\\.0%.* 66\\.7% of")
        .containsPattern("red +[0-9,]+ +20\\.0%")
        .contains("cacheable (green + yellow): 80.0%")
        .contains("top red: /cart")
        .containsPattern("edge +edge .*g 90\\.0% y 66\\.7% r 0\\.0% \\(measured\\)")
        .containsPattern("app +app .* 25\\.0 +2 +4 +\\+2")
        .containsPattern("cache +memcached .*95\\.0% \\(plan\\)")
        .containsPattern("database +db-master, db-replica")
        .containsPattern("search +search .* 1 +-1 SHORT");
  }

  @Test
  void whatIf_higherGrowthAndWeakerAppServers_showTheShortfall() {
    CliRun run =
        CliRun.of(
            "plan",
            "-c",
            MODEL,
            "--growth",
            "300%",
            "--edge-hit-rate",
            "0.5",
            "--capacity",
            "app=0.1",
            first.toString(),
            second.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("growth 300.0%")
        .containsPattern("edge +edge .*g 50\\.0% y 50\\.0% r 0\\.0% \\(what-if\\)")
        .containsPattern("app +app .* 0\\.1 +10 +4 +-6 SHORT");
  }

  @Test
  void progress_endsWithWhatWasRead() {
    CliRun run = CliRun.of("plan", "-c", MODEL, "--progress", first.toString(), second.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).containsPattern("read 2 files, [0-9,]+ MB in [0-9.]+ s");
  }

  @Test
  void json_isThePlanAsRecords() throws IOException {
    CliRun run = CliRun.of("plan", "-c", MODEL, "--json", first.toString(), second.toString());
    assertThat(run.exitCode()).isZero();
    JsonNode plan = new ObjectMapper().readTree(run.out());
    JsonNode traffic = plan.get("traffic");
    assertThat(traffic.get("typicalPeak").get("start").asText()).isEqualTo("2026-03-31T20:00Z");
    assertThat(traffic.get("typicalPeak").get("requests").asLong()).isEqualTo(1310);
    assertThat(traffic.get("absolutePeak").get("requests").asLong()).isEqualTo(6000);
    assertThat(traffic.get("malformed").asLong()).isEqualTo(1);
    assertThat(traffic.get("hours")).hasSize(31 * 24);
    assertThat(traffic.get("classes").get("red").get("share").asDouble()).isEqualTo(0.2);
    assertThat(plan.get("design").get("growth").asDouble()).isEqualTo(0.3);
    assertThat(plan.get("layers")).hasSize(5);
    assertThat(plan.get("layers").get(1).get("name").asText()).isEqualTo("app");
    assertThat(plan.get("layers").get(1).get("current").asInt()).isEqualTo(4);
    assertThat(plan.get("layers").get(1).get("needed").asInt()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void svg_funnelAndHourlyProfileAreWellFormed() throws Exception {
    Path out = dir.resolve("svg");
    CliRun run =
        CliRun.of(
            "plan", "-c", MODEL, "--svg", out.toString(), first.toString(), second.toString());
    assertThat(run.exitCode()).isZero();
    for (String name : new String[] {"plan-funnel.svg", "plan-hourly.svg"}) {
      Document svg =
          DocumentBuilderFactory.newInstance()
              .newDocumentBuilder()
              .parse(out.resolve(name).toFile());
      assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
    }
    String funnel = Files.readString(out.resolve("plan-funnel.svg"));
    assertThat(funnel).contains(">edge<", ">app<", ">database<", "db-master, db-replica");
    assertThat(funnel.split("<rect ")).hasSize(1 + 1 + 5);
    String hourly = Files.readString(out.resolve("plan-hourly.svg"));
    assertThat(hourly).contains("#2e8b57", "#d9534f", "2026-03-31T20:00Z");
  }

  @Test
  void badOptionsAndFiles_exitTwoWithAHint() {
    CliRun missing = CliRun.of("plan", "-c", MODEL, dir.resolve("nope.log").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.log: no such file");
    CliRun growth = CliRun.of("plan", "-c", MODEL, "--growth", "lots", first.toString());
    assertThat(growth.exitCode()).isEqualTo(2);
    assertThat(growth.err()).contains("--growth is 'lots'").contains("hint:");
    CliRun layer = CliRun.of("plan", "-c", MODEL, "--capacity", "web=4", first.toString());
    assertThat(layer.err()).contains("unknown layer 'web'");
    CliRun format = CliRun.of("plan", "-c", MODEL, "--format", "iis", first.toString());
    assertThat(format.exitCode()).isEqualTo(2);
    assertThat(format.err()).contains("unknown log format 'iis'");
  }

  @Test
  void unreadableLogs_exitOne() throws IOException {
    Path junk = dir.resolve("junk.log");
    Files.writeString(junk, "hello\n");
    CliRun run = CliRun.of("plan", "-c", MODEL, junk.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("not in a known log format")
        .contains("no request could be read");
  }
}
