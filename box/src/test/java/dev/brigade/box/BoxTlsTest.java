package dev.brigade.box;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** box.tls: HTTPS with a PEM certificate and key (made by openssl), and Secure cookies. */
class BoxTlsTest {
  @TempDir Path dir;

  @Test
  void withTls_theBoxServesHttps_andItsCookiesAreSecure() throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/openssl")), "skipped: install Debian package openssl");
    Process p =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                dir.resolve("box.key").toString(),
                "-out",
                dir.resolve("box.crt").toString(),
                "-days",
                "2",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1")
            .redirectErrorStream(true)
            .start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor()).isZero();
    try (TestBox box = TestBox.start(dir, "", "tls: { certificate: box.crt, key: box.key }")) {
      assertThat(box.url).startsWith("https://127.0.0.1:");
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      try (InputStream in = Files.newInputStream(dir.resolve("box.crt"))) {
        trust.setCertificateEntry(
            "box", CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      HttpClient c = HttpClient.newBuilder().sslContext(ctx).build();
      HttpResponse<String> login =
          c.send(
              HttpRequest.newBuilder(URI.create(box.url + "login")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(login.statusCode()).isEqualTo(200);
      assertThat(login.headers().firstValue("Set-Cookie").orElseThrow())
          .contains("; Secure", "HttpOnly");
      assertThat(login.headers().firstValue("Content-Security-Policy")).isPresent();
    }
  }
}
