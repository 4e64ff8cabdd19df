package dev.brigade.edge;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The admin API's {@code GET /pools} answer as records: the edge writes it and every client (the
 * box, scripts in Java) reads it with the same types, so the two cannot drift (STYLE.md 12).
 *
 * <pre>{@code
 * AdminJson.Pools p = AdminJson.read(httpBody);
 * p.pools().getFirst().backends().forEach(b -> System.out.println(b.id() + " " + b.state()));
 * }</pre>
 */
public final class AdminJson {
  /** Largest answer {@link #read} takes, in bytes. */
  public static final int MAX_BYTES = 8 << 20;

  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  static {
    JSON.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(64 * 1024).build());
  }

  private AdminJson() {}

  /**
   * The whole answer.
   *
   * @param pools every pool of the edge, in configuration order
   * @param cache the cache's counters, or null (and left out of the JSON) for an edge without a
   *     cache
   */
  public record Pools(List<Pool> pools, @JsonInclude(JsonInclude.Include.NON_NULL) Cache cache) {
    public Pools {
      pools = pools == null ? List.of() : List.copyOf(pools);
    }

    /** The cache's counters, when the edge has a cache. */
    public Optional<Cache> cacheCounters() {
      return Optional.ofNullable(cache);
    }

    /** The pool of that name. */
    public Optional<Pool> pool(String name) {
      return pools.stream().filter(p -> p.name().equals(name)).findFirst();
    }
  }

  /**
   * One pool.
   *
   * @param name its name
   * @param algorithm how it balances: {@code round-robin}, {@code least-conn}, ...
   * @param requests requests it has sent to its backends
   * @param p50Millis the median time from request to end of response
   * @param p99Millis the 99th percentile of that time
   * @param backends its backends
   */
  public record Pool(
      String name,
      String algorithm,
      long requests,
      double p50Millis,
      double p99Millis,
      List<Backend> backends) {
    public Pool {
      backends = backends == null ? List.of() : List.copyOf(backends);
    }
  }

  /**
   * One backend of a pool.
   *
   * @param id {@code HOST/SERVICE}
   * @param address {@code ADDRESS:PORT}
   * @param state {@code up}, {@code down}, {@code drain} or {@code maint}
   * @param weight its balancing weight
   * @param backup whether it takes traffic only when no primary can
   * @param active requests in progress
   * @param requests requests sent to it
   * @param connectErrors failed connections to it
   * @param timeouts first-byte and between-bytes timeouts
   * @param health the health probes' summary, e.g. {@code 5/5 recent probes ok}
   * @param transitions its recent state changes, oldest first
   */
  public record Backend(
      String id,
      String address,
      String state,
      int weight,
      boolean backup,
      int active,
      long requests,
      long connectErrors,
      long timeouts,
      String health,
      List<String> transitions) {
    public Backend {
      transitions = transitions == null ? List.of() : List.copyOf(transitions);
    }
  }

  /**
   * The cache's counters since the edge started.
   *
   * @param hits lookups answered from the cache
   * @param misses lookups fetched from a backend and maybe stored
   * @param stale stale objects served (grace, or a backend down)
   * @param passes requests that bypassed the cache
   * @param green requests of the seed's green class (static, cached long)
   * @param yellow requests of the yellow class (generated but cacheable)
   * @param red requests of the red class (per user, never cached)
   */
  public record Cache(
      long hits, long misses, long stale, long passes, long green, long yellow, long red) {
    /** Hits and stale hits over all lookups, or empty before the first. */
    public Optional<Double> hitRatio() {
      long all = hits + misses + stale + passes;
      return all == 0 ? Optional.empty() : Optional.of((hits + stale) / (double) all);
    }
  }

  /** The answer as JSON. */
  public static String write(Pools pools) {
    try {
      return JSON.writeValueAsString(pools);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the pools' JSON", e);
    }
  }

  /**
   * Reads an answer.
   *
   * @throws IOException when it is not the pools' JSON or longer than {@link #MAX_BYTES}
   */
  public static Pools read(byte[] json) throws IOException {
    if (json.length > MAX_BYTES) {
      throw new IOException("the pools' answer is over " + MAX_BYTES + " bytes");
    }
    Pools p = JSON.readValue(json, Pools.class);
    if (p == null) {
      throw new IOException("the pools' answer is empty");
    }
    return p;
  }
}
