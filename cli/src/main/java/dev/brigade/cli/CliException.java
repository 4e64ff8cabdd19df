package dev.brigade.cli;

/** A failure to report to the user in one line, with a hint on what to do and an exit code. */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;
  private final String hint;

  CliException(int exitCode, String message, String hint) {
    super(message);
    this.exitCode = exitCode;
    this.hint = hint;
  }

  CliException(int exitCode, String message, String hint, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
    this.hint = hint;
  }

  int exitCode() {
    return exitCode;
  }

  String hint() {
    return hint;
  }
}
