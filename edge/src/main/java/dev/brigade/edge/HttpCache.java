package dev.brigade.edge;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The shared HTTP cache: stored responses by URL and variant, bounded by bytes with Caffeine's
 * W-TinyLFU admission (it keeps the popular objects of a skewed workload better than LRU), plus the
 * bookkeeping for request coalescing and hit-for-miss.
 */
final class HttpCache {
  /** At most this many variants (Vary) per URL. */
  static final int MAX_VARIANTS = 8;

  /**
   * Bytes of one entry besides its key and value: Caffeine's node (about 48) and the
   * ConcurrentHashMap node under it with its table slot (about 40).
   */
  static final int ENTRY = 88;

  /** The settings in force (the snapshot's); the store's bound follows them on reload. */
  volatile CacheSettings settings;

  final LongAdder hits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder staleServed = new LongAdder();
  final LongAdder coalesced = new LongAdder();
  final LongAdder stored = new LongAdder();
  final LongAdder passes = new LongAdder();
  final LongAdder[] classes = {new LongAdder(), new LongAdder(), new LongAdder()};

  /** By key: a {@link StoredResponse} alone when it has no Vary, else its {@link Variants}. */
  private final Cache<String, Object> store;

  private final Cache<String, Boolean> hitForMiss;
  private final Map<String, Fetch> inFlight = new ConcurrentHashMap<>();

  /** The stored variants of one URL and the request headers they vary on. */
  record Variants(List<String> vary, List<StoredResponse> responses) {
    /** This record and its lists (one list object each, the names' strings). */
    int weight() {
      int w = 24 + 24 + (responses.size() > 2 ? StoredResponse.array(4 * responses.size()) : 0);
      for (String n : vary) {
        w += StoredResponse.string(n.length()) + 4;
      }
      for (StoredResponse r : responses) {
        w += r.weight();
      }
      return w;
    }
  }

  /** A fetch in progress for one URL; requests for the same URL wait on it. */
  static final class Fetch {
    private final List<Runnable> waiters = new ArrayList<>();
    private final List<java.util.function.Consumer<BusyObject>> readers = new ArrayList<>();
    private BusyObject busy;
    private boolean done;

    /**
     * Gives {@code r} the busy object once the leader has one (at once when it has); false when the
     * fetch is done already.
     */
    boolean onBusy(java.util.function.Consumer<BusyObject> r) {
      BusyObject b;
      synchronized (this) {
        if (done) {
          return false;
        }
        b = busy;
        if (b == null) {
          readers.add(r);
          return true;
        }
      }
      r.accept(b);
      return true;
    }

    /** The leader's response will be stored: waiters may read it while it arrives. */
    void publish(BusyObject b) {
      List<java.util.function.Consumer<BusyObject>> rs;
      synchronized (this) {
        busy = b;
        rs = List.copyOf(readers);
        readers.clear();
      }
      rs.forEach(r -> r.accept(b));
    }

    /** Runs {@code r} when the fetch is done; false when it is done already. */
    synchronized boolean await(Runnable r) {
      if (done) {
        return false;
      }
      waiters.add(r);
      return true;
    }

    List<Runnable> finish() {
      synchronized (this) {
        done = true;
        return List.copyOf(waiters);
      }
    }
  }

  HttpCache(CacheSettings settings) {
    this.settings = settings;
    this.store =
        Caffeine.newBuilder()
            .maximumWeight(settings.maxBytes())
            .weigher(
                (String k, Object v) ->
                    ENTRY
                        + StoredResponse.string(k.length())
                        + (v instanceof StoredResponse r ? r.weight() : ((Variants) v).weight()))
            .executor(Runnable::run)
            .build();
    this.hitForMiss =
        Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(settings.hitForMiss()).build();
  }

  /** Takes reloaded settings: the store's byte bound changes at once. */
  void reconfigure(CacheSettings s) {
    settings = s;
    store.policy().eviction().ifPresent(e -> e.setMaximum(s.maxBytes()));
  }

  static String key(HttpRequest req) {
    String host = req.headers().get(HttpHeaderNames.HOST, "");
    return host.toLowerCase(Locale.ROOT) + " " + req.uri();
  }

  /** The stored response matching the request's variant, or null. */
  StoredResponse lookup(String key, HttpHeaders request) {
    Object o = store.getIfPresent(key);
    if (o == null || o instanceof StoredResponse) {
      return (StoredResponse) o;
    }
    Variants v = (Variants) o;
    if (v.vary().contains("*")) {
      return null; // Vary: * among other names never matches (RFC 9111 section 4.1)
    }
    String variant = variant(v.vary(), request);
    for (StoredResponse r : v.responses()) {
      if (r.variant().equals(variant)) {
        return r;
      }
    }
    return null;
  }

