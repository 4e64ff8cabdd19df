package dev.brigade.box.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Login rate limiting, per user name and per client address: at most {@code perUser} (or {@code
 * perAddress}) failed logins within {@code window}; past that, a login is refused until the oldest
 * failure leaves the window. A success clears the user's failures. Pure policy on an injected
 * clock; it remembers at most {@code maxKeys} names and addresses (the oldest are forgotten).
 */
public final class LoginThrottle {
  private final InstantSource clock;
  private final int perUser;
  private final int perAddress;
  private final Duration window;
  private final int maxKeys;
  private final Map<String, Deque<Instant>> failures;

  public LoginThrottle(
      InstantSource clock, int perUser, int perAddress, Duration window, int maxKeys) {
    this.clock = clock;
    this.perUser = perUser;
    this.perAddress = perAddress;
    this.window = window;
    this.maxKeys = maxKeys;
    this.failures =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> e) {
            return size() > LoginThrottle.this.maxKeys;
          }
        };
  }

  /** Five failures per user and twenty per address in 15 minutes. */
  public static LoginThrottle standard(InstantSource clock) {
    return new LoginThrottle(clock, 5, 20, Duration.ofMinutes(15), 10_000);
  }

  /** How long the client must wait before trying again, or empty when it may try now. */
  public synchronized Optional<Duration> retryAfter(String user, String address) {
    Instant now = clock.instant();
    Duration u = wait("u:" + user, perUser, now);
    Duration a = wait("a:" + address, perAddress, now);
    Duration w = u.compareTo(a) >= 0 ? u : a;
    return w.isZero() ? Optional.empty() : Optional.of(w);
  }

  /** Records a failed login. */
  public synchronized void failed(String user, String address) {
    Instant now = clock.instant();
    failures.computeIfAbsent("u:" + user, k -> new ArrayDeque<>()).addLast(now);
    failures.computeIfAbsent("a:" + address, k -> new ArrayDeque<>()).addLast(now);
  }

  /** Records a successful login: the user's failures are forgotten (the address's are not). */
  public synchronized void succeeded(String user) {
    failures.remove("u:" + user);
  }

  private Duration wait(String key, int limit, Instant now) {
    Deque<Instant> d = failures.get(key);
    if (d == null) {
      return Duration.ZERO;
    }
    while (!d.isEmpty() && !d.peekFirst().plus(window).isAfter(now)) {
      d.removeFirst();
    }
    if (d.isEmpty()) {
      failures.remove(key);
      return Duration.ZERO;
    }
    if (d.size() < limit) {
      return Duration.ZERO;
    }
    // the failure that must leave the window before one more is allowed
    Instant oldest = d.stream().skip(d.size() - limit).findFirst().orElseThrow();
    return Duration.between(now, oldest.plus(window));
  }
}
