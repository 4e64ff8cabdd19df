package dev.brigade.box.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Passwords as Argon2id (RFC 9106) in the PHC string format, {@code
 * $argon2id$v=19$m=19456,t=2,p=1$SALT$HASH}, compared in constant time.
 *
 * <pre>{@code
 * String stored = PasswordHash.hash("correct horse".toCharArray());
 * boolean ok = PasswordHash.verify("correct horse".toCharArray(), stored);
 * }</pre>
 */
public final class PasswordHash {
  /** OWASP's first Argon2id choice: 19 MiB, 2 passes, 1 lane. */
  static final int MEMORY_KIB = 19_456;

  static final int PASSES = 2;
  private static final int MAX_LENGTH = 512;
  private static final int MAX_MEMORY_KIB = 1 << 20;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final String DUMMY = hash("not a password".toCharArray(), 1024, 1);

  private PasswordHash() {}

  /** A fresh hash of {@code password} with a random 16-byte salt. */
  public static String hash(char[] password) {
    return hash(password, MEMORY_KIB, PASSES);
  }

  static String hash(char[] password, int memoryKib, int passes) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    byte[] out = derive(password, salt, memoryKib, passes, 1, 32);
    return "$argon2id$v=19$m="
        + memoryKib
        + ",t="
        + passes
        + ",p=1$"
        + B64.encodeToString(salt)
        + "$"
        + B64.encodeToString(out);
  }

  /**
   * Whether {@code password} matches {@code stored}; false (never an exception) for a malformed
   * hash. A {@code null} stored hash still costs one derivation, so unknown users take as long.
   */
  public static boolean verify(char[] password, String stored) {
    Parsed p = stored == null ? null : parse(stored);
    if (p == null) {
      verify(password, DUMMY);
      return false;
    }
    byte[] got = derive(password, p.salt, p.memory, p.passes, p.lanes, p.hash.length);
    return MessageDigest.isEqual(got, p.hash);
  }

  /**
   * Why {@code stored} is not an Argon2id PHC string, or empty when it is one (for validating the
   * model).
   */
  public static java.util.Optional<String> problem(String stored) {
    return parse(stored) == null
        ? java.util.Optional.of(
            "not an Argon2id hash ($argon2id$v=19$m=...,t=...,p=...$SALT$HASH); make one with"
                + " 'brigade box hash-password'")
        : java.util.Optional.empty();
  }

  private record Parsed(int memory, int passes, int lanes, byte[] salt, byte[] hash) {}

  private static Parsed parse(String s) {
    if (s.length() > MAX_LENGTH) {
      return null;
    }
    String[] f = s.split("\\$", -1);
    if (f.length != 6 || !f[0].isEmpty() || !f[1].equals("argon2id") || !f[2].equals("v=19")) {
      return null;
    }
    try {
      int m = -1;
      int t = -1;
      int p = -1;
      for (String kv : f[3].split(",")) {
        String[] x = kv.split("=", 2);
        int v = Integer.parseInt(x[1]);
        switch (x[0]) {
          case "m" -> m = v;
          case "t" -> t = v;
          case "p" -> p = v;
          default -> {
            return null;
          }
        }
      }
      Base64.Decoder d = Base64.getDecoder();
      byte[] salt = d.decode(f[4]);
      byte[] hash = d.decode(f[5]);
      if (m < 8 || m > MAX_MEMORY_KIB || t < 1 || t > 16 || p < 1 || p > 16) {
        return null;
      }
      if (salt.length < 8 || salt.length > 64 || hash.length < 16 || hash.length > 64) {
        return null;
      }
      return new Parsed(m, t, p, salt, hash);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static byte[] derive(
      char[] password, byte[] salt, int memory, int passes, int lanes, int length) {
    Argon2Parameters params =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memory)
            .withIterations(passes)
            .withParallelism(lanes)
            .withSalt(salt)
            .build();
    Argon2BytesGenerator g = new Argon2BytesGenerator();
    g.init(params);
    byte[] out = new byte[length];
    byte[] pw = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password)).array();
    g.generateBytes(pw, out);
    java.util.Arrays.fill(pw, (byte) 0);
    return out;
  }
}