  /** Stores a response, replacing the same variant. */
  void put(String key, List<String> varyNames, StoredResponse response) {
    if (response.body().length > settings.maxObjectBytes()) {
      return;
    }
    List<String> vary = keyVary(varyNames, response.encoding());
    store
        .asMap()
        .compute(
            key,
            (k, prev) -> {
              if (vary.isEmpty()) {
                return response; // the one response of this URL, without a Variants around it
              }
              Variants old = prev instanceof Variants vs ? vs : null;
              List<StoredResponse> list = new ArrayList<>();
              if (old != null && old.vary().equals(vary)) {
                for (StoredResponse r : old.responses()) {
                  if (!r.variant().equals(response.variant()) && list.size() < MAX_VARIANTS - 1) {
                    list.add(r);
                  }
                }
              }
              list.add(response);
              return new Variants(vary, List.copyOf(list));
            });
    stored.increment();
  }

  /** The Vary field names of a response, lower case and sorted; empty without Vary. */
  static List<String> varyNames(HttpHeaders response) {
    TreeSet<String> names = new TreeSet<>();
    for (String line : response.getAll(HttpHeaderNames.VARY)) {
      for (String n : line.split(",")) {
        if (!n.isBlank()) {
          names.add(n.strip().toLowerCase(Locale.ROOT));
        }
      }
    }
    return List.copyOf(names);
  }

  /**
   * The Vary names that select a stored variant: Accept-Encoding is left out when the edge can
   * serve the stored body to every client (identity, or gzip it decodes for those without it), so
   * one object serves them all; it stays for other encodings (e.g. br from the origin).
   */
  static List<String> keyVary(List<String> names, byte encoding) {
    if (encoding == StoredResponse.OTHER || !names.contains("accept-encoding")) {
      return names;
    }
    return names.stream().filter(n -> !n.equals("accept-encoding")).toList();
  }

  /** The request's values for {@code vary}; Accept-Encoding is reduced to br, gzip or identity. */
  static String variant(List<String> vary, HttpHeaders request) {
    if (vary.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (String name : vary) {
      String v = String.join(",", request.getAll(name));
      if (name.equals("accept-encoding")) {
        String lower = v.toLowerCase(Locale.ROOT);
        v = lower.contains("br") ? "br" : lower.contains("gzip") ? "gzip" : "identity";
      }
      b.append(name).append('=').append(v.strip()).append('\n');
    }
    return b.toString();
  }

  void invalidate(String key) {
    store.invalidate(key);
  }

  /** Removes every URL whose path (after the host) matches; returns how many. */
  int ban(Predicate<String> path) {
    int[] n = {0};
    store
        .asMap()
        .keySet()
        .removeIf(
            k -> {
              boolean hit = path.test(k.substring(k.indexOf(' ') + 1));
              if (hit) {
                n[0]++;
              }
              return hit;
            });
    return n[0];
  }

  int banPrefix(String prefix) {
    return ban(p -> p.startsWith(prefix));
  }

  int banRegex(String regex) {
    Pattern p = Pattern.compile(regex);
    return ban(path -> p.matcher(path).find());
  }

  /** Removes every response tagged {@code tag} (Surrogate-Key or Cache-Tag). */
  int banTag(String tag) {
    int[] n = {0};
    store
        .asMap()
        .values()
        .removeIf(
            v -> {
              boolean hit =
                  v instanceof StoredResponse r
                      ? r.tagged(tag)
                      : ((Variants) v).responses().stream().anyMatch(r -> r.tagged(tag));
              if (hit) {
                n[0]++;
              }
              return hit;
            });
    return n[0];
  }

  boolean isHitForMiss(String key) {
    return hitForMiss.getIfPresent(key) != null;
  }

  void markHitForMiss(String key) {
    hitForMiss.put(key, Boolean.TRUE);
  }

  /** The fetch in progress for {@code key}, or null after starting one for the caller. */
  Fetch joinOrLead(String key) {
    Fetch mine = new Fetch();
    Fetch existing = inFlight.putIfAbsent(key, mine);
    return existing;
  }

  /** The leader's fetch for {@code key} has a busy object its waiters may stream from. */
  void publish(String key, BusyObject b) {
    Fetch f = inFlight.get(key);
    if (f != null) {
      f.publish(b);
    }
  }

  /** Ends the fetch for {@code key} and returns its waiters. */
  List<Runnable> finish(String key) {
    Fetch f = inFlight.remove(key);
    return f == null ? List.of() : f.finish();
  }

  long objects() {
    return store.estimatedSize();
  }

  long bytes() {
    return store.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
  }

  /** Probabilistic early expiration (XFetch, Vattani et al. 2015) with beta = 1. */
  static boolean refreshEarly(StoredResponse r, Instant now, double random) {
    double delta = Math.max(1, r.fetchMillis()) / 1000.0;
    double expiry = r.responseTime().getEpochSecond() - r.initialAge() + r.lifetime();
    return now.getEpochSecond() - delta * Math.log(Math.max(random, 1e-12)) >= expiry;
  }
}
