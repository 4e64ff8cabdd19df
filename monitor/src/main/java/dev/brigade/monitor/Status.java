package dev.brigade.monitor;

/** A check's result as Nagios plugins report it, with the plugin API's exit codes. */
public enum Status {
  OK(0),
  WARNING(1),
  CRITICAL(2),
  UNKNOWN(3);

  private final int exitCode;

  Status(int exitCode) {
    this.exitCode = exitCode;
  }

  /** 0, 1, 2 or 3. */
  public int exitCode() {
    return exitCode;
  }

  /** The status a plugin's exit code means; anything but 0 to 3 is UNKNOWN. */
  public static Status ofExitCode(int code) {
    return switch (code) {
      case 0 -> OK;
      case 1 -> WARNING;
      case 2 -> CRITICAL;
      default -> UNKNOWN;
    };
  }

  /** The worse of two results, in Nagios's order OK < WARNING < UNKNOWN < CRITICAL. */
  public Status worst(Status other) {
    return rank() >= other.rank() ? this : other;
  }

  /** 0 for OK up to 3 for CRITICAL, in Nagios's order of badness. */
  public int severity() {
    return rank();
  }

  private int rank() {
    return switch (this) {
      case OK -> 0;
      case WARNING -> 1;
      case UNKNOWN -> 2;
      case CRITICAL -> 3;
    };
  }
}
