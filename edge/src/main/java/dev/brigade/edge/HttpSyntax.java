package dev.brigade.edge;

/**
 * Pieces of HTTP/1.1's grammar read from raw bytes (RFC 9110 section 5.6, RFC 9112 section 7.1).
 */
final class HttpSyntax {
  private static final long INVALID_SIZE = -1;
  private static final long TOO_LARGE = -2;
  private static final long INVALID_EXTENSION = -3;

  private HttpSyntax() {}

  /**
   * The size of a chunk-size line {@code 1*HEXDIG *( BWS ";" BWS token [ BWS "=" BWS ( token /
   * quoted-string ) ] )} (RFC 9112 section 7.1.1), or a negative code for {@link #chunkError}.
   */
  static long chunkSize(byte[] line, int n) {
    int i = 0;
    long size = 0;
    while (i < n && hex(line[i]) >= 0) {
      if (i >= 8) {
        return TOO_LARGE;
      }
      size = size * 16 + hex(line[i]);
      i++;
    }
    if (i == 0) {
      return INVALID_SIZE;
    }
    if (size > Integer.MAX_VALUE) {
      return TOO_LARGE;
    }
    while (i < n) {
      i = ows(line, i, n);
      if (i >= n || line[i] != ';') {
        return INVALID_EXTENSION;
      }
      i = ows(line, i + 1, n);
      int start = i;
      i = token(line, i, n);
      if (i == start) {
        return INVALID_EXTENSION;
      }
      int after = ows(line, i, n);
      if (after < n && line[after] == '=') {
        i = ows(line, after + 1, n);
        if (i < n && line[i] == '"') {
          i = quoted(line, i + 1, n);
          if (i < 0) {
            return INVALID_EXTENSION;
          }
        } else {
          int vs = i;
          i = token(line, i, n);
          if (i == vs) {
            return INVALID_EXTENSION;
          }
        }
      }
    }
    return size;
  }

  /** The one-line reason for a negative {@link #chunkSize}. */
  static String chunkError(long code) {
    if (code == TOO_LARGE) {
      return "chunk size too large";
    }
    return code == INVALID_SIZE ? "invalid chunk size" : "invalid chunk extension";
  }

  /** RFC 9110 section 5.6.2. */
  static boolean tchar(byte b) {
    int c = b & 0xff;
    if (c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
      return true;
    }
    return "!#$%&'*+-.^_`|~".indexOf(c) >= 0 && c < 0x80;
  }

  private static int token(byte[] line, int i, int n) {
    while (i < n && tchar(line[i])) {
      i++;
    }
    return i;
  }

  private static int ows(byte[] line, int i, int n) {
    while (i < n && (line[i] == ' ' || line[i] == '\t')) {
      i++;
    }
    return i;
  }

  /** The index after the closing quote, or -1. */
  private static int quoted(byte[] line, int i, int n) {
    while (i < n) {
      int c = line[i] & 0xff;
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\') {
        if (i + 1 >= n || !(line[i + 1] == '\t' || (line[i + 1] & 0xff) >= 0x20)) {
          return -1;
        }
        i += 2;
        continue;
      }
      if (c != '\t' && c < 0x20 || c == 0x7f) {
        return -1;
      }
      i++;
    }
    return -1;
  }

  private static int hex(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    return -1;
  }
}
