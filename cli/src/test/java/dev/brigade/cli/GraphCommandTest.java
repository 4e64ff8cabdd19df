package dev.brigade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brigade.metrics.Event;
import dev.brigade.metrics.MetricsEngine;
import dev.brigade.metrics.MetricsSettings;
import dev.brigade.metrics.Sample;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class GraphCommandTest {
  @TempDir Path dir;
  Path model;

  @BeforeEach
  void store() throws Exception {
    model = dir.resolve("brigade.yml");
    Files.writeString(
        model,
        """
        cluster: g
        roles: { app: { services: { http: { port: 8080, protocol: http, check: none } } } }
        hosts: { web1: { address: 127.0.0.1, roles: [app] } }
        stages: { production: { hosts: [web1] } }
        metrics: { store: %s }
        """
            .formatted(dir.resolve("store")));
    Instant now = Instant.now();
    try (MetricsEngine m =
        MetricsEngine.open(MetricsSettings.DEFAULT, InstantSource.system(), dir.resolve("store"))) {
      for (int k = 360; k >= 0; k--) {
        Instant at = now.minus(Duration.ofSeconds(10L * k));
        m.record(
            "web1",
            "ssh",
            List.of(Sample.gauge("load1", k % 7, ""), Sample.gauge("load5", 2, "")),
            at);
      }
      m.annotate(
          new Event(now.minus(Duration.ofMinutes(30)), "deploy", "release 42", Optional.empty()));
    }
  }

  @Test
  void list_showsTheStoredSeries() {
    CliRun run = CliRun.of("graph", "-c", model.toString(), "--list");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("web1/ssh/load1")
        .contains("web1/ssh/load5")
        .contains("2 series in ");
  }

  @Test
  void svg_ofAPattern_drawsEveryMatchingSeries_andTheEvent() throws Exception {
    Path svg = dir.resolve("load.svg");
    CliRun run =
        CliRun.of(
            "graph",
            "-c",
            model.toString(),
            "web1/ssh/load*",
            "--from",
            "-1h",
            "--threshold",
            "5:high",
            "-o",
            svg.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("load.svg: 2 series");
    Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
    String all = Files.readString(svg);
    assertThat(d.getElementsByTagName("polyline").getLength()).isGreaterThanOrEqualTo(2);
    assertThat(all)
        .contains("data-name=\"load1\"", "data-name=\"load5\"", "deploy: release 42", ">high<");
  }

  @Test
  void png_csv_andJson_byExtension() throws Exception {
    Path png = dir.resolve("load.png");
    assertThat(
            CliRun.of(
                    "graph",
                    "-c",
                    model.toString(),
                    "web1/ssh/load1",
                    "--from",
                    "-1h",
                    "-o",
                    png.toString())
                .exitCode())
        .isZero();
    assertThat(ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(png))).getWidth())
        .isEqualTo(800);
    Path csv = dir.resolve("load.csv");
    assertThat(
            CliRun.of(
                    "graph",
                    "-c",
                    model.toString(),
                    "web1/ssh/load1",
                    "--from",
                    "-1h",
                    "-o",
                    csv.toString())
                .exitCode())
        .isZero();
    assertThat(Files.readAllLines(csv).getFirst())
        .isEqualTo("time,web1/ssh/load1,web1/ssh/load1 min,web1/ssh/load1 max");
    Path json = dir.resolve("load.json");
    assertThat(
            CliRun.of(
                    "graph",
                    "-c",
                    model.toString(),
                    "--template",
                    "load",
                    "--host",
                    "web1",
                    "-o",
                    json.toString())
                .exitCode())
        .isZero();
    assertThat(Files.readString(json)).contains("\"name\":\"web1/ssh/load1\"");
  }

  @Test
  void mistakes_exitTwoWithAHint() {
    CliRun none =
        CliRun.of(
            "graph",
            "-c",
            model.toString(),
            "web9/ssh/load1",
            "-o",
            dir.resolve("x.svg").toString());
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err())
        .contains("brigade: no stored series matches 'web9/ssh/load1'")
        .contains("hint: list what is stored with --list");
    CliRun time =
        CliRun.of(
            "graph",
            "-c",
            model.toString(),
            "web1/ssh/load1",
            "--from",
            "yesterday",
            "-o",
            dir.resolve("x.svg").toString());
    assertThat(time.exitCode()).isEqualTo(2);
    assertThat(time.err()).contains("'yesterday' is not a time");
    CliRun fmt =
        CliRun.of(
            "graph",
            "-c",
            model.toString(),
            "web1/ssh/load1",
            "-o",
            dir.resolve("x.gif").toString());
    assertThat(fmt.err()).contains("cannot tell the format");
  }
}
