package dev.brigade.deploy;

import dev.brigade.model.Host;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Shows a deploy's progress: on a terminal a table of hosts by steps that is redrawn in place; to a
 * file or pipe one plain line per finished step; nothing in quiet mode (errors still go to the
 * report).
 *
 * <pre>{@code
 * host    check lock upload link hooks switch restart verify unlock record
 * web1    ok    ok   ok     ok   ...
 * web2    ok    ok   ok     ok   FAIL
 * }</pre>
 */
public final class ProgressTable implements DeployListener {
  /** How the table is shown. */
  public enum Mode {
    /** Redrawn in place with ANSI cursor movement. */
    TERMINAL,
    /** One line per finished step. */
    LINES,
    /** Nothing. */
    QUIET
  }

  private final PrintWriter out;
  private final Mode mode;
  private final Map<String, Map<Step, String>> cells = new LinkedHashMap<>();
  private final int nameWidth;
  private int drawn;

  public ProgressTable(PrintWriter out, Mode mode, List<Host> hosts) {
    this.out = out;
    this.mode = mode;
    int w = 4;
    for (Host h : hosts) {
      cells.put(h.name(), new EnumMap<>(Step.class));
      w = Math.max(w, h.name().length());
    }
    this.nameWidth = w;
  }

  @Override
  public synchronized void started(Host host, Step step) {
    cell(host, step, "...");
  }

  @Override
  public synchronized void finished(Host host, StepOutcome outcome) {
    String text =
        switch (outcome) {
          case StepOutcome.Done d -> "ok";
          case StepOutcome.Failed f -> "FAIL";
          case StepOutcome.Skipped s -> "-";
        };
    cell(host, outcome.step(), text);
    if (mode == Mode.LINES) {
      String line =
          switch (outcome) {
            case StepOutcome.Done d ->
                String.format(
                    Locale.ROOT,
                    "%-" + nameWidth + "s  %-7s done %.2fs%s",
                    host.name(),
                    d.step().label(),
                    d.took().toMillis() / 1000.0,
                    d.detail().isEmpty() ? "" : "  " + d.detail());
            case StepOutcome.Failed f ->
                String.format(
                    "%-" + nameWidth + "s  %-7s FAILED: %s",
                    host.name(),
                    f.step().label(),
                    f.reason());
            case StepOutcome.Skipped s ->
                String.format(
                    "%-" + nameWidth + "s  %-7s skipped: %s",
                    host.name(),
                    s.step().label(),
                    s.why());
          };
      out.println(line);
      out.flush();
    }
  }

  @Override
  public synchronized void note(String message) {
    switch (mode) {
      case QUIET -> {}
      case LINES -> {
        out.println(message);
        out.flush();
      }
      case TERMINAL -> {
        erase();
        out.println(message);
        draw();
      }
    }
  }

  private void cell(Host host, Step step, String text) {
    Map<Step, String> row = cells.get(host.name());
    if (row == null) {
      return; // a host outside the table (promotion checks read another stage)
    }
    row.put(step, text);
    if (mode == Mode.TERMINAL) {
      erase();
      draw();
    }
  }

  private void erase() {
    if (drawn > 0) {
      out.print("\033[" + drawn + "A");
      for (int i = 0; i < drawn; i++) {
        out.print("\033[2K\n");
      }
      out.print("\033[" + drawn + "A");
      drawn = 0;
    }
  }

  private void draw() {
    StringBuilder b = new StringBuilder();
    b.append(String.format("%-" + nameWidth + "s", "host"));
    for (Step s : Step.values()) {
      b.append("  ").append(s.label());
    }
    out.println(b);
    for (Map.Entry<String, Map<Step, String>> row : cells.entrySet()) {
      b.setLength(0);
      b.append(String.format("%-" + nameWidth + "s", row.getKey()));
      for (Step s : Step.values()) {
        String v = row.getValue().getOrDefault(s, "");
        b.append("  ").append(String.format("%-" + s.label().length() + "s", v));
      }
      out.println(b);
    }
    out.flush();
    drawn = cells.size() + 1;
  }

  /** The plain text of the table as it stands (for tests and for the final screen). */
  public synchronized String render() {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Map<Step, String>> row : cells.entrySet()) {
      b.append(row.getKey());
      for (Step s : Step.values()) {
        b.append(' ').append(row.getValue().getOrDefault(s, "_"));
      }
      b.append('\n');
    }
    return b.toString();
  }
}
