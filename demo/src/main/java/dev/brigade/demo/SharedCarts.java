package dev.brigade.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The users' carts behind the red pages: in memcached when the demo runs one, so that every
 * instance sees a user's cart and a stopped instance loses none (memcached as the session store, as
 * in the seed's production cluster); in the instance's own memory otherwise, or while memcached
 * fails.
 */
final class SharedCarts {
  /** How long an untouched cart stays in memcached. */
  static final int TTL_SECONDS = 1800;

  private final Sessions local;
  private final Optional<MemcachedClient> memcached;

  SharedCarts(Sessions local, Optional<MemcachedClient> memcached) {
    this.local = local;
    this.memcached = memcached;
  }

  List<String> cart(String session) {
    if (memcached.isPresent()) {
      try {
        return memcached.get().get(key(session)).map(SharedCarts::items).orElse(List.of());
      } catch (IOException e) {
        // memcached is away: the instance's own memory stands in
      }
    }
    return local.cart(session);
  }

  void add(String session, String item) {
    String clean = item.replaceAll("\\p{Cntrl}", " ");
    if (memcached.isPresent()) {
      try {
        MemcachedClient c = memcached.get();
        List<String> items =
            new ArrayList<>(c.get(key(session)).map(SharedCarts::items).orElse(List.of()));
        if (items.size() < Sessions.MAX_ITEMS) {
          items.add(clean);
        }
        c.set(key(session), String.join("\n", items).getBytes(StandardCharsets.UTF_8), TTL_SECONDS);
        return;
      } catch (IOException e) {
        // memcached is away: the instance's own memory stands in
      }
    }
    local.add(session, clean);
  }

  private static String key(String session) {
    return "demo:cart:" + session;
  }

  private static List<String> items(byte[] value) {
    String s = new String(value, StandardCharsets.UTF_8);
    return s.isEmpty() ? List.of() : Arrays.asList(s.split("\n", Sessions.MAX_ITEMS + 1));
  }
}
