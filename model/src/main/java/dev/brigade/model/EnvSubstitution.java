package dev.brigade.model;

import java.util.Map;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in model values with environment
 * variables, so secrets stay out of the file. {@code $${} writes a literal {@code ${}.
 */
final class EnvSubstitution {
  private EnvSubstitution() {}

  static String apply(String value, Map<String, String> env, Location where, Problems problems) {
    if (value.indexOf('$') < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    int i = 0;
    while (i < value.length()) {
      char c = value.charAt(i);
      if (c == '$' && value.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (c == '$' && value.startsWith("${", i)) {
        int end = value.indexOf('}', i + 2);
        if (end < 0) {
          problems.error(where, "'${' without a closing '}'", "write ${NAME} or $${ for a literal");
          return value;
        }
        String body = value.substring(i + 2, end);
        int dash = body.indexOf(":-");
        String name = dash < 0 ? body : body.substring(0, dash);
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
          problems.error(
              where,
              "'${" + Suggestions.shorten(body) + "}' is not a valid variable name",
              "use letters, digits and '_', e.g. ${DB_PASSWORD}");
          return value;
        }
        String found = env.get(name);
        if (found == null && dash >= 0) {
          found = body.substring(dash + 2);
        }
        if (found == null) {
          problems.error(
              where,
              "environment variable " + name + " is not set",
              "export " + name + "=... or give a default: ${" + name + ":-value}");
          return value;
        }
        out.append(found);
        i = end + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
