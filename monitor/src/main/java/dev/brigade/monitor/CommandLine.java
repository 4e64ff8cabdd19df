package dev.brigade.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Plugin command lines as Nagios writes them: {@code $MACRO$} substitution ({@code $$} for a dollar
 * sign), then splitting into arguments with single quotes, double quotes and backslash escapes, and
 * no shell, so a macro's value can never run a command.
 */
final class CommandLine {
  /** Longest command line accepted. */
  static final int MAX_LENGTH = 8192;

  private CommandLine() {}

  /** Splits after substituting macros; values are substituted inside arguments, never split. */
  static List<String> argv(String command, Map<String, String> macros) {
    if (command.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("command longer than " + MAX_LENGTH + " characters");
    }
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean inArg = false;
    char quote = 0;
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      if (c == '$') {
        int end = command.indexOf('$', i + 1);
        if (end == i + 1) {
          cur.append('$');
          inArg = true;
          i = end;
          continue;
        }
        if (end > i) {
          String name = command.substring(i + 1, end);
          if (name.matches("[A-Z0-9_]+") && macros.containsKey(name)) {
            cur.append(macros.get(name));
            inArg = true;
            i = end;
            continue;
          }
        }
        cur.append(c);
        inArg = true;
      } else if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == '\\' && quote == '"' && i + 1 < command.length()) {
          cur.append(command.charAt(++i));
        } else {
          cur.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inArg = true;
      } else if (c == '\\' && i + 1 < command.length()) {
        cur.append(command.charAt(++i));
        inArg = true;
      } else if (Character.isWhitespace(c)) {
        if (inArg) {
          out.add(cur.toString());
          cur.setLength(0);
          inArg = false;
        }
      } else {
        cur.append(c);
        inArg = true;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("unclosed " + quote + " quote in the command");
    }
    if (inArg) {
      out.add(cur.toString());
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("empty command");
    }
    return List.copyOf(out);
  }
}
