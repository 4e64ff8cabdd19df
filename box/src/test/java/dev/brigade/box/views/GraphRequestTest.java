package dev.brigade.box.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brigade.metrics.SeriesId;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** A graph's URL holds every choice: writing and reading it gives the same graph. */
class GraphRequestTest {
  @Property(tries = 300)
  void query_parsesBackToTheSameGraph(@ForAll("graphs") GraphRequest r) {
    assertThat(GraphRequest.fromUrl(r.url("/graphs"))).isEqualTo(r);
    assertThat(GraphRequest.parse(GraphRequest.decode(r.query()))).isEqualTo(r);
  }

  @Provide
  Arbitrary<GraphRequest> graphs() {
    Arbitrary<SeriesId> series =
        Combinators.combine(
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(8),
                Arbitraries.of("ssh", "prom", "check.http", "munin.cpu", "edge"),
                Arbitraries.strings()
                    .withCharRange(' ', '~')
                    .withChars('é', 'ü', '/')
                    .ofMinLength(1)
                    .ofMaxLength(40)
                    .filter(s -> !s.isBlank() && s.strip().equals(s)))
            .as(SeriesId::new);
    Arbitrary<String> range = Arbitraries.of("", "1h", "6h", "1d", "7d", "30d", "1y");
    Arbitrary<Long> from = Arbitraries.longs().between(0, 4_000_000_000L);
    Arbitrary<Long> len = Arbitraries.longs().between(60, GraphRequest.MAX_RANGE.toSeconds());
    return Combinators.combine(
            series.list().ofMinSize(1).ofMaxSize(GraphRequest.MAX_SERIES),
            range,
            from,
            len,
            Arbitraries.of(true, false),
            Arbitraries.integers().between(300, 2000),
            Arbitraries.integers().between(150, 1200),
            Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(30).map(String::strip))
        .as(
            (s, r, f, l, st, w, h, t) ->
                r.isEmpty()
                    ? new GraphRequest(s, "", f, f + l, st, w, h, t)
                    : new GraphRequest(s, r, 0, 0, st, w, h, t));
  }

  @Test
  void aZoom_isAnAbsoluteRange_thatKeepsEverythingElse() {
    GraphRequest r =
        new GraphRequest(
            List.of(SeriesId.parse("web1/ssh/load1"), SeriesId.parse("web2/ssh/load1")),
            "1d",
            0,
            0,
            true,
            900,
            320,
            "load");
    Instant a = Instant.parse("2026-12-01T08:00:00Z");
    Instant b = Instant.parse("2026-12-01T09:30:00Z");
    GraphRequest z = r.between(a, b);
    assertThat(z.query())
        .isEqualTo(
            "series=web1/ssh/load1&series=web2/ssh/load1&from=1796112000&to=1796117400"
                + "&stack=1&width=900&height=320&title=load");
    assertThat(z.start(Instant.EPOCH)).isEqualTo(a);
    assertThat(z.end(Instant.EPOCH)).isEqualTo(b);
  }

  @Test
  void panAndZoomOut_moveTheRangeByItsLength_withinTheLimits() {
    Instant now = Instant.parse("2026-12-01T10:00:00Z");
    GraphRequest r = GraphRequest.fromUrl("/graphs?series=a/b/c&range=6h");
    GraphRequest earlier = r.moved(now, -0.5, 1);
    assertThat(earlier.start(now)).isEqualTo(Instant.parse("2026-12-01T01:00:00Z"));
    assertThat(earlier.end(now)).isEqualTo(Instant.parse("2026-12-01T07:00:00Z"));
    GraphRequest out = r.moved(now, 0, 2);
    assertThat(out.start(now))
        .as("twice as long about 07:00")
        .isEqualTo(Instant.parse("2026-12-01T01:00:00Z"));
    assertThat(out.end(now)).isEqualTo(Instant.parse("2026-12-01T13:00:00Z"));
    GraphRequest year = GraphRequest.fromUrl("/graphs?series=a/b/c&range=1y");
    assertThat(year.moved(now, 0, 100).to() - year.moved(now, 0, 100).from())
        .isEqualTo(GraphRequest.MAX_RANGE.toSeconds());
  }

  @Test
  void defaults_areTheLastDay_800By300_andIsoTimesAreRead() {
    GraphRequest r = GraphRequest.fromUrl("/graphs?series=web1/ssh/load1");
    assertThat(r.range()).isEqualTo("1d");
    assertThat(r.width()).isEqualTo(800);
    GraphRequest iso =
        GraphRequest.fromUrl(
            "/graphs?series=web1/ssh/load1&from=2026-12-01T08:00:00Z&to=2026-12-01T09:00:00Z");
    assertThat(iso.from()).isEqualTo(1796112000L);
    assertThat(iso.to() - iso.from()).isEqualTo(3600);
  }

  @Test
  void badParameters_areRefusedWithWhatToFix() {
    assertThatThrownBy(() -> GraphRequest.fromUrl("/graphs?range=1d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 to 12 series");
    assertThatThrownBy(() -> GraphRequest.fromUrl("/graphs?series=nope"))
        .hasMessageContaining("HOST/SOURCE/LABEL");
    assertThatThrownBy(() -> GraphRequest.fromUrl("/graphs?series=a/b/c&range=2w"))
        .hasMessageContaining("not one of 1h, 6h, 1d, 7d, 30d, 1y");
    assertThatThrownBy(() -> GraphRequest.fromUrl("/graphs?series=a/b/c&from=100&to=130"))
        .hasMessageContaining("1 minute to 5 years");
    assertThatThrownBy(() -> GraphRequest.fromUrl("/graphs?series=a/b/c&from=100"))
        .hasMessageContaining("both from and to");
    assertThatThrownBy(() -> GraphRequest.fromUrl("/graphs?series=a/b/c&range=1h&from=1&to=999"))
        .hasMessageContaining("either range or from and to");
    assertThatThrownBy(() -> GraphRequest.fromUrl("/graphs?series=a/b/c&width=99999"))
        .hasMessageContaining("pixels wide");
    assertThatThrownBy(() -> GraphRequest.fromUrl("/graphs?series=a/b/c&width=wide"))
        .hasMessageContaining("number of pixels");
    assertThatThrownBy(() -> GraphRequest.fromUrl("/graphs?series=a/b/c&from=yesterday&to=now"))
        .hasMessageContaining("epoch seconds");
    String many = "series=a/b/c&".repeat(13);
    assertThatThrownBy(() -> GraphRequest.fromUrl("/graphs?" + many))
        .hasMessageContaining("at most 12 series");
    assertThatThrownBy(() -> GraphRequest.fromUrl("/graphs?" + "x".repeat(9000)))
        .hasMessageContaining("8 KiB");
    assertThatThrownBy(() -> GraphRequest.fromUrl("/graphs?series=%zz"))
        .hasMessageContaining("%-escape");
  }
}
