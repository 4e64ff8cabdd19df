package dev.brigade.monitor;

import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts any server certificate, or only the one with a pinned SHA-256 fingerprint. Checks that
 * look at a certificate rather than rely on it (NRPE as check_nrpe does it, certificate expiry) use
 * it; it never trusts clients.
 */
final class PinningTrustManager extends X509ExtendedTrustManager {
  private final Optional<String> pin;

  /**
   * @param pin lower-case hex SHA-256 of the leaf certificate, or empty to accept any
   */
  PinningTrustManager(Optional<String> pin) {
    this.pin = pin;
  }

  /** Lower-case hex SHA-256 of the certificate's DER encoding. */
  static String sha256(X509Certificate cert) throws CertificateEncodingException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("server sent no certificate");
    }
    if (pin.isPresent()) {
      String got = sha256(chain[0]);
      if (!got.equals(pin.get())) {
        throw new CertificateException(
            "server certificate SHA-256 " + got + " is not the pinned " + pin.get());
      }
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("client certificates are not trusted here");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
