package dev.brigade.model;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a model cannot be loaded; carries every problem found, in file order. */
public final class ModelException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Every problem on its own line, kept as text so the exception stays serializable. */
  private final String report;

  private final transient List<Problem> problems;

  /** Creates the exception from at least one problem. */
  public ModelException(List<Problem> problems) {
    super(problems.isEmpty() ? "invalid model" : problems.getFirst().format());
    this.problems = List.copyOf(problems);
    this.report = this.problems.stream().map(Problem::format).collect(Collectors.joining("\n"));
  }

  /** Every problem, sorted by file, line and column. */
  public List<Problem> problems() {
    return problems == null ? List.of() : problems;
  }

  /** Every problem as its one printed line. */
  public List<String> lines() {
    return report.lines().toList();
  }

  /** All problems, one per line. */
  public String report() {
    return report;
  }
}
