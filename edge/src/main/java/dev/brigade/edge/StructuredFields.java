package dev.brigade.edge;

/**
 * Validates Structured Field Dictionaries (RFC 8941 sections 3.2 and 4.2.2), for the targeted
 * cache-control fields of RFC 9213, whose invalid values are ignored as a whole.
 */
final class StructuredFields {
  private final String s;
  private int i;

  private StructuredFields(String s) {
    this.s = s;
  }

  /** True when {@code value} parses as a Dictionary. */
  static boolean isDictionary(String value) {
    StructuredFields p = new StructuredFields(value);
    try {
      return p.dictionary();
    } catch (IndexOutOfBoundsException e) {
      return false;
    }
  }

  private boolean dictionary() {
    sp();
    if (i == s.length()) {
      return true; // an empty field is an empty Dictionary
    }
    while (true) {
      if (!key()) {
        return false;
      }
      if (i < s.length() && s.charAt(i) == '=') {
        i++;
        if (!(i < s.length() && s.charAt(i) == '(' ? innerList() : item())) {
          return false;
        }
      } else if (!parameters()) {
        return false;
      }
      ows();
      if (i == s.length()) {
        return true;
      }
      if (s.charAt(i) != ',') {
        return false;
      }
      i++;
      ows();
      if (i == s.length()) {
        return false; // a trailing comma
      }
    }
  }

  private boolean key() {
    if (i >= s.length()) {
      return false;
    }
    char c = s.charAt(i);
    if (!(c >= 'a' && c <= 'z' || c == '*')) {
      return false;
    }
    i++;
    while (i < s.length()) {
      c = s.charAt(i);
      if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "_-.*".indexOf(c) >= 0) {
        i++;
      } else {
        break;
      }
    }
    return true;
  }

  private boolean item() {
    return bareItem() && parameters();
  }

  private boolean innerList() {
    i++; // (
    while (i < s.length()) {
      sp();
      if (s.charAt(i) == ')') {
        i++;
        return parameters();
      }
      if (!item()) {
        return false;
      }
      char c = s.charAt(i);
      if (c != ' ' && c != ')') {
        return false;
      }
    }
    return false;
  }

  private boolean parameters() {
    while (i < s.length() && s.charAt(i) == ';') {
      i++;
      sp();
      if (!key()) {
        return false;
      }
      if (i < s.length() && s.charAt(i) == '=') {
        i++;
        if (!bareItem()) {
          return false;
        }
      }
    }
    return true;
  }

  private boolean bareItem() {
    if (i >= s.length()) {
      return false;
    }
    char c = s.charAt(i);
    if (c == '-' || c >= '0' && c <= '9') {
      return number();
    }
    if (c == '"') {
      return string();
    }
    if (c == '*' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
      i++;
      while (i < s.length() && (tchar(s.charAt(i)) || s.charAt(i) == ':' || s.charAt(i) == '/')) {
        i++;
      }
      return true;
    }
    if (c == ':') {
      i++;
      while (i < s.length() && s.charAt(i) != ':') {
        char b = s.charAt(i++);
        if (!(Character.isLetterOrDigit(b) && b < 0x80 || b == '+' || b == '/' || b == '=')) {
          return false;
        }
      }
      i++;
      return i <= s.length();
    }
    if (c == '?') {
      i++;
      char b = s.charAt(i++);
      return b == '0' || b == '1';
    }
    return false;
  }

  private boolean number() {
    if (s.charAt(i) == '-') {
      i++;
    }
    int start = i;
    int dot = -1;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        i++;
      } else if (c == '.' && dot < 0) {
        dot = i++;
      } else {
        break;
      }
    }
    int digits = i - start;
    if (digits == 0 || dot < 0 && digits > 15) {
      return false;
    }
    if (dot >= 0) {
      int whole = dot - start;
      int frac = i - dot - 1;
      return whole >= 1 && whole <= 12 && frac >= 1 && frac <= 3;
    }
    return true;
  }

  private boolean string() {
    i++;
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c == '\\') {
        char n = s.charAt(i++);
        if (n != '"' && n != '\\') {
          return false;
        }
      } else if (c == '"') {
        return true;
      } else if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return false;
  }

  private void sp() {
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
  }

  private void ows() {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
  }

  private static boolean tchar(char c) {
    return c < 0x80 && HttpSyntax.tchar((byte) c);
  }
}
