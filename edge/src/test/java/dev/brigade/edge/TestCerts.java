package dev.brigade.edge;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test CA and leaf certificates made by the {@code openssl} binary (P-256 keys, PKCS#8 PEM);
 * skips the test when it is missing, fails under CI.
 */
final class TestCerts {
  private static final Path OPENSSL = Path.of("/usr/bin/openssl");

  final Path dir;
  final Path caPem;
  private final Path caKey;

  TestCerts(Path dir) throws Exception {
    boolean present = Files.isExecutable(OPENSSL);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("openssl missing under CI: install Debian package openssl");
    }
    assumeTrue(present, "openssl is not installed");
    this.dir = dir;
    this.caPem = dir.resolve("ca.pem");
    this.caKey = dir.resolve("ca.key");
    run(
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        caKey.toString(),
        "-out",
        caPem.toString(),
        "-subj",
        "/CN=Brigade Test CA",
        "-days",
        "2");
  }

  /** A leaf for {@code names} (the first is its CN), signed by the CA, as FILE.pem and FILE.key. */
  TlsSettings.Certificate leaf(String file, String... names) throws Exception {
    Path pem = dir.resolve(file + ".pem");
    Path key = dir.resolve(file + ".key");
    List<String> san = new ArrayList<>();
    for (String n : names) {
      san.add(n.matches("[0-9.]+") ? "IP:" + n : "DNS:" + n);
    }
    run(
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        key.toString(),
        "-out",
        pem.toString(),
        "-subj",
        "/CN=" + names[0],
        "-addext",
        "subjectAltName=" + String.join(",", san),
        "-CA",
        caPem.toString(),
        "-CAkey",
        caKey.toString(),
        "-days",
        "2");
    return new TlsSettings.Certificate(pem, key);
  }

  /** A client context trusting only the test CA. */
  SSLContext clientContext() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    try (InputStream in = Files.newInputStream(caPem)) {
      ks.setCertificateEntry(
          "ca", (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  private static void run(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(OPENSSL.toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out;
    try (InputStream in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("openssl failed: " + new String(out));
    }
  }
}
