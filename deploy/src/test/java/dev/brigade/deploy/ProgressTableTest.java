package dev.brigade.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brigade.model.Host;
import dev.brigade.model.SshSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressTableTest {
  private static final Host WEB1 =
      new Host("web1", "10.0.0.1", SshSettings.DEFAULT, List.of("web"), Map.of(), List.of());
  private static final Host WEB2 =
      new Host("web2", "10.0.0.2", SshSettings.DEFAULT, List.of("web"), Map.of(), List.of());

  @Test
  void terminal_redrawsTheTableInPlace() {
    StringWriter s = new StringWriter();
    ProgressTable t =
        new ProgressTable(new PrintWriter(s), ProgressTable.Mode.TERMINAL, List.of(WEB1, WEB2));
    t.started(WEB1, Step.CHECK);
    t.finished(WEB1, new StepOutcome.Done(Step.CHECK, Duration.ofMillis(30), ""));
    t.finished(WEB2, new StepOutcome.Failed(Step.CHECK, "cannot connect"));
    assertThat(s.toString()).contains("\033[3A").contains("\033[2K");
    assertThat(t.render()).startsWith("web1 ok _").contains("web2 FAIL _");
  }

  @Test
  void pipe_getsOnePlainLinePerFinishedStep_andQuietNothing() {
    StringWriter s = new StringWriter();
    ProgressTable t =
        new ProgressTable(new PrintWriter(s), ProgressTable.Mode.LINES, List.of(WEB1));
    t.started(WEB1, Step.UPLOAD);
    t.finished(WEB1, new StepOutcome.Done(Step.UPLOAD, Duration.ofMillis(1500), "20261201080000"));
    t.note("batch 1/2: web1");
    assertThat(s.toString())
        .isEqualTo("web1  upload  done 1.50s  20261201080000\nbatch 1/2: web1\n")
        .doesNotContain("\033[");
    StringWriter q = new StringWriter();
    ProgressTable quiet =
        new ProgressTable(new PrintWriter(q), ProgressTable.Mode.QUIET, List.of(WEB1));
    quiet.finished(WEB1, new StepOutcome.Failed(Step.UPLOAD, "disk full"));
    quiet.note("note");
    assertThat(q.toString()).isEmpty();
  }
}
