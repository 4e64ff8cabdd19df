package dev.brigade.box.auth;

import dev.brigade.box.BoxSettings;
import dev.brigade.box.store.BoxStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signing in: users' passwords (Argon2id), sessions (a random 256-bit id in the cookie, only its
 * SHA-256 in the store; idle and absolute lifetimes), the session's CSRF token (an HMAC of the
 * session id, so it is tied to it and needs no storage), and bearer tokens for scripts.
 */
public final class Sessions {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long TOUCH_EVERY_MILLIS = 30_000;
  private final BoxStore store;
  private final Map<String, BoxSettings.User> users;
  private final InstantSource clock;
  private final Duration idle;
  private final Duration absolute;

  public Sessions(
      BoxStore store,
      List<BoxSettings.User> users,
      InstantSource clock,
      Duration idle,
      Duration absolute) {
    this.store = store;
    this.users =
        users.stream().collect(Collectors.toMap(BoxSettings.User::name, Function.identity()));
    this.clock = clock;
    this.idle = idle;
    this.absolute = absolute;
  }

  /** The session cookie's value for a good user name and password, or empty. */
  public Optional<String> login(String user, char[] password, String address) throws SQLException {
    BoxSettings.User u = users.get(user);
    boolean ok = PasswordHash.verify(password, u == null ? null : u.passwordHash());
    if (!ok || u == null) {
      return Optional.empty();
    }
    byte[] id = new byte[32];
    RANDOM.nextBytes(id);
    String cookie = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    long now = clock.millis();
    store.addSession(new BoxStore.Session(sha256(cookie), u.name(), u.role(), now, now, address));
    return Optional.of(cookie);
  }

  /** Who holds the session cookie {@code cookie}, when it is live; extends its idle time. */
  public Optional<Principal> session(String cookie) throws SQLException {
    if (cookie == null || cookie.length() != 43) {
      return Optional.empty();
    }
    String hash = sha256(cookie);
    Optional<BoxStore.Session> s = store.session(hash);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    long now = clock.millis();
    BoxStore.Session x = s.get();
    if (now - x.lastSeen() > idle.toMillis() || now - x.created() > absolute.toMillis()) {
      store.deleteSession(hash);
      return Optional.empty();
    }
    BoxSettings.User u = users.get(x.user());
    if (u == null) {
      store.deleteSession(hash); // the user was removed from the model
      return Optional.empty();
    }
    if (now - x.lastSeen() > TOUCH_EVERY_MILLIS) {
      store.touchSession(hash, now); // not on every request: each write is an fsync
    }
    return Optional.of(new Principal(u.name(), u.role(), csrf(cookie), hash));
  }

  /** Ends a session. */
  public void logout(Principal p) throws SQLException {
    if (!p.viaToken()) {
      store.deleteSession(p.sessionHash());
    }
  }

  /** Who holds the bearer token {@code token}. */
  public Optional<Principal> token(String token) throws SQLException {
    if (token == null || token.length() < 16 || token.length() > 512) {
      return Optional.empty();
    }
    return store.token(sha256(token)).map(t -> new Principal(t.name(), t.role(), "", ""));
  }

  /** Removes expired sessions; how many. */
  public int expire() throws SQLException {
    long now = clock.millis();
    return store.expireSessions(now - idle.toMillis(), now - absolute.toMillis());
  }

  /** How long a session cookie should live in the browser. */
  public Duration absolute() {
    return absolute;
  }

  /** A random token, e.g. for the login form's CSRF cookie. */
  public static String randomToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static String csrf(String cookie) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(cookie.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal("brigade-box-csrf".getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The SHA-256 of {@code s}, hex. */
  public static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
