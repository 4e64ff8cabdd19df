package dev.brigade.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
  static List<Sample> parse(String text) throws Exception {
    return PrometheusText.parse(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "http://edge1/metrics");
  }

  @Test
  void typesDecideKinds_andLabelsAreSortedIntoTheSeriesName() throws Exception {
    List<Sample> s =
        parse(
            """
            # HELP http_requests_total Requests.
            # TYPE http_requests_total counter
            http_requests_total{method="post",code="200"} 1027 1395066363000
            # TYPE temperature gauge
            temperature 21.5
            # TYPE rpc_duration_seconds summary
            rpc_duration_seconds{quantile="0.99"} 0.012
            rpc_duration_seconds_sum 17.5
            rpc_duration_seconds_count 2693
            # TYPE cache_bytes untyped
            cache_bytes +Inf
            """);
    assertThat(s)
        .extracting(Sample::label, Sample::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "http_requests_total{code=\"200\",method=\"post\"}", Kind.DERIVE),
            org.assertj.core.groups.Tuple.tuple("temperature", Kind.GAUGE),
            org.assertj.core.groups.Tuple.tuple(
                "rpc_duration_seconds{quantile=\"0.99\"}", Kind.GAUGE),
            org.assertj.core.groups.Tuple.tuple("rpc_duration_seconds_sum", Kind.DERIVE),
            org.assertj.core.groups.Tuple.tuple("rpc_duration_seconds_count", Kind.DERIVE),
            org.assertj.core.groups.Tuple.tuple("cache_bytes", Kind.GAUGE));
    assertThat(s.get(0).value()).isEqualTo(1027);
    assertThat(s.get(2).unit()).isEqualTo("s");
    assertThat(s.get(5).unit()).isEqualTo("B");
    assertThat(s.get(5).value()).isInfinite();
  }

  @Test
  void escapedLabelValues_areKeptEscapedInTheName() throws Exception {
    Sample s = parse("m{path=\"C:\\\\x\",q=\"say \\\"hi\\\"\"} 1\n").getFirst();
    assertThat(s.label()).isEqualTo("m{path=\"C:\\\\x\",q=\"say \\\"hi\\\"\"}");
  }

  @Test
  void malformedLines_areOneLineErrorsNamingTheLine() {
    assertThatThrownBy(() -> parse("ok 1\nbad{x=1} 2\n"))
        .isInstanceOf(InputLimitException.class)
        .hasMessage("http://edge1/metrics line 2: expected label=\"value\" at column 6");
    assertThatThrownBy(() -> parse("m one\n"))
        .hasMessage("http://edge1/metrics line 1: 'one' is not a number");
    assertThatThrownBy(() -> parse("m{a=\"x} 1\n"))
        .hasMessageContaining("unterminated label value of 'a'");
  }

  @Test
  void limits_onLineLengthAndSeriesCount() {
    assertThatThrownBy(() -> parse("m " + "1".repeat(PrometheusText.MAX_LINE) + "\n"))
        .hasMessage("http://edge1/metrics line 1: line longer than 16384 bytes");
    StringBuilder many = new StringBuilder();
    for (int i = 0; i <= PrometheusText.MAX_SERIES; i++) {
      many.append("m").append(i).append(" 1\n");
    }
    assertThatThrownBy(() -> parse(many.toString()))
        .hasMessage("http://edge1/metrics line 20001: more than 20000 series");
  }
}
