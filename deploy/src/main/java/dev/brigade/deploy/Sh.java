package dev.brigade.deploy;

import java.util.Map;

/** POSIX shell quoting for the commands sent to hosts. */
final class Sh {
  private Sh() {}

  /** {@code it's} -> {@code 'it'\''s'}: one word for sh, whatever it contains. */
  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** {@code A='1' B='2' } for a command's environment. */
  static String env(Map<String, String> vars) {
    StringBuilder b = new StringBuilder();
    vars.forEach((k, v) -> b.append(k).append('=').append(quote(v)).append(' '));
    return b.toString();
  }
}
