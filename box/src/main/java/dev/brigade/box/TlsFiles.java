package dev.brigade.box;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The box's HTTPS: a PEM certificate chain and its PKCS#8 PEM key ({@code box.tls}). */
public final class TlsFiles {
  private static final long MAX_PEM = 1024 * 1024;

  private TlsFiles() {}

  /** An SSL context serving {@code certificate} with {@code key}; one-line errors. */
  public static SSLContext context(Path certificate, Path key) {
    try {
      if (Files.size(certificate) > MAX_PEM || Files.size(key) > MAX_PEM) {
        throw new IllegalArgumentException("a TLS file is larger than 1 MiB");
      }
      List<? extends Certificate> chain =
          List.copyOf(
              CertificateFactory.getInstance("X.509")
                  .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(certificate))));
      if (chain.isEmpty()) {
        throw new IllegalArgumentException(certificate + " holds no certificate");
      }
      PrivateKey pk = privateKey(Files.readString(key, StandardCharsets.US_ASCII), key);
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] none = new char[0];
      ks.setKeyEntry("box", pk, none, chain.toArray(new Certificate[0]));
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, none);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot use box.tls: " + e.getMessage(), e);
    }
  }

  private static PrivateKey privateKey(String pem, Path file) throws GeneralSecurityException {
    String begin = "-----BEGIN PRIVATE KEY-----";
    int a = pem.indexOf(begin);
    int b = pem.indexOf("-----END PRIVATE KEY-----");
    if (a < 0 || b < a) {
      throw new IllegalArgumentException(
          file
              + " is not a PKCS#8 PEM key (BEGIN PRIVATE KEY); convert it with"
              + " 'openssl pkcs8 -topk8 -nocrypt'");
    }
    byte[] der = Base64.getMimeDecoder().decode(pem.substring(a + begin.length(), b));
    for (String alg : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // the next algorithm
      }
    }
    throw new IllegalArgumentException(file + ": not an RSA, EC or Ed25519 key");
  }
}
