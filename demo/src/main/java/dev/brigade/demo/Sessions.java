package dev.brigade.demo;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per-user carts behind the red pages, bounded so that a flood of new sessions cannot grow it. */
final class Sessions {
  static final int MAX_SESSIONS = 10_000;
  static final int MAX_ITEMS = 50;

  private final SecureRandom random = new SecureRandom();
  private final Map<String, List<String>> carts =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<String>> eldest) {
          return size() > MAX_SESSIONS;
        }
      };

  /** A new random session id. */
  String newId() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** True when {@code id} looks like one of ours (so we never echo arbitrary cookie text). */
  static boolean wellFormed(String id) {
    return id != null && id.length() == 32 && id.chars().allMatch(c -> Character.digit(c, 16) >= 0);
  }

  synchronized List<String> cart(String id) {
    return List.copyOf(carts.getOrDefault(id, List.of()));
  }

  synchronized void add(String id, String item) {
    List<String> cart = carts.computeIfAbsent(id, k -> new ArrayList<>());
    if (cart.size() < MAX_ITEMS) {
      cart.add(item);
    }
  }
}
