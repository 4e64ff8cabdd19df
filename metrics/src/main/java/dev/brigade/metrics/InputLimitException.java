package dev.brigade.metrics;

import java.io.IOException;

/** Outside input (a munin-node, an exporter, a host's /proc) broke a limit or the format. */
final class InputLimitException extends IOException {
  private static final long serialVersionUID = 1L;

  /** {@code where} names the peer and line, e.g. {@code munin-node 10.0.0.5:4949 line 12}. */
  InputLimitException(String where, String message) {
    super(where + ": " + message);
  }
}
