package dev.brigade.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem found while reading a model, so that the user sees them all at once.
 *
 * <p>Readers report and carry on with a safe default; {@link ClusterLoader} throws {@link
 * ModelException} at the end when anything was reported.
 */
public final class Problems {
  /** Past this many problems the rest are dropped: the first ones are what the user fixes. */
  static final int MAX = 200;

  private final List<Problem> list = new ArrayList<>();
  private int dropped;

  /** Reports a problem. */
  public void error(Location location, String message) {
    error(location, message, "");
  }

  /** Reports a problem with a hint on how to fix it. */
  public void error(Location location, String message, String hint) {
    if (list.size() >= MAX) {
      dropped++;
      return;
    }
    Problem p = new Problem(location, message, hint);
    if (!list.contains(p)) {
      list.add(p);
    }
  }

  /** True when no problem was reported. */
  public boolean isEmpty() {
    return list.isEmpty();
  }

  /** The problems so far, sorted by file, line and column. */
  public List<Problem> sorted() {
    List<Problem> copy = new ArrayList<>(list);
    copy.sort(null);
    if (dropped > 0) {
      Problem last = copy.getLast();
      copy.add(
          new Problem(
              last.location(),
              "... and " + dropped + " more problems not shown",
              "fix these first"));
    }
    return List.copyOf(copy);
  }

  /** Throws a {@link ModelException} with every problem when there is at least one. */
  public void throwIfAny() throws ModelException {
    if (!list.isEmpty()) {
      throw new ModelException(sorted());
    }
  }
}
