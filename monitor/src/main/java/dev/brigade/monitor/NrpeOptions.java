package dev.brigade.monitor;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * How {@link NrpeClient} talks to an NRPE agent.
 *
 * @param tls true to speak TLS, as NRPE does unless its daemon runs with {@code -n}
 * @param version 0 to try protocol v4 and fall back to v2 like check_nrpe, or 2 or 4 to force one
 * @param pinSha256 the SHA-256 fingerprint (hex, colons allowed) the agent's certificate must have;
 *     empty to accept any certificate, as check_nrpe does
 * @param anonymousDh true to also offer anonymous DH cipher suites, which an NRPE agent without a
 *     certificate requires; the JVM must allow them ({@code anon} removed from the security
 *     property {@code jdk.tls.disabledAlgorithms}), and they give no protection from a
 *     man-in-the-middle
 */
public record NrpeOptions(
    boolean tls, int version, Optional<String> pinSha256, boolean anonymousDh) {
  /** TLS, v4 with fallback to v2, any certificate, no anonymous suites. */
  public static final NrpeOptions DEFAULT = new NrpeOptions(true, 0, Optional.empty(), false);

  public NrpeOptions {
    if (version != 0 && version != 2 && version != 4) {
      throw new IllegalArgumentException(
          "NRPE protocol version " + version + " is not 0 (auto), 2 or 4");
    }
    pinSha256 = pinSha256 == null ? Optional.empty() : pinSha256.map(NrpeOptions::normalize);
  }

  /** These options without TLS (for an agent started with {@code nrpe -n}). */
  public NrpeOptions plain() {
    return new NrpeOptions(false, version, pinSha256, anonymousDh);
  }

  /** These options forcing protocol {@code v} (2 or 4), or 0 for v4 with fallback. */
  public NrpeOptions withVersion(int v) {
    return new NrpeOptions(tls, v, pinSha256, anonymousDh);
  }

  /** These options accepting only the certificate with this SHA-256 fingerprint. */
  public NrpeOptions pinned(String sha256) {
    return new NrpeOptions(tls, version, Optional.of(sha256), anonymousDh);
  }

  /** These options also offering anonymous DH suites (see the record's description). */
  public NrpeOptions withAnonymousDh() {
    return new NrpeOptions(tls, version, pinSha256, true);
  }

  private static String normalize(String pin) {
    String hex = pin.replace(":", "").strip().toLowerCase(Locale.ROOT);
    if (hex.length() != 64) {
      throw new IllegalArgumentException(
          "SHA-256 pin must be 64 hex digits (colons allowed), got "
              + hex.length()
              + " characters");
    }
    HexFormat.of().parseHex(hex);
    return hex;
  }
}
