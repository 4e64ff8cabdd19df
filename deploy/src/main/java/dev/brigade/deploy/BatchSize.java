package dev.brigade.deploy;

import java.util.Optional;

/** How many hosts of a role switch at once in a rolling deploy: a count or a share of them. */
public sealed interface BatchSize {
  /** Every host at once (no rolling). */
  BatchSize ALL = new Percent(100);

  /** The batch size for {@code hosts} hosts: at least 1, at most all of them. */
  int of(int hosts);

  /**
   * A fixed number of hosts.
   *
   * @param hosts how many, at least 1
   */
  record Count(int hosts) implements BatchSize {
    @Override
    public int of(int total) {
      return Math.max(1, Math.min(total, hosts));
    }

    @Override
    public String toString() {
      return Integer.toString(hosts);
    }
  }

  /**
   * A share of the role's hosts, rounded up.
   *
   * @param percent 1 to 100
   */
  record Percent(int percent) implements BatchSize {
    @Override
    public int of(int total) {
      return Math.max(1, Math.min(total, (total * percent + 99) / 100));
    }

    @Override
    public String toString() {
      return percent + "%";
    }
  }

  /** {@code 2} or {@code 25%}; empty when it is neither. */
  static Optional<BatchSize> parse(String text) {
    String t = text.strip();
    try {
      if (t.endsWith("%")) {
        int p = Integer.parseInt(t.substring(0, t.length() - 1).strip());
        return p >= 1 && p <= 100 ? Optional.of(new Percent(p)) : Optional.empty();
      }
      int n = Integer.parseInt(t);
      return n >= 1 ? Optional.of(new Count(n)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
