package dev.brigade.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The plugin output format of the Nagios plugin API (Nagios 3+ multi-line output). */
class PluginOutputTest {
  @Test
  void firstLine_textAndPerfdata() {
    PluginOutput o =
        PluginOutput.parse("DISK OK - free space: / 3326 MB (56%); | /=2643MB;5948;5958;0;5968\n");
    assertThat(o.text()).isEqualTo("DISK OK - free space: / 3326 MB (56%);");
    assertThat(o.perf())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.label()).isEqualTo("/");
              assertThat(p.value()).hasValue(2643);
              assertThat(p.unit()).isEqualTo("MB");
              assertThat(p.warn()).contains(Range.parse("5948"));
              assertThat(p.crit()).contains(Range.parse("5958"));
              assertThat(p.min()).hasValue(0);
              assertThat(p.max()).hasValue(5968);
            });
    assertThat(o.problems()).isEmpty();
  }

  @Test
  void longOutput_andMorePerfdataAfterABarOnALaterLine() {
    String raw =
        "DISK OK - free space: / 3326 MB (56%); | /=2643MB;5948;5958;0;5968\n"
            + "/ 15272 MB (77%);\n"
            + "/boot 68 MB (69%);\n"
            + "/home 69357 MB (27%);\n"
            + "/var/log 819 MB (84%); | /boot=68MB;88;93;0;98\n"
            + "/home=69357MB;253404;253409;0;253414 \n"
            + "/var/log=818MB;970;975;0;980\n";
    PluginOutput o = PluginOutput.parse(raw);
    assertThat(o.longOutput())
        .containsExactly(
            "/ 15272 MB (77%);",
            "/boot 68 MB (69%);", "/home 69357 MB (27%);", "/var/log 819 MB (84%);");
    assertThat(o.perf())
        .extracting(PerfValue::label)
        .containsExactly("/", "/boot", "/home", "/var/log");
  }

  @Test
  void quotedLabels_unknownValues_andEmptyFields() {
    PluginOutput o =
        PluginOutput.parse(
            "OK | 'in use'=5% 'it''s'=1c;;;; time=U;1;2 rta=0.08ms;;;0 x=5;@1:2;~:9");
    assertThat(o.perf())
        .extracting(PerfValue::label)
        .containsExactly("in use", "it's", "time", "rta", "x");
    assertThat(o.perf().get(0).unit()).isEqualTo("%");
    assertThat(o.perf().get(2).value()).isEmpty();
    assertThat(o.perf().get(3).min()).hasValue(0);
    assertThat(o.perf().get(4).warn()).contains(Range.parse("@1:2"));
    assertThat(o.perf().get(1).format()).isEqualTo("'it''s'=1c");
  }

  @Test
  void brokenPerfdata_isReportedAndTheRestKept() {
    PluginOutput o = PluginOutput.parse("OK | good=1 noequals bad=abc also=2;20:10");
    assertThat(o.text()).isEqualTo("OK");
    assertThat(o.perf()).extracting(PerfValue::label).containsExactly("good", "also");
    assertThat(o.problems()).hasSize(3).allSatisfy(p -> assertThat(p).doesNotContain("\n"));
  }

  @Test
  void emptyOutput_saysSo() {
    assertThat(PluginOutput.parse("").text()).isEqualTo("(no output)");
  }

  @Test
  void manyItems_areBounded() {
    PluginOutput o = PluginOutput.parse("OK |" + " a=1".repeat(5000));
    assertThat(o.perf()).hasSize(PluginOutput.MAX_PERF);
  }
}
