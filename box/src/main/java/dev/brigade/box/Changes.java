package dev.brigade.box;

import dev.brigade.box.web.BoxContext;
import java.util.List;

/**
 * What a page tells the live stream after it changed checks (an acknowledgement shows in every open
 * browser at once). The server hands pages a {@link BoxContext} that is also one of these.
 */
public interface Changes {
  /** The checks {@code ids} changed. */
  void changed(List<String> ids);

  /** The context's changes, or nothing when it has no stream (a page's unit test). */
  static Changes of(BoxContext box) {
    return box instanceof Changes c ? c : ids -> {};
  }
}
