package dev.brigade.model;

/**
 * One thing wrong with a model, with where it is and, when we can guess, what to do instead.
 *
 * @param location where the problem is
 * @param message what is wrong, in one line
 * @param hint a suggestion such as {@code did you mean 'roles'?}, or empty
 */
public record Problem(Location location, String message, String hint)
    implements Comparable<Problem> {

  public Problem {
    hint = hint == null ? "" : hint;
  }

  /** The one line printed for this problem: {@code file:line:column: message; hint}. */
  public String format() {
    return location + ": " + message + (hint.isEmpty() ? "" : "; " + hint);
  }

  @Override
  public int compareTo(Problem o) {
    return location.compareTo(o.location);
  }

  @Override
  public String toString() {
    return format();
  }
}
