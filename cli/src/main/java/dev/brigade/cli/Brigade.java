package dev.brigade.cli;

/** Entry point. */
public final class Brigade {
  private Brigade() {}

  /** Runs the command line. */
  public static void main(String[] args) {
    record R(int a) {}
    Object o = new R(1);
    if (o instanceof R(int a)) {
      System.out.println(a);
    }
  }
}
